import { loadCallsConfig, makeCallDeps } from '../../lib/calls/deps';
import { getCall } from '../../lib/calls/read-call';
import { httpHandler, json, pathId } from '../../lib/shared/http';

const deps = makeCallDeps(loadCallsConfig());

// GET /calls/{callId}
export const handler = httpHandler(async (event) => json(200, await getCall(deps.store, pathId(event, 'callId'))));
