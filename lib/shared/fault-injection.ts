import type { SQSRecord } from 'aws-lambda';
import { logger } from './logger';
import { AbortBatchError } from './sqs-fifo-batch';

// Test hooks for the local stage only (FAULT_INJECTION=on there, never deployed on): an event whose
// type names a fault makes the consumer fail at that point on the event's first delivery, the way a
// crash or timeout would, so tests can show that redelivery loses and duplicates nothing.

export const CRASH_AFTER_COMMIT = 'fault.crash-after-commit';
/** A call whose id starts with this gets a failure from every AI attempt. */
export const AI_ALWAYS_FAILS_PREFIX = 'fault.ai-fails';

export const aiAlwaysFails = (enabled: boolean) => (callId: string) => enabled && callId.startsWith(AI_ALWAYS_FAILS_PREFIX);

export function crashIfRequested(enabled: boolean, records: SQSRecord[], eventTypes: string[]): void {
  if (!enabled) return;
  const firstDelivery = records.some((record) => record.attributes.ApproximateReceiveCount === '1');
  if (firstDelivery && eventTypes.includes(CRASH_AFTER_COMMIT)) {
    logger.warn('Injected crash: the batch ends before it is acknowledged');
    throw new AbortBatchError('Injected crash after the commit, before the batch was acknowledged');
  }
}
