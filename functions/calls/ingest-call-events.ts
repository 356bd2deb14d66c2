import { MAX_BATCH_BYTES, parseEventBatch } from '../../lib/calls/call-event';
import { loadCallsConfig, makeCallDeps } from '../../lib/calls/deps';
import { ingestCallEvents } from '../../lib/calls/ingest-call-events';
import { ValidationError } from '../../lib/shared/errors';
import { httpHandler, json, jsonBody } from '../../lib/shared/http';

const deps = makeCallDeps(loadCallsConfig());

// POST /events: all or nothing.
export const handler = httpHandler(async (event) => {
  const { events, problems } = parseEventBatch(jsonBody(event, MAX_BATCH_BYTES));
  if (problems.length > 0) throw new ValidationError('Some events are invalid; none was accepted.', problems);
  await ingestCallEvents(deps.ingest, events);
  return json(202, { accepted: events.length });
});
