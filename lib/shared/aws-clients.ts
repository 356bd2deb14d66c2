import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { SQSClient } from '@aws-sdk/client-sqs';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { RequestMetrics } from './request-metrics';

// AWS clients built once per container. The SDK honours AWS_ENDPOINT_URL by itself, which is how the
// same code talks to moto or LocalStack locally and to AWS when deployed.

type MiddlewareStackOwner = { middlewareStack: DynamoDBClient['middlewareStack'] };

export interface AwsClientOptions {
  /** When set (local benchmark runs), every request is counted into this file. */
  requestMetricsFile?: string;
}

let metrics: RequestMetrics | undefined;

export function dynamoDocumentClient(options: AwsClientOptions = {}): DynamoDBDocumentClient {
  const client = new DynamoDBClient({});
  countRequests(client, 'DynamoDB', options);
  return DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
}

export function sqsClient(options: AwsClientOptions = {}): SQSClient {
  const client = new SQSClient({});
  countRequests(client as unknown as MiddlewareStackOwner, 'SQS', options);
  return client;
}

export function eventBridgeClient(options: AwsClientOptions = {}): EventBridgeClient {
  const client = new EventBridgeClient({});
  countRequests(client as unknown as MiddlewareStackOwner, 'EventBridge', options);
  return client;
}

export function countRequests(client: MiddlewareStackOwner, service: string, options: AwsClientOptions): void {
  if (!options.requestMetricsFile) return;
  metrics ??= new RequestMetrics(options.requestMetricsFile);
  const counter = metrics;
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const input = args.input as Record<string, unknown>;
      if (service === 'DynamoDB') input.ReturnConsumedCapacity ??= 'TOTAL';
      const action = String(context.commandName).replace(/Command$/, '');
      counter.countRequest(service, action);
      const startedAt = performance.now();
      const result = await next(args);
      counter.countDuration(`${service}.${action}`, performance.now() - startedAt);
      if (service === 'DynamoDB') {
        const units = consumedUnits(String(context.commandName), input, result.output as unknown as Record<string, unknown>);
        counter.countCapacity(units.read, units.write);
      }
      return result;
    },
    { step: 'initialize', name: 'countRequests' },
  );
}

const READ_COMMANDS = new Set(['GetItemCommand', 'QueryCommand', 'ScanCommand', 'BatchGetItemCommand', 'TransactGetItemsCommand']);

type Capacity = { CapacityUnits?: number };

/**
 * Capacity units as DynamoDB reports them (ReturnConsumedCapacity). Where the endpoint reports none
 * (moto returns an empty list for TransactWriteItems), they are computed by AWS's published rule:
 * 2 write units per started KB of each item in a transaction.
 */
function consumedUnits(command: string, input: Record<string, unknown>, output: Record<string, unknown>) {
  const reported = ([] as Capacity[]).concat((output.ConsumedCapacity as Capacity | Capacity[] | undefined) ?? []);
  let units = reported.reduce((sum, c) => sum + (c.CapacityUnits ?? 0), 0);
  if (units === 0 && command === 'TransactWriteItemsCommand') {
    const items = (input.TransactItems as Array<Record<string, { Item?: unknown }>>) ?? [];
    units = items.reduce((sum, op) => {
      const body = op.Put?.Item ?? Object.values(op)[0];
      return sum + 2 * Math.max(1, Math.ceil(JSON.stringify(body).length / 1024));
    }, 0);
  }
  return READ_COMMANDS.has(command) ? { read: units, write: 0 } : { read: 0, write: units };
}
