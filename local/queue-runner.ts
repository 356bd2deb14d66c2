import { InvokeCommand, LambdaClient, ListEventSourceMappingsCommand, type EventSourceMappingConfiguration } from '@aws-sdk/client-lambda';
import {
  ChangeMessageVisibilityBatchCommand,
  DeleteMessageBatchCommand,
  GetQueueUrlCommand,
  type Message,
  ReceiveMessageCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import type { SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { countRequests } from '../lib/shared/aws-clients';
import { sleep } from '../lib/shared/clock';

// Local stand-in for Lambda's SQS event source mappings. moto cannot run functions, so the stack is
// deployed with its mappings disabled and this runner plays their part, reading each mapping from the
// deployed stack (the same CloudFormation that goes to AWS) and behaving as Lambda does:
// - MaximumConcurrency pollers per mapping, each with one batch of at most BatchSize in flight;
// - the function is invoked through serverless-offline's Lambda endpoint;
// - with ReportBatchItemFailures only the reported records stay on the queue, and a function error
//   (a crash) leaves the whole batch there; everything else is deleted;
// - the queue's own visibility timeout and redrive policy apply (moto moves a message to the DLQ
//   once its receive count reaches maxReceiveCount).
// Two differences:
// - on FIFO queues, failed records are made visible again at once, all together, instead of after the
//   visibility timeout, because moto redelivers a group's messages out of order when several time out
//   together (TOOLCHAIN.md). The retry therefore comes sooner than in AWS; the order stays right. On
//   standard queues failed records wait for their visibility timeout, as in AWS (the AI worker's
//   backoff sets it).
// - pollers short-poll, pausing 20 ms doubling to maxIdleWaitMs while the queue is empty, because the
//   local moto serves one request at a time and a long poll would stall every other client; and while
//   a queue is empty only one of its pollers polls.

export interface QueueRunnerOptions {
  awsEndpoint: string;
  lambdaEndpoint: string;
  region: string;
  log: (message: string) => void;
  requestMetricsFile?: string;
  /** Longest pause between two polls of an empty queue. */
  maxIdleWaitMs?: number;
}

export interface QueueRunner {
  mappings: Array<{ functionName: string; queueName: string; batchSize: number; maximumConcurrency: number }>;
  /** Stops polling, lets every batch in flight finish and be acknowledged. */
  stop(): Promise<void>;
}

const DEFAULT_MAXIMUM_CONCURRENCY = 5;
const MIN_IDLE_WAIT_MS = 20;
const DEFAULT_MAX_IDLE_WAIT_MS = 1000;
/** An idle slot also looks for itself this often, in case the scout's find came and went unseen. */
const IDLE_SLOT_RECHECK_MS = 5000;

/** Wakes every waiter at once; a waiter also wakes after its timeout. */
class Signal {
  private waiters: Array<() => void> = [];

  raise(): void {
    const waiters = this.waiters;
    this.waiters = [];
    waiters.forEach((wake) => wake());
  }

  wait(timeoutMs: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((wake) => wake !== done);
        resolve();
      }, timeoutMs);
      const done = () => {
        clearTimeout(timer);
        resolve();
      };
      this.waiters.push(done);
    });
  }
}

export async function startQueueRunner(options: QueueRunnerOptions): Promise<QueueRunner> {
  const credentials = { accessKeyId: process.env.AWS_ACCESS_KEY_ID ?? 'test', secretAccessKey: process.env.AWS_SECRET_ACCESS_KEY ?? 'test' };
  const metrics = { requestMetricsFile: options.requestMetricsFile };
  const sqs = new SQSClient({ endpoint: options.awsEndpoint, region: options.region, credentials });
  const lambdaControl = new LambdaClient({ endpoint: options.awsEndpoint, region: options.region, credentials });
  const lambdaInvoke = new LambdaClient({ endpoint: options.lambdaEndpoint, region: options.region, credentials, maxAttempts: 1 });
  countRequests(sqs as never, 'SQS', metrics);
  countRequests(lambdaInvoke as never, 'Lambda', metrics);

  const maxIdleWaitMs = options.maxIdleWaitMs ?? DEFAULT_MAX_IDLE_WAIT_MS;
  const configurations = await listSqsMappings(lambdaControl);
  let stopping = false;
  const pollers: Promise<void>[] = [];
  const stopSignals: Array<() => void> = [];
  const mappings: QueueRunner['mappings'] = [];

  for (const mapping of configurations) {
    const queueArn = mapping.EventSourceArn!;
    const queueName = queueArn.split(':').at(-1)!;
    const { QueueUrl } = await sqs.send(new GetQueueUrlCommand({ QueueName: queueName }));
    const functionName = mapping.FunctionArn!.split(':').at(-1)!;
    const batchSize = mapping.BatchSize ?? 10;
    const maximumConcurrency = mapping.ScalingConfig?.MaximumConcurrency ?? DEFAULT_MAXIMUM_CONCURRENCY;
    const fifo = queueName.endsWith('.fifo');
    const reportsItemFailures = mapping.FunctionResponseTypes?.includes('ReportBatchItemFailures') ?? false;
    mappings.push({ functionName, queueName, batchSize, maximumConcurrency });

    /** Answers how many messages it handled. */
    const pollOnce = async (): Promise<number> => {
      const { Messages = [] } = await sqs.send(
        new ReceiveMessageCommand({
          QueueUrl,
          MaxNumberOfMessages: batchSize,
          WaitTimeSeconds: 0,
          MessageSystemAttributeNames: ['All'],
        }),
      );
      if (Messages.length === 0) return 0;
      const event: SQSEvent = { Records: Messages.map((message) => toLambdaRecord(message, queueArn, options.region)) };
      const failedIds = await invoke(lambdaInvoke, functionName, event, reportsItemFailures, options.log);
      const done = Messages.filter((message) => !failedIds.has(message.MessageId!));
      const failed = Messages.filter((message) => failedIds.has(message.MessageId!));
      if (done.length > 0) {
        await sqs.send(new DeleteMessageBatchCommand({ QueueUrl, Entries: done.map((m, i) => ({ Id: String(i), ReceiptHandle: m.ReceiptHandle! })) }));
      }
      if (failed.length > 0 && fifo) {
        await sqs.send(
          new ChangeMessageVisibilityBatchCommand({
            QueueUrl,
            Entries: failed.map((m, i) => ({ Id: String(i), ReceiptHandle: m.ReceiptHandle!, VisibilityTimeout: 0 })),
          }),
        );
      }
      return Messages.length;
    };

    // While the queue is empty only slot 0 polls (a scout); the other slots wait until it finds work,
    // so idle queues cost one receive per pause, not one per slot.
    const work = new Signal();
    for (let slot = 0; slot < maximumConcurrency; slot++) {
      pollers.push(
        (async () => {
          let idleWaitMs = 0;
          while (!stopping) {
            try {
              const handled = await pollOnce();
              if (handled > 0) work.raise();
              idleWaitMs = handled > 0 ? 0 : Math.min(Math.max(idleWaitMs * 2, MIN_IDLE_WAIT_MS), maxIdleWaitMs);
            } catch (error) {
              if (stopping) break;
              options.log(`queue runner: ${functionName} poll failed: ${(error as Error).message}`);
              idleWaitMs = maxIdleWaitMs;
            }
            if (idleWaitMs === 0 || stopping) continue;
            if (slot === 0) await sleep(idleWaitMs);
            else await work.wait(IDLE_SLOT_RECHECK_MS);
          }
        })(),
      );
    }
    stopSignals.push(() => work.raise());
  }

  return {
    mappings,
    async stop() {
      stopping = true;
      stopSignals.forEach((raise) => raise());
      await Promise.all(pollers);
    },
  };
}

async function listSqsMappings(lambda: LambdaClient): Promise<EventSourceMappingConfiguration[]> {
  const mappings: EventSourceMappingConfiguration[] = [];
  let marker: string | undefined;
  do {
    const page = await lambda.send(new ListEventSourceMappingsCommand({ Marker: marker }));
    mappings.push(...(page.EventSourceMappings ?? []));
    marker = page.NextMarker;
  } while (marker);
  return mappings.filter((mapping) => mapping.EventSourceArn?.startsWith('arn:aws:sqs:'));
}

/** Invokes the function with the batch; answers the ids of the records that must stay on the queue. */
async function invoke(
  lambda: LambdaClient,
  functionName: string,
  event: SQSEvent,
  reportsItemFailures: boolean,
  log: (message: string) => void,
): Promise<Set<string>> {
  const everything = new Set(event.Records.map((record) => record.messageId));
  try {
    const output = await lambda.send(new InvokeCommand({ FunctionName: functionName, Payload: Buffer.from(JSON.stringify(event)) }));
    const payload = output.Payload ? Buffer.from(output.Payload).toString('utf8') : '';
    if (output.FunctionError) {
      log(`queue runner: ${functionName} failed, its batch of ${everything.size} returns to the queue: ${payload.slice(0, 300)}`);
      return everything;
    }
    if (!reportsItemFailures || !payload) return new Set();
    const response = JSON.parse(payload) as Partial<SQSBatchResponse> | null;
    const ids = (response?.batchItemFailures ?? []).map((failure) => failure.itemIdentifier);
    // As in AWS: an identifier that is not in the batch fails the whole batch.
    if (ids.some((id) => !everything.has(id))) return everything;
    return new Set(ids);
  } catch (error) {
    log(`queue runner: invoking ${functionName} failed, its batch returns to the queue: ${(error as Error).message}`);
    return everything;
  }
}

function toLambdaRecord(message: Message, queueArn: string, region: string): SQSRecord {
  const attributes = message.Attributes ?? {};
  return {
    messageId: message.MessageId!,
    receiptHandle: message.ReceiptHandle!,
    body: message.Body ?? '',
    attributes: {
      ApproximateReceiveCount: attributes.ApproximateReceiveCount ?? '1',
      SentTimestamp: attributes.SentTimestamp ?? String(Date.now()),
      SenderId: attributes.SenderId ?? 'local',
      ApproximateFirstReceiveTimestamp: attributes.ApproximateFirstReceiveTimestamp ?? String(Date.now()),
      SequenceNumber: attributes.SequenceNumber,
      MessageGroupId: attributes.MessageGroupId,
      MessageDeduplicationId: attributes.MessageDeduplicationId,
    },
    messageAttributes: {},
    md5OfBody: message.MD5OfBody ?? '',
    eventSource: 'aws:sqs',
    eventSourceARN: queueArn,
    awsRegion: region,
  };
}
