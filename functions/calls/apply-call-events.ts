import type { SQSRecord } from 'aws-lambda';
import { parseQueuedMessage } from '../../lib/calls/call-event';
import { loadCallsConfig, makeCallDeps } from '../../lib/calls/deps';
import { handleCallMessages } from '../../lib/calls/handle-call-messages';
import { crashIfRequested } from '../../lib/shared/fault-injection';
import { logger } from '../../lib/shared/logger';
import { sqsFifoHandler } from '../../lib/shared/sqs-fifo-batch';

const deps = makeCallDeps(loadCallsConfig());

// One message group is one call: its records (events, completion messages) arrive together and in order.
export const handleCall = async (callId: string, records: SQSRecord[]) => {
  logger.appendKeys({ callId });
  const messages = records.map((record) => parseQueuedMessage(record.body));
  await handleCallMessages(deps.messages, callId, messages);
  crashIfRequested(deps.faultInjection, records, messages.map((message) => (message.kind === 'event' ? message.event.type : message.kind)));
};

export const handler = sqsFifoHandler(handleCall);
