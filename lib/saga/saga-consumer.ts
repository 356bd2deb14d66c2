import middy from '@middy/core';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { ChangeMessageVisibilityCommand, GetQueueUrlCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { logger } from '../shared/logger';
import { InvalidSagaEventError, parseSagaEvent, type SagaEvent } from './events';

/** What a consumer step answers: done, or come back after a delay (a retry with backoff). */
export type StepOutcome = { status: 'done' } | { status: 'retry'; afterMs: number };

export type SagaStep = (event: SagaEvent, record: SQSRecord) => Promise<StepOutcome>;

/**
 * The middy stack of every saga consumer: records of a standard queue, each one saga event, handled side
 * by side and independently. A step that asks for a retry has its message hidden for the delay
 * (ChangeMessageVisibility, whole seconds) and reported as a batch item failure: SQS delivers it again
 * then, and nothing sleeps in the function. A step that throws leaves its message for the queue's
 * visibility timeout (and, at last, its DLQ). An invalid event is logged whole and dropped: no retry can
 * mend it.
 */
export function sagaConsumer(sqs: SQSClient, step: SagaStep) {
  const queueUrls = new Map<string, Promise<string>>();
  const queueUrl = (arn: string) => {
    const [, , , , account, name] = arn.split(':');
    let url = queueUrls.get(arn);
    if (!url) {
      url = sqs.send(new GetQueueUrlCommand({ QueueName: name, QueueOwnerAWSAccountId: account })).then((out) => out.QueueUrl!);
      url.catch(() => queueUrls.delete(arn));
      queueUrls.set(arn, url);
    }
    return url;
  };

  const handleRecord = async (record: SQSRecord): Promise<string | undefined> => {
    let event: SagaEvent;
    try {
      event = parseSagaEvent(record.body);
    } catch (error) {
      if (!(error instanceof InvalidSagaEventError)) throw error;
      logger.error('Invalid saga event dropped', { messageId: record.messageId, reason: error.message, body: record.body });
      return undefined;
    }
    const keys = { orderId: event.correlationId, eventType: event.type, eventId: event.eventId };
    try {
      const outcome = await step(event, record);
      if (outcome.status === 'done') return undefined;
      await sqs.send(
        new ChangeMessageVisibilityCommand({
          QueueUrl: await queueUrl(record.eventSourceARN),
          ReceiptHandle: record.receiptHandle,
          VisibilityTimeout: Math.ceil(outcome.afterMs / 1000),
        }),
      );
    } catch (error) {
      logger.error('Saga step failed; the event comes back after its visibility timeout', { ...keys, error: error as Error });
    }
    return record.messageId;
  };

  return middy<SQSEvent, SQSBatchResponse>()
    .use(injectLambdaContext(logger, { resetKeys: true }))
    .handler(async (event) => {
      const failed = await Promise.all(event.Records.map(handleRecord));
      return { batchItemFailures: failed.filter((id) => id !== undefined).map((itemIdentifier) => ({ itemIdentifier })) };
    });
}
