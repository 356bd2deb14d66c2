import type { CallProgress } from '../../lib/calls/apply-plan';
import type { AppliedEvent, CallEvent } from '../../lib/calls/call-event';
import { StaleCallProgressError } from '../../lib/calls/errors';
import type { CallCommit, CallStore, CallView } from '../../lib/calls/ports';

/** CallStore with the same conditional semantics as the DynamoDB adapter, in memory. */
export class InMemoryCallStore implements CallStore {
  readonly calls = new Map<string, { lastSequence: number; version: number; applied: AppliedEvent[]; held: Map<number, CallEvent> }>();
  commits = 0;
  /** Runs before a commit is checked: lets a test move the call on, as a concurrent consumer would. */
  beforeCommit?: (commit: CallCommit) => void;

  private call(callId: string) {
    let call = this.calls.get(callId);
    if (!call) this.calls.set(callId, (call = { lastSequence: 0, version: 0, applied: [], held: new Map() }));
    return call;
  }

  async loadProgress(callId: string): Promise<CallProgress> {
    const call = this.call(callId);
    return { lastSequence: call.lastSequence, held: new Map(call.held), version: call.version };
  }

  async commit(commit: CallCommit): Promise<void> {
    this.beforeCommit?.(commit);
    const call = this.call(commit.callId);
    if (call.version !== commit.expectedVersion) throw new StaleCallProgressError(commit.callId, commit.expectedVersion);
    this.commits += 1;
    call.version += 1;
    call.applied.push(...commit.applied);
    call.lastSequence = commit.applied.at(-1)?.sequence ?? call.lastSequence;
    for (const sequence of commit.release) call.held.delete(sequence);
    for (const event of commit.hold) call.held.set(event.sequence, event);
  }

  async getCall(callId: string): Promise<CallView | undefined> {
    const call = this.calls.get(callId);
    if (!call || call.lastSequence === 0) return undefined;
    return {
      callId,
      status: 'IN_PROGRESS',
      lastSequence: call.lastSequence,
      eventCount: call.applied.length,
      missingSequences: [],
      heldSequences: [...call.held.keys()].sort((a, b) => a - b),
      history: [],
      createdAt: '',
      updatedAt: '',
    };
  }

  async listAppliedEvents(callId: string): Promise<AppliedEvent[]> {
    return this.calls.get(callId)?.applied ?? [];
  }
}
