import { createHash } from 'node:crypto';
import { GetQueueAttributesCommand, GetQueueUrlCommand, SendMessageBatchCommand, type SendMessageBatchRequestEntry, type SQSClient } from '@aws-sdk/client-sqs';
import { sleep } from '../../shared/clock';
import { DependencyUnavailableError } from '../../shared/errors';
import type { CallEvent } from '../call-event';
import type { CallControlMessage, CallEventQueue } from '../ports';

const ENTRIES_PER_SEND = 10; // SQS's SendMessageBatch limit
const BYTES_PER_SEND = 256 * 1024;
const LANES = 4; // parallel senders; a call always goes through the same lane, so its order holds
const SEND_ATTEMPTS = 4;

/** The FIFO queue of call events: message group = callId, deduplication id = callId#sequence. */
export class SqsCallEventQueue implements CallEventQueue {
  private queueUrl?: Promise<string>;
  private backlogReading?: { value: number; readAt: number };

  constructor(
    private readonly sqs: SQSClient,
    private readonly queueName: string,
    /** How long a backlog reading is reused: one GetQueueAttributes per interval, not per request. */
    private readonly backlogCacheMs = 1000,
    private readonly now: () => number = Date.now,
  ) {}

  async backlog(): Promise<number> {
    const reading = this.backlogReading;
    if (reading && this.now() - reading.readAt < this.backlogCacheMs) return reading.value;
    const { Attributes = {} } = await this.sqs.send(
      new GetQueueAttributesCommand({
        QueueUrl: await this.url(),
        AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible', 'ApproximateNumberOfMessagesDelayed'],
      }),
    );
    const value =
      Number(Attributes.ApproximateNumberOfMessages ?? 0) +
      Number(Attributes.ApproximateNumberOfMessagesNotVisible ?? 0) +
      Number(Attributes.ApproximateNumberOfMessagesDelayed ?? 0);
    this.backlogReading = { value, readAt: this.now() };
    return value;
  }

  async enqueue(events: CallEvent[]): Promise<void> {
    const lanes = Array.from({ length: LANES }, () => [] as CallEvent[]);
    for (const event of events) lanes[laneOf(event.callId)].push(event);
    await Promise.all(lanes.map(async (lane) => {
      for (const batch of batchesForSend(lane)) await this.send(batch);
    }));
    if (this.backlogReading) this.backlogReading.value += events.length;
  }

  async enqueueControl(message: CallControlMessage): Promise<void> {
    const entry: SendMessageBatchRequestEntry = {
      Id: '0',
      MessageBody: JSON.stringify(message),
      MessageGroupId: message.callId,
      MessageDeduplicationId: deduplicationId(message.callId, `${message.kind}#${message.lastSequence}`),
    };
    await this.send([entry]);
    if (this.backlogReading) this.backlogReading.value += 1;
  }

  /** Sends one batch, resending only the entries SQS reports as failed, with backoff. */
  private async send(entries: SendMessageBatchRequestEntry[]): Promise<void> {
    let pending = entries;
    for (let attempt = 1; attempt <= SEND_ATTEMPTS; attempt++) {
      const { Failed = [] } = await this.sqs.send(new SendMessageBatchCommand({ QueueUrl: await this.url(), Entries: pending }));
      if (Failed.length === 0) return;
      const failedIds = new Set(Failed.map((failure) => failure.Id));
      pending = pending.filter((entry) => failedIds.has(entry.Id));
      if (Failed.some((failure) => failure.SenderFault)) break;
      await sleep(50 * 2 ** attempt);
    }
    throw new DependencyUnavailableError('The event queue did not accept every event; the request can be repeated safely.');
  }

  private url(): Promise<string> {
    this.queueUrl ??= this.sqs.send(new GetQueueUrlCommand({ QueueName: this.queueName })).then((out) => out.QueueUrl!);
    this.queueUrl.catch(() => (this.queueUrl = undefined));
    return this.queueUrl;
  }
}

export function toQueueEntry(event: CallEvent, index: number): SendMessageBatchRequestEntry {
  return {
    Id: String(index),
    MessageBody: JSON.stringify(event),
    MessageGroupId: event.callId,
    MessageDeduplicationId: deduplicationId(event.callId, event.sequence),
  };
}

/** callId#sequence (callId#kind#lastSequence for control messages), hashed when over SQS's 128 characters. */
export function deduplicationId(callId: string, sequence: number | string): string {
  const id = `${callId}#${sequence}`;
  return id.length <= 128 ? id : createHash('sha256').update(id).digest('hex');
}

function* batchesForSend(events: CallEvent[]): Generator<SendMessageBatchRequestEntry[]> {
  let batch: SendMessageBatchRequestEntry[] = [];
  let bytes = 0;
  for (const event of events) {
    const entry = toQueueEntry(event, batch.length);
    const size = Buffer.byteLength(entry.MessageBody!);
    if (batch.length === ENTRIES_PER_SEND || (batch.length > 0 && bytes + size > BYTES_PER_SEND)) {
      yield batch;
      batch = [];
      bytes = 0;
      entry.Id = '0';
    }
    batch.push(entry);
    bytes += size;
  }
  if (batch.length > 0) yield batch;
}

function laneOf(callId: string): number {
  let hash = 0;
  for (let i = 0; i < callId.length; i++) hash = (hash * 31 + callId.charCodeAt(i)) >>> 0;
  return hash % LANES;
}
