import { loadCallsConfig, makeCallDeps } from '../../lib/calls/deps';
import { listCallEvents } from '../../lib/calls/read-call';
import { httpHandler, json, pathId } from '../../lib/shared/http';

const deps = makeCallDeps(loadCallsConfig());

// GET /calls/{callId}/events
export const handler = httpHandler(async (event) => json(200, await listCallEvents(deps.store, pathId(event, 'callId'))));
