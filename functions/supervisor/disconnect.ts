import { unregisterConnection } from '../../lib/supervisor/connections';
import { loadConnectionsConfig, makeConnectionDeps } from '../../lib/supervisor/deps';
import { websocketHandler } from '../../lib/supervisor/websocket-handler';

const deps = makeConnectionDeps(loadConnectionsConfig());

// Websocket $disconnect (best effort in AWS: a missed one is caught by the 410 on the next push, or TTL).
export const handler = websocketHandler(async (connectionId) => {
  await unregisterConnection(deps, connectionId);
  return { statusCode: 200 };
});
