import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { type DynamoDBDocumentClient, paginateQuery, TransactWriteCommand, type TransactWriteCommandInput, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { AppliedEvent, CallEvent } from '../call-event';
import { StaleCallProgressError } from '../errors';
import type { StatusChange } from '../lifecycle';
import type { AiJob, CallCommit, CallState, CallStore, CallView, OutboxEvent, PendingCompletion } from '../ports';

// Items of one call share pk = CALL#<callId>:
//   sk = STATE                  the head: version (the lock), status, last applied sequence, counts,
//                               history, pending completion, AI job, outbox of unpublished events
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
  /** Absent until the first event is handled. */
  status?: CallView['status'];
  lastSequence: number;
  eventCount: number;
  missingSequences?: number[];
  history: CallView['history'];
  completion?: PendingCompletion;
  ai?: AiJob;
  outbox: Record<string, OutboxEvent>;
  createdAt: string;
  updatedAt: string;
}

const NO_AI_JOB: AiJob = { attempts: 0, attemptLog: [] };

export class DynamoDbCallStore implements CallStore {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async loadState(callId: string): Promise<CallState> {
    const { head, held } = await this.readState(callId);
    return {
      lastSequence: head?.lastSequence ?? 0,
      held,
      version: head?.version ?? 0,
      status: head?.status ?? null,
      eventCount: head?.eventCount ?? 0,
      completion: head?.completion,
      ai: head?.ai ?? NO_AI_JOB,
      outbox: Object.values(head?.outbox ?? {}),
    };
  }

  async getCall(callId: string): Promise<CallView | undefined> {
    const { head, held } = await this.readState(callId);
    if (!head?.status) return undefined; // a head with only held events: nothing handled yet
    return {
      callId,
      status: head.status,
      lastSequence: head.lastSequence,
      eventCount: head.eventCount,
      missingSequences: head.missingSequences ?? [],
      heldSequences: [...held.keys()].filter((sequence) => sequence > head.lastSequence),
      ...(head.ai && head.ai.attempts > 0 ? { ai: { attempts: head.ai.attempts, result: head.ai.result, lastError: head.ai.lastError, attemptLog: head.ai.attemptLog } } : {}),
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
      const lastStep = step === steps - 1;
      const items: TransactItem[] = [
        this.writeHead(commit, version, run, lastStep),
        ...(run.length > 0 ? [this.putRun(commit.callId, run)] : []),
        ...[...released, ...stale].map((sequence) => this.deleteHeld(commit.callId, sequence)),
        ...(lastStep ? commit.hold.map((event) => this.putHeld(event)) : []),
        ...(lastStep ? lateReleases(commit, last).map((sequence) => this.deleteHeld(commit.callId, sequence)) : []),
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

  async clearOutbox(callId: string, eventIds: string[]): Promise<void> {
    if (eventIds.length === 0) return;
    const names = Object.fromEntries(eventIds.map((id, i) => [`#e${i}`, id]));
    await this.db.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: { pk: pk(callId), sk: HEAD },
        UpdateExpression: `REMOVE ${eventIds.map((_, i) => `outbox.#e${i}`).join(', ')}`,
        ExpressionAttributeNames: names,
        ConditionExpression: 'attribute_exists(pk)',
      }),
    ).catch((error: Error) => {
      if (error.name !== 'ConditionalCheckFailedException') throw error;
    });
  }

  /**
   * The call's first commit creates its head, on the condition that there is none; later ones update
   * it on the condition that its version (and status, when the status changes) is the one read. The
   * changes of status, completion, AI job and outbox go with the last transaction of a commit.
   */
  private writeHead(commit: CallCommit, version: number, run: AppliedEvent[], lastStep: boolean): TransactItem {
    const changes = lastStep ? (commit.statusChanges ?? []) : [];
    const lastSequence = (lastStep ? commit.lastSequence : undefined) ?? run.at(-1)?.sequence;
    if (version === 0) return this.createHead(commit, lastSequence ?? 0, run.length, changes, lastStep);

    const sets = ['version = :next', 'updatedAt = :at'];
    const values: Record<string, unknown> = { ':version': version, ':next': version + 1, ':at': commit.at };
    const names: Record<string, string> = {};
    let condition = 'version = :version';
    if (lastSequence !== undefined) {
      sets.push('lastSequence = :last');
      values[':last'] = lastSequence;
    }
    if (changes.length > 0) {
      names['#status'] = 'status';
      sets.push('#status = :status', 'history = list_append(history, :changes)');
      values[':status'] = changes.at(-1)!.to;
      values[':changes'] = changes.map((change) => ({ status: change.to, at: change.at }));
      const from = changes[0].from;
      condition += from === null ? ' AND attribute_not_exists(#status)' : ' AND #status = :from';
      if (from !== null) values[':from'] = from;
    }
    if (lastStep && commit.completion !== undefined) {
      sets.push('completion = :completion');
      values[':completion'] = commit.completion;
    }
    if (lastStep && commit.missingSequences) {
      sets.push('missingSequences = :missing');
      values[':missing'] = commit.missingSequences;
    }
    if (lastStep && commit.ai) {
      sets.push('ai = :ai');
      values[':ai'] = commit.ai;
    }
    (lastStep ? (commit.outbox ?? []) : []).forEach((event, i) => {
      names[`#o${i}`] = event.id;
      sets.push(`outbox.#o${i} = :o${i}`);
      values[`:o${i}`] = event;
    });
    return {
      Update: {
        TableName: this.tableName,
        Key: { pk: pk(commit.callId), sk: HEAD },
        UpdateExpression: `SET ${sets.join(', ')}${run.length > 0 ? ' ADD eventCount :count' : ''}`,
        ConditionExpression: condition,
        ...(Object.keys(names).length > 0 ? { ExpressionAttributeNames: names } : {}),
        ExpressionAttributeValues: run.length > 0 ? { ...values, ':count': run.length } : values,
      },
    };
  }

  private createHead(commit: CallCommit, lastSequence: number, eventCount: number, changes: StatusChange[], lastStep: boolean): TransactItem {
    const head: HeadItem = {
      callId: commit.callId,
      version: 1,
      ...(changes.length > 0 ? { status: changes.at(-1)!.to } : {}),
      lastSequence,
      eventCount,
      history: changes.map((change) => ({ status: change.to, at: change.at })),
      ...(lastStep && commit.completion ? { completion: commit.completion } : {}),
      ...(lastStep && commit.missingSequences ? { missingSequences: commit.missingSequences } : {}),
      ...(lastStep && commit.ai ? { ai: commit.ai } : {}),
      outbox: Object.fromEntries((lastStep ? (commit.outbox ?? []) : []).map((event) => [event.id, event])),
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
    const pages = paginateQuery(
      { client: this.db },
      {
        TableName: this.tableName,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
        ExpressionAttributeValues: { ':pk': pk(callId), ':prefix': prefix },
        ConsistentRead: consistent,
      },
    );
    for await (const page of pages) items.push(...(page.Items ?? []));
    return items;
  }

}

/** Held events the commit drops without applying them: beyond the sequence a call was completed at. */
function lateReleases(commit: CallCommit, last: number): number[] {
  return commit.release.filter((sequence) => sequence > last);
}

function chunk<T>(items: T[], size: number): T[][] {
  const chunks: T[][] = [];
  for (let i = 0; i < items.length; i += size) chunks.push(items.slice(i, i + size));
  return chunks;
}
