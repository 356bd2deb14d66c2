import { completeCallBodySchema } from '../../lib/calls/call-event';
import { requestCompletion } from '../../lib/calls/complete-call';
import { loadCallsConfig, makeCallDeps } from '../../lib/calls/deps';
import { httpHandler, json, jsonBody, parseWith, pathId } from '../../lib/shared/http';
import { logger } from '../../lib/shared/logger';

const deps = makeCallDeps(loadCallsConfig());
const MAX_BODY_BYTES = 1024;

// POST /calls/{callId}/complete
export const handler = httpHandler(async (event) => {
  const callId = pathId(event, 'callId');
  logger.appendKeys({ callId });
  const { lastSequence } = parseWith(completeCallBodySchema, jsonBody(event, MAX_BODY_BYTES));
  await requestCompletion(deps.ingest, callId, lastSequence);
  return json(202, { callId, lastSequence });
});
