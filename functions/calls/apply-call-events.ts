import type { SQSRecord } from 'aws-lambda';
import { applyCallEvents } from '../../lib/calls/apply-call-events';
import { queuedCallEventSchema } from '../../lib/calls/call-event';
import { loadCallsConfig, makeCallDeps } from '../../lib/calls/deps';
import { crashIfRequested } from '../../lib/shared/fault-injection';
import { logger } from '../../lib/shared/logger';
import { sqsFifoHandler } from '../../lib/shared/sqs-fifo-batch';

const deps = makeCallDeps(loadCallsConfig());

// One message group is one call: its records arrive together and in order.
export const handleCall = async (callId: string, records: SQSRecord[]) => {
  logger.appendKeys({ callId });
  const events = records.map((record) => queuedCallEventSchema.parse(JSON.parse(record.body)));
  await applyCallEvents(deps.apply, callId, events);
  crashIfRequested(deps.faultInjection, records, events.map((event) => event.type));
};

export const handler = sqsFifoHandler(handleCall);
