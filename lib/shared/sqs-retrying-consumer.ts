import middy from '@middy/core';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { ChangeMessageVisibilityCommand, GetQueueUrlCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { logger } from './logger';

/** What a record's step answers: done, or come back after a delay (a retry with backoff). */
export type StepOutcome = { status: 'done' } | { status: 'retry'; afterMs: number };

/**
 * The middy stack of standard-queue consumers whose records are independent jobs, handled side by side.
 * A step that asks for a retry has its message hidden for the delay (ChangeMessageVisibility, whole
 * seconds) and reported as a batch item failure: SQS delivers it again then, and nothing sleeps in the
 * function. A step that throws is logged and its message comes back after the queue's visibility
 * timeout (and, at last, goes to its DLQ).
 */
export function retryingSqsConsumer(
  sqs: SQSClient,
  step: (record: SQSRecord) => Promise<StepOutcome>,
  /** Keys that name the record's job in the log of a failure (records run side by side: no appendKeys). */
  logKeysOf: (record: SQSRecord) => Record<string, unknown> = () => ({}),
) {
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

  /** Answers the record's messageId when it must come back. */
  const handleRecord = async (record: SQSRecord): Promise<string | undefined> => {
    try {
      const outcome = await step(record);
      if (outcome.status === 'done') return undefined;
      await sqs.send(
        new ChangeMessageVisibilityCommand({
          QueueUrl: await queueUrl(record.eventSourceARN),
          ReceiptHandle: record.receiptHandle,
          VisibilityTimeout: Math.ceil(outcome.afterMs / 1000),
        }),
      );
    } catch (error) {
      logger.error('Step failed; the message comes back after its visibility timeout', { messageId: record.messageId, ...safely(logKeysOf, record), error: error as Error });
    }
    return record.messageId;
  };

  const safely = (keysOf: typeof logKeysOf, record: SQSRecord) => {
    try {
      return keysOf(record);
    } catch {
      return {};
    }
  };

  return middy<SQSEvent, SQSBatchResponse>()
    .use(injectLambdaContext(logger, { resetKeys: true }))
    .handler(async (event) => {
      const failed = await Promise.all(event.Records.map(handleRecord));
      return { batchItemFailures: failed.filter((id) => id !== undefined).map((itemIdentifier) => ({ itemIdentifier })) };
    });
}
