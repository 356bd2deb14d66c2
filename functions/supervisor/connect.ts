import { registerConnection } from '../../lib/supervisor/connections';
import { loadConnectionsConfig, makeConnectionDeps } from '../../lib/supervisor/deps';
import { websocketHandler } from '../../lib/supervisor/websocket-handler';

const deps = makeConnectionDeps(loadConnectionsConfig());

// Websocket $connect: from now on the connection receives every call status change.
export const handler = websocketHandler(async (connectionId) => {
  await registerConnection(deps, connectionId);
  return { statusCode: 200 };
});
