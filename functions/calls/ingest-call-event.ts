import { callEventBodySchema, MAX_EVENT_BYTES } from '../../lib/calls/call-event';
import { loadCallsConfig, makeCallDeps } from '../../lib/calls/deps';
import { ingestCallEvents } from '../../lib/calls/ingest-call-events';
import { httpHandler, json, jsonBody, parseWith, pathId } from '../../lib/shared/http';
import { logger } from '../../lib/shared/logger';

const deps = makeCallDeps(loadCallsConfig());

// POST /calls/{callId}/events
export const handler = httpHandler(async (event) => {
  const callId = pathId(event, 'callId');
  logger.appendKeys({ callId });
  const body = parseWith(callEventBodySchema, jsonBody(event, MAX_EVENT_BYTES));
  await ingestCallEvents(deps.ingest, [{ callId, ...body }]);
  return json(202, { callId, sequence: body.sequence });
});
