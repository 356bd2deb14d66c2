import type { SQSClient } from '@aws-sdk/client-sqs';
import { SqsDelayedMessages } from '../../shared/sqs-delayed-messages';
import type { CompletionTimer } from '../ports';

/** When the message appears, functions/calls/fire-completion-timer.ts queues `grace-expired` in the call's group. */
export class SqsCompletionTimer implements CompletionTimer {
  private readonly messages: SqsDelayedMessages;

  constructor(sqs: SQSClient, queueName: string) {
    this.messages = new SqsDelayedMessages(sqs, queueName);
  }

  start(callId: string, lastSequence: number, afterSeconds: number): Promise<void> {
    return this.messages.send({ callId, lastSequence }, afterSeconds);
  }
}
