import { GetQueueUrlCommand, SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { CompletionTimer } from '../ports';

/** SQS's longest message delay. */
export const MAX_TIMER_SECONDS = 900;

/**
 * Timers as delayed messages on a standard queue (FIFO queues cannot delay one message). When one
 * becomes visible, functions/calls/fire-completion-timer.ts queues `grace-expired` in the call's group.
 */
export class SqsCompletionTimer implements CompletionTimer {
  private queueUrl?: Promise<string>;

  constructor(
    private readonly sqs: SQSClient,
    private readonly queueName: string,
  ) {}

  async start(callId: string, lastSequence: number, afterSeconds: number): Promise<void> {
    await this.sqs.send(
      new SendMessageCommand({
        QueueUrl: await this.url(),
        MessageBody: JSON.stringify({ callId, lastSequence }),
        DelaySeconds: Math.min(MAX_TIMER_SECONDS, Math.max(0, Math.ceil(afterSeconds))),
      }),
    );
  }

  private url(): Promise<string> {
    this.queueUrl ??= this.sqs.send(new GetQueueUrlCommand({ QueueName: this.queueName })).then((out) => out.QueueUrl!);
    this.queueUrl.catch(() => (this.queueUrl = undefined));
    return this.queueUrl;
  }
}
