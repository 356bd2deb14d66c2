import middy from '@middy/core';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { ChangeMessageVisibilityCommand, GetQueueUrlCommand } from '@aws-sdk/client-sqs';
import type { SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { z } from 'zod';
import { callIdSchema } from '../../lib/calls/call-event';
import { loadCallsConfig, makeCallDeps } from '../../lib/calls/deps';
import { runAiJob } from '../../lib/calls/run-ai-job';
import { logger } from '../../lib/shared/logger';

const deps = makeCallDeps(loadCallsConfig());
const callCompletedSchema = z.object({ 'detail-type': z.literal('CallCompleted'), detail: z.object({ callId: callIdSchema }) });

// CallCompleted events from the bus, through the AI-jobs queue. Each record is one attempt at most;
// a record to retry is hidden for its backoff delay (SQS counts it in whole seconds) and reported as a
// failure, so SQS delivers it again then. Records are independent: they run side by side.
export const handler = middy<SQSEvent, SQSBatchResponse>()
  .use(injectLambdaContext(logger, { resetKeys: true }))
  .handler(async (event) => {
    const outcomes = await Promise.all(event.Records.map(handleRecord));
    return { batchItemFailures: outcomes.filter((failed) => failed !== undefined).map((itemIdentifier) => ({ itemIdentifier })) };
  });

/** Answers the record's messageId when it must come back. */
async function handleRecord(record: SQSRecord): Promise<string | undefined> {
  let callId: string | undefined;
  try {
    callId = callCompletedSchema.parse(JSON.parse(record.body)).detail.callId;
    const outcome = await runAiJob(deps.aiJobs, callId, record.messageId);
    if (outcome.status !== 'retry') return undefined;
    await deps.sqs.send(
      new ChangeMessageVisibilityCommand({
        QueueUrl: await queueUrl(record.eventSourceARN),
        ReceiptHandle: record.receiptHandle,
        VisibilityTimeout: Math.ceil(outcome.afterMs / 1000),
      }),
    );
  } catch (error) {
    logger.error('AI job step failed; the message comes back after its visibility timeout', { callId, error: error as Error });
  }
  return record.messageId;
}

const queueUrls = new Map<string, Promise<string>>();

function queueUrl(arn: string): Promise<string> {
  const [, , , , account, name] = arn.split(':');
  let url = queueUrls.get(arn);
  if (!url) {
    url = deps.sqs.send(new GetQueueUrlCommand({ QueueName: name, QueueOwnerAWSAccountId: account })).then((out) => out.QueueUrl!);
    url.catch(() => queueUrls.delete(arn));
    queueUrls.set(arn, url);
  }
  return url;
}
