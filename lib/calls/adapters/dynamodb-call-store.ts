import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { type DynamoDBDocumentClient, QueryCommand, TransactWriteCommand, type TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import type { CallProgress } from '../apply-plan';
import type { AppliedEvent, CallEvent } from '../call-event';
import { StaleCallProgressError } from '../errors';
import type { CallCommit, CallStore, CallView } from '../ports';

// Items of one call share pk = CALL#<callId>:
//   sk = STATE                  the head: status, last applied sequence, counts, history
//   sk = STATE#HELD#<seq>       an event that arrived ahead of a gap, kept until the gap fills
//   sk = RUN#<first seq>        a run of applied events with their start and end times
// One strongly consistent Query on the STATE prefix reads the head and the held events together.
// Sequences are zero-padded so that sort-key order is sequence order.

type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

const pk = (callId: string) => `CALL#${callId}`;
const pad = (sequence: number) => String(sequence).padStart(16, '0');
const HEAD = 'STATE';
const heldKey = (sequence: number) => `STATE#HELD#${pad(sequence)}`;
const runKey = (firstSequence: number) => `RUN#${pad(firstSequence)}`;

/** Events per run item and per transaction: keeps both under DynamoDB's 100-item and 400 KB limits. */
const EVENTS_PER_RUN = 40;

interface HeadItem {
  callId: string;
  version: number;
  status: CallView['status'];
  lastSequence: number;
  eventCount: number;
  missingSequences?: number[];
  history: CallView['history'];
  createdAt: string;
  updatedAt: string;
}

export class DynamoDbCallStore implements CallStore {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async loadProgress(callId: string): Promise<CallProgress> {
    const { head, held } = await this.readState(callId);
    return { lastSequence: head?.lastSequence ?? 0, held, version: head?.version ?? 0 };
  }

  async getCall(callId: string): Promise<CallView | undefined> {
    const { head, held } = await this.readState(callId);
    if (!head?.lastSequence) return undefined; // a head with only held events: nothing handled yet
    return {
      callId,
      status: head.status,
      lastSequence: head.lastSequence,
      eventCount: head.eventCount,
      missingSequences: head.missingSequences ?? [],
      heldSequences: [...held.keys()].filter((sequence) => sequence > head.lastSequence),
      history: head.history,
      createdAt: head.createdAt,
      updatedAt: head.updatedAt,
    };
  }

  async listAppliedEvents(callId: string): Promise<AppliedEvent[]> {
    const runs = await this.queryAll(callId, 'RUN#', false);
    return runs.flatMap((run) => run.events as AppliedEvent[]);
  }

  /**
   * Applies the commit in as few transactions as the limits allow (one, for any SQS batch). Each
   * transaction bumps the head's version on the condition that it is still the one read, and deletes
   * only held events it applies, so an interruption between two of them leaves a consistent prefix.
   */
  async commit(commit: CallCommit): Promise<void> {
    const runs = chunk(commit.applied, EVENTS_PER_RUN);
    const steps = Math.max(runs.length, 1);
    let expected = commit.expectedLastSequence;
    let version = commit.expectedVersion;
    for (let step = 0; step < steps; step++) {
      const run = runs[step] ?? [];
      const last = run.at(-1)?.sequence ?? expected;
      const released = commit.release.filter((sequence) => sequence > expected && sequence <= last);
      const stale = step === 0 ? commit.release.filter((sequence) => sequence <= commit.expectedLastSequence).slice(0, EVENTS_PER_RUN) : [];
      const items: TransactItem[] = [
        run.length > 0 ? this.advanceHead(commit, version, run) : this.bumpVersion(commit, version),
        ...(run.length > 0 ? [this.putRun(commit.callId, run)] : []),
        ...[...released, ...stale].map((sequence) => this.deleteHeld(commit.callId, sequence)),
        ...(step === steps - 1 ? commit.hold.map((event) => this.putHeld(event)) : []),
      ];
      await this.transact(items, commit.callId, version);
      expected = last;
      version += 1;
    }
  }

  private async transact(items: TransactItem[], callId: string, expected: number): Promise<void> {
    try {
      await this.db.send(new TransactWriteCommand({ TransactItems: items }));
    } catch (error) {
      const reasons = error instanceof TransactionCanceledException ? (error.CancellationReasons ?? []) : [];
      if (reasons.some((reason) => reason.Code === 'ConditionalCheckFailed')) throw new StaleCallProgressError(callId, expected);
      throw error;
    }
  }

  /**
   * The call's first commit creates its head, on the condition that there is none; later ones update
   * it on the condition that its version is the one read. A head created by a commit that only holds
   * events has lastSequence 0, which reads as "nothing handled yet".
   */
  private advanceHead(commit: CallCommit, version: number, run: AppliedEvent[]): TransactItem {
    const lastSequence = run.at(-1)!.sequence;
    if (version === 0) return this.createHead(commit, lastSequence, run.length);
    return {
      Update: {
        TableName: this.tableName,
        Key: { pk: pk(commit.callId), sk: HEAD },
        UpdateExpression: 'SET version = :next, lastSequence = :last, updatedAt = :at ADD eventCount :count',
        ConditionExpression: 'version = :version',
        ExpressionAttributeValues: { ':version': version, ':next': version + 1, ':last': lastSequence, ':at': commit.at, ':count': run.length },
      },
    };
  }

  /** A commit that only holds or drops held events still takes the lock, so it conflicts with an apply. */
  private bumpVersion(commit: CallCommit, version: number): TransactItem {
    if (version === 0) return this.createHead(commit, 0, 0);
    return {
      Update: {
        TableName: this.tableName,
        Key: { pk: pk(commit.callId), sk: HEAD },
        UpdateExpression: 'SET version = :next',
        ConditionExpression: 'version = :version',
        ExpressionAttributeValues: { ':version': version, ':next': version + 1 },
      },
    };
  }

  private createHead(commit: CallCommit, lastSequence: number, eventCount: number): TransactItem {
    const head: HeadItem = {
      callId: commit.callId,
      version: 1,
      status: 'IN_PROGRESS',
      lastSequence,
      eventCount,
      history: [{ status: 'IN_PROGRESS', at: commit.at }],
      createdAt: commit.at,
      updatedAt: commit.at,
    };
    return { Put: { TableName: this.tableName, Item: { pk: pk(commit.callId), sk: HEAD, ...head }, ConditionExpression: 'attribute_not_exists(pk)' } };
  }

  private putRun(callId: string, run: AppliedEvent[]): TransactItem {
    return {
      Put: {
        TableName: this.tableName,
        Item: { pk: pk(callId), sk: runKey(run[0].sequence), events: run },
        ConditionExpression: 'attribute_not_exists(pk)',
      },
    };
  }

  private putHeld(event: CallEvent): TransactItem {
    return { Put: { TableName: this.tableName, Item: { pk: pk(event.callId), sk: heldKey(event.sequence), event } } };
  }

  private deleteHeld(callId: string, sequence: number): TransactItem {
    return { Delete: { TableName: this.tableName, Key: { pk: pk(callId), sk: heldKey(sequence) } } };
  }

  private async readState(callId: string) {
    const items = await this.queryAll(callId, HEAD, true);
    const head = items.find((item) => item.sk === HEAD) as HeadItem | undefined;
    const held = new Map<number, CallEvent>();
    for (const item of items) {
      if (item.sk !== HEAD) held.set((item.event as CallEvent).sequence, item.event as CallEvent);
    }
    return { head, held };
  }

  private async queryAll(callId: string, prefix: string, consistent: boolean): Promise<Record<string, unknown>[]> {
    const items: Record<string, unknown>[] = [];
    let startKey: Record<string, unknown> | undefined;
    do {
      const page = await this.db.send(
        new QueryCommand({
          TableName: this.tableName,
          KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
          ExpressionAttributeValues: { ':pk': pk(callId), ':prefix': prefix },
          ConsistentRead: consistent,
          ExclusiveStartKey: startKey,
        }),
      );
      items.push(...(page.Items ?? []));
      startKey = page.LastEvaluatedKey;
    } while (startKey);
    return items;
  }
}

function chunk<T>(items: T[], size: number): T[][] {
  const chunks: T[][] = [];
  for (let i = 0; i < items.length; i += size) chunks.push(items.slice(i, i + size));
  return chunks;
}
