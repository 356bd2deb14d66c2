import { GetQueueAttributesCommand, ListQueuesCommand, SQSClient } from '@aws-sdk/client-sqs';

// For a run that got stuck: where the call events are (waiting, in flight, or in the dead-letter queue).

export async function describeQueues(endpoint: string): Promise<string[]> {
  const sqs = new SQSClient({ endpoint, region: 'us-east-1', credentials: { accessKeyId: 'test', secretAccessKey: 'test' } });
  try {
    const { QueueUrls = [] } = await sqs.send(new ListQueuesCommand({}));
    return await Promise.all(
      QueueUrls.map(async (url) => {
        const { Attributes = {} } = await sqs.send(
          new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'] }),
        );
        return `  ${url.split('/').at(-1)}: ${Attributes.ApproximateNumberOfMessages} waiting, ${Attributes.ApproximateNumberOfMessagesNotVisible} in flight`;
      }),
    );
  } finally {
    sqs.destroy();
  }
}
