import type { SQSClient } from '@aws-sdk/client-sqs';
import { SqsDelayedMessages } from '../../shared/sqs-delayed-messages';
import type { SagaTimer } from '../ports';

/** When the message appears, functions/orders/expire-orders.ts cancels the order if it is still PENDING. */
export class SqsSagaTimer implements SagaTimer {
  private readonly messages: SqsDelayedMessages;

  constructor(sqs: SQSClient, queueName: string) {
    this.messages = new SqsDelayedMessages(sqs, queueName);
  }

  start(orderId: string, afterSeconds: number): Promise<void> {
    return this.messages.send({ orderId }, afterSeconds);
  }
}
