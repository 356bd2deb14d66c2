import type { AppliedEvent, CallEvent } from '../../lib/calls/call-event';
import { StaleCallProgressError } from '../../lib/calls/errors';
import type { CallCommit, CallState, CallStore, CallView, OutboxEvent } from '../../lib/calls/ports';

interface StoredCall {
  state: CallState & { held: Map<number, CallEvent> };
  applied: AppliedEvent[];
  history: CallView['history'];
  missingSequences: number[];
}

/** CallStore with the same conditional semantics as the DynamoDB adapter, in memory. */
export class InMemoryCallStore implements CallStore {
  readonly calls = new Map<string, StoredCall>();
  commits = 0;
  /** Every outbox event ever written, in commit order. */
  readonly recorded: OutboxEvent[] = [];
  /** Runs before a commit is checked: lets a test move the call on, as a concurrent consumer would. */
  beforeCommit?: (commit: CallCommit) => void;

  private call(callId: string): StoredCall {
    let call = this.calls.get(callId);
    if (!call) {
      call = {
        state: { lastSequence: 0, held: new Map(), version: 0, status: null, eventCount: 0, ai: { attempts: 0, attemptLog: [] }, outbox: [] },
        applied: [],
        history: [],
        missingSequences: [],
      };
      this.calls.set(callId, call);
    }
    return call;
  }

  async loadState(callId: string): Promise<CallState> {
    const { state } = this.call(callId);
    return structuredClone(state);
  }

  async commit(commit: CallCommit): Promise<void> {
    this.beforeCommit?.(commit);
    const call = this.call(commit.callId);
    const { state } = call;
    const from = commit.statusChanges?.[0]?.from;
    if (state.version !== commit.expectedVersion || (from !== undefined && from !== state.status)) {
      throw new StaleCallProgressError(commit.callId, commit.expectedVersion);
    }
    this.commits += 1;
    state.version += 1;
    call.applied.push(...commit.applied);
    state.eventCount += commit.applied.length;
    state.lastSequence = commit.lastSequence ?? commit.applied.at(-1)?.sequence ?? state.lastSequence;
    for (const sequence of commit.release) state.held.delete(sequence);
    for (const event of commit.hold) state.held.set(event.sequence, event);
    for (const change of commit.statusChanges ?? []) {
      state.status = change.to;
      call.history.push({ status: change.to, at: change.at });
    }
    if (commit.completion !== undefined) state.completion = commit.completion ?? undefined;
    if (commit.missingSequences) call.missingSequences = commit.missingSequences;
    if (commit.ai) state.ai = structuredClone(commit.ai);
    state.outbox.push(...(commit.outbox ?? []));
    this.recorded.push(...(commit.outbox ?? []));
  }

  async clearOutbox(callId: string, eventIds: string[]): Promise<void> {
    const { state } = this.call(callId);
    state.outbox = state.outbox.filter((event) => !eventIds.includes(event.id));
  }

  async getCall(callId: string): Promise<CallView | undefined> {
    const call = this.calls.get(callId);
    if (!call || call.state.status === null) return undefined;
    const { state } = call;
    return {
      callId,
      status: state.status!,
      lastSequence: state.lastSequence,
      eventCount: state.eventCount,
      missingSequences: call.missingSequences,
      heldSequences: [...state.held.keys()].filter((sequence) => sequence > state.lastSequence).sort((a, b) => a - b),
      ...(state.ai.attempts > 0 ? { ai: { attempts: state.ai.attempts, result: state.ai.result, lastError: state.ai.lastError, attemptLog: state.ai.attemptLog } } : {}),
      history: call.history,
      createdAt: '',
      updatedAt: '',
    };
  }

  async listAppliedEvents(callId: string): Promise<AppliedEvent[]> {
    return this.calls.get(callId)?.applied ?? [];
  }
}

