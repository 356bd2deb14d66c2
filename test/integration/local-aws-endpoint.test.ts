import { DynamoDBClient, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, PutCommand, QueryCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import {
  CreateQueueCommand,
  DeleteMessageCommand,
  DeleteQueueCommand,
  ReceiveMessageCommand,
  SendMessageBatchCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { uniqueId } from '../helpers/call-events';

// The local endpoint is moto with the fixes of local/moto/moto_server.py (faster FIFO queues, item-level
// transaction rollback, one-partition queries). These tests hold it to the AWS behaviour the service
// relies on, so that a fix that changed behaviour, or a moto upgrade that broke it, shows here.

const endpoint = inject('awsEndpoint');
const aws = { endpoint, region: 'us-east-1', credentials: { accessKeyId: 'test', secretAccessKey: 'test' } };
const db = DynamoDBDocumentClient.from(new DynamoDBClient(aws));
const sqs = new SQSClient(aws);
const TABLE = 'ordered-events-local-calls';

afterAll(() => {
  db.destroy();
  sqs.destroy();
});

describe('the local DynamoDB', () => {
  it('commits a transaction whole, and rolls back every write of a cancelled one', async () => {
    const pk = `TEST#${uniqueId('rollback')}`;
    await db.send(new PutCommand({ TableName: TABLE, Item: { pk, sk: 'A', n: 1 } }));
    await db.send(new PutCommand({ TableName: TABLE, Item: { pk, sk: 'C', n: 1 } }));

    await db.send(
      new TransactWriteCommand({
        TransactItems: [
          { Update: { TableName: TABLE, Key: { pk, sk: 'A' }, UpdateExpression: 'SET n = :two', ExpressionAttributeValues: { ':two': 2 } } },
          { Put: { TableName: TABLE, Item: { pk, sk: 'B', n: 1 } } },
          { Delete: { TableName: TABLE, Key: { pk, sk: 'C' } } },
        ],
      }),
    );

    const failing = db.send(
      new TransactWriteCommand({
        TransactItems: [
          { Update: { TableName: TABLE, Key: { pk, sk: 'A' }, UpdateExpression: 'SET n = :three', ExpressionAttributeValues: { ':three': 3 } } },
          { Put: { TableName: TABLE, Item: { pk, sk: 'D', n: 1 } } },
          { Delete: { TableName: TABLE, Key: { pk, sk: 'B' } } },
          { ConditionCheck: { TableName: TABLE, Key: { pk, sk: 'E' }, ConditionExpression: 'attribute_exists(pk)' } },
        ],
      }),
    );
    await expect(failing).rejects.toBeInstanceOf(TransactionCanceledException);

    const items = await partition(pk);
    expect(items).toEqual([
      { pk, sk: 'A', n: 2 },
      { pk, sk: 'B', n: 1 },
    ]);
  });

  it('queries one partition by sort-key prefix, in sort-key order', async () => {
    const pk = `TEST#${uniqueId('query')}`;
    const other = `TEST#${uniqueId('query-other')}`;
    for (const sk of ['STATE#HELD#0003', 'RUN#0001', 'STATE', 'STATE#HELD#0002']) {
      await db.send(new PutCommand({ TableName: TABLE, Item: { pk, sk } }));
    }
    await db.send(new PutCommand({ TableName: TABLE, Item: { pk: other, sk: 'STATE' } }));

    const page = await db.send(
      new QueryCommand({
        TableName: TABLE,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
        ExpressionAttributeValues: { ':pk': pk, ':prefix': 'STATE' },
        ConsistentRead: true,
      }),
    );
    expect(page.Items?.map((item) => item.sk)).toEqual(['STATE', 'STATE#HELD#0002', 'STATE#HELD#0003']);
    const missing = await db.send(new GetCommand({ TableName: TABLE, Key: { pk: `TEST#${uniqueId('none')}`, sk: 'STATE' } }));
    expect(missing.Item).toBeUndefined();
  });
});

describe('the local SQS FIFO queue', () => {
  const queueName = `${uniqueId('fifo-check')}.fifo`;
  let queueUrl = '';
  afterAll(async () => {
    if (queueUrl) await sqs.send(new DeleteQueueCommand({ QueueUrl: queueUrl }));
  });

  it('hands out a message group to one consumer at a time, in order, and deduplicates by id', async () => {
    ({ QueueUrl: queueUrl = '' } = await sqs.send(new CreateQueueCommand({ QueueName: queueName, Attributes: { FifoQueue: 'true', VisibilityTimeout: '60' } })));
    const entries = ['a1', 'a2', 'b1', 'a1'].map((body, i) => ({
      Id: String(i),
      MessageBody: body,
      MessageGroupId: body[0],
      MessageDeduplicationId: body,
    }));
    await sqs.send(new SendMessageBatchCommand({ QueueUrl: queueUrl, Entries: entries }));

    const first = await receive(1);
    expect(first.map((m) => m.Body)).toEqual(['a1']);
    // Group a is in flight: the next receive may only give group b.
    const second = await receive(10);
    expect(second.map((m) => m.Body)).toEqual(['b1']);
    expect(await receive(10)).toEqual([]);

    await sqs.send(new DeleteMessageCommand({ QueueUrl: queueUrl, ReceiptHandle: first[0].ReceiptHandle! }));
    const third = await receive(10);
    expect(third.map((m) => m.Body)).toEqual(['a2']); // the duplicate a1 was dropped
  });

  async function receive(max: number) {
    const { Messages = [] } = await sqs.send(new ReceiveMessageCommand({ QueueUrl: queueUrl, MaxNumberOfMessages: max, WaitTimeSeconds: 0 }));
    return Messages;
  }
});

async function partition(pk: string) {
  const page = await db.send(
    new QueryCommand({ TableName: TABLE, KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': pk }, ConsistentRead: true }),
  );
  return page.Items;
}
