import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { BatchGetCommand, type BatchGetCommandOutput, DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { BenchCall } from './load';

// What the consumers applied, read straight from the calls table with the bench's own client: no
// counting middleware and no HTTP API, so the bench's reads never show in the measured requests.
// Layout: lib/calls/adapters/dynamodb-call-store.ts.

const TABLE = 'ordered-events-local-calls';
const KEYS_PER_BATCH_GET = 100;
// Not faster: moto serves the stack too, and the figures come from processedAt, not from this poll.
const POLL_EVERY_MS = 1000;
const PROGRESS_EVERY_MS = 10_000;
/** No call advancing for this long means events are stuck (e.g. in the dead-letter queue): stop waiting. */
const STALL_MS = 120_000;

export function benchDynamoClient(endpoint: string): DynamoDBDocumentClient {
  return DynamoDBDocumentClient.from(
    new DynamoDBClient({ endpoint, region: 'us-east-1', credentials: { accessKeyId: 'test', secretAccessKey: 'test' } }),
  );
}

/** Polls the calls' head items until each one's lastSequence reaches its event count. */
export async function waitUntilApplied(
  db: DynamoDBDocumentClient,
  calls: BenchCall[],
  options: { timeoutMs: number; log: (line: string) => void; failure: () => string | undefined },
): Promise<void> {
  const total = calls.reduce((n, call) => n + call.events.length, 0);
  const deadline = Date.now() + options.timeoutMs;
  let nextProgressAt = Date.now() + PROGRESS_EVERY_MS;
  let applied = -1;
  let advancedAt = Date.now();
  for (;;) {
    const last = await readLastSequences(db, calls.map((call) => call.callId));
    const pending = calls.filter((call) => (last.get(call.callId) ?? 0) < call.events.length);
    if (pending.length === 0) return;

    const nowApplied = [...last.values()].reduce((n, lastSequence) => n + lastSequence, 0);
    if (nowApplied !== applied) [applied, advancedAt] = [nowApplied, Date.now()];
    const failure = options.failure();
    if (failure) throw new Error(failure);
    const stuck =
      Date.now() > deadline ? `after ${options.timeoutMs / 1000} s` : Date.now() - advancedAt > STALL_MS ? `and none advanced for ${STALL_MS / 1000} s` : undefined;
    if (stuck) {
      const details = await describeCalls(db, pending.slice(0, 10));
      throw new Error(`${pending.length} of ${calls.length} calls were not fully applied ${stuck}:\n${details.join('\n')}`);
    }
    if (Date.now() >= nextProgressAt) {
      options.log(`[bench] waiting: ${calls.length - pending.length} of ${calls.length} calls fully applied, ${applied} of ${total} events`);
      nextProgressAt += PROGRESS_EVERY_MS;
    }
    await new Promise((resolve) => setTimeout(resolve, POLL_EVERY_MS));
  }
}

/** Epoch ms at which each event was applied: callId -> processedAt by sequence (index = sequence - 1). */
export async function readProcessedAt(db: DynamoDBDocumentClient, calls: BenchCall[]): Promise<Map<string, number[]>> {
  const processedAt = new Map<string, number[]>();
  for (const call of calls) {
    const times: number[] = [];
    for (const run of await queryRuns(db, call.callId)) {
      for (const event of run.events) times[event.sequence - 1] = Date.parse(event.processedAt);
    }
    processedAt.set(call.callId, times);
  }
  return processedAt;
}

async function readLastSequences(db: DynamoDBDocumentClient, callIds: string[]): Promise<Map<string, number>> {
  const last = new Map<string, number>();
  for (let i = 0; i < callIds.length; i += KEYS_PER_BATCH_GET) {
    let keys: Record<string, unknown>[] | undefined = callIds.slice(i, i + KEYS_PER_BATCH_GET).map((callId) => ({ pk: `CALL#${callId}`, sk: 'STATE' }));
    while (keys && keys.length > 0) {
      const page: BatchGetCommandOutput = await db.send(new BatchGetCommand({ RequestItems: { [TABLE]: { Keys: keys, ConsistentRead: true, ProjectionExpression: 'callId, lastSequence' } } }));
      // A head that only holds events ahead of a gap has no lastSequence yet.
      for (const item of page.Responses?.[TABLE] ?? []) last.set(item.callId as string, (item.lastSequence as number | undefined) ?? 0);
      keys = page.UnprocessedKeys?.[TABLE]?.Keys;
    }
  }
  return last;
}

/** Where unfinished calls stand: last applied sequence and the events held behind the gap. */
async function describeCalls(db: DynamoDBDocumentClient, calls: BenchCall[]): Promise<string[]> {
  return Promise.all(
    calls.map(async (call) => {
      const { Items = [] } = await db.send(
        new QueryCommand({
          TableName: TABLE,
          KeyConditionExpression: 'pk = :pk AND begins_with(sk, :state)',
          ExpressionAttributeValues: { ':pk': `CALL#${call.callId}`, ':state': 'STATE' },
          ConsistentRead: true,
        }),
      );
      const head = Items.find((item) => item.sk === 'STATE');
      const held = Items.filter((item) => item.sk !== 'STATE').map((item) => (item.event as { sequence: number }).sequence);
      return `  ${call.callId}: applied up to ${head?.lastSequence ?? 0} of ${call.events.length}, held: [${held.join(', ')}]`;
    }),
  );
}

interface RunItem {
  events: Array<{ sequence: number; processedAt: string }>;
}

async function queryRuns(db: DynamoDBDocumentClient, callId: string): Promise<RunItem[]> {
  const runs: RunItem[] = [];
  let startKey: Record<string, unknown> | undefined;
  do {
    const page = await db.send(
      new QueryCommand({
        TableName: TABLE,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :run)',
        ExpressionAttributeValues: { ':pk': `CALL#${callId}`, ':run': 'RUN#' },
        ExclusiveStartKey: startKey,
      }),
    );
    runs.push(...((page.Items ?? []) as RunItem[]));
    startKey = page.LastEvaluatedKey;
  } while (startKey);
  return runs;
}
