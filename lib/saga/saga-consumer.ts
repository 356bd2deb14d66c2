import type { SQSClient } from '@aws-sdk/client-sqs';
import type { SQSRecord } from 'aws-lambda';
import { logger } from '../shared/logger';
import { retryingSqsConsumer, type StepOutcome } from '../shared/sqs-retrying-consumer';
import { InvalidSagaEventError, parseSagaEvent, type SagaEvent } from './events';

export type { StepOutcome } from '../shared/sqs-retrying-consumer';

export type SagaStep = (event: SagaEvent, record: SQSRecord) => Promise<StepOutcome>;

/**
 * Every saga consumer: each record one saga event, retried with backoff as retryingSqsConsumer does. An
 * invalid event is logged whole and dropped: no retry can mend it.
 */
export function sagaConsumer(sqs: SQSClient, step: SagaStep) {
  return retryingSqsConsumer(sqs, async (record) => {
    let event: SagaEvent;
    try {
      event = parseSagaEvent(record.body);
    } catch (error) {
      if (!(error instanceof InvalidSagaEventError)) throw error;
      logger.error('Invalid saga event dropped', { messageId: record.messageId, reason: error.message, body: record.body });
      return { status: 'done' };
    }
    return step(event, record);
  }, logKeysOf);
}

function logKeysOf(record: SQSRecord): Record<string, unknown> {
  const event = parseSagaEvent(record.body);
  return { orderId: event.correlationId, eventType: event.type, eventId: event.eventId };
}
