import { GetQueueUrlCommand, SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';

/** SQS's longest message delay. */
export const MAX_DELAY_SECONDS = 900;

/**
 * Timers as delayed messages on a standard queue (a FIFO queue cannot delay one message): the message
 * becomes visible, and so reaches its consumer, after the delay.
 */
export class SqsDelayedMessages {
  private queueUrl?: Promise<string>;

  constructor(
    private readonly sqs: SQSClient,
    private readonly queueName: string,
  ) {}

  async send(body: object, afterSeconds: number): Promise<void> {
    await this.sqs.send(
      new SendMessageCommand({
        QueueUrl: await this.url(),
        MessageBody: JSON.stringify(body),
        DelaySeconds: Math.min(MAX_DELAY_SECONDS, Math.max(0, Math.ceil(afterSeconds))),
      }),
    );
  }

  private url(): Promise<string> {
    this.queueUrl ??= this.sqs.send(new GetQueueUrlCommand({ QueueName: this.queueName })).then((out) => out.QueueUrl!);
    this.queueUrl.catch(() => (this.queueUrl = undefined));
    return this.queueUrl;
  }
}
