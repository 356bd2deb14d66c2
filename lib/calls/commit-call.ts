import type { Clock } from '../shared/clock';
import { StaleCallProgressError } from './errors';
import type { StatusChange } from './lifecycle';
import type { CallCommit, CallState, CallStore, EventPublisher, OutboxEvent } from './ports';

// Every step that changes a call goes through commitCallStep: read the call, decide, write the decision
// on the condition that the call did not move meanwhile (else read and decide again), then publish the
// events the write recorded in the call's outbox. A crash between the write and the publish leaves the
// events in the outbox; the next step of the call (a redelivery, at the latest) publishes them first.

export interface Log {
  info(message: string, extra: Record<string, unknown>): void;
  warn(message: string, extra: Record<string, unknown>): void;
}

export interface CallStepDeps {
  store: CallStore;
  publisher: EventPublisher;
  clock: Clock;
  log: Log;
  newId: () => string;
}

/** A decision: the commit to write (without the version fields), or nothing to write. */
export type StepDecision<T> = { commit?: Omit<CallCommit, 'callId' | 'expectedVersion' | 'expectedLastSequence'>; result: T };

const MAX_ATTEMPTS = 3;

export async function commitCallStep<T>(deps: CallStepDeps, callId: string, decide: (state: CallState) => Promise<StepDecision<T>>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    const state = await deps.store.loadState(callId);
    await publishOutbox(deps, callId, state.outbox);
    const { commit, result } = await decide(state);
    if (!commit) return result;
    try {
      await deps.store.commit({ ...commit, callId, expectedVersion: state.version, expectedLastSequence: state.lastSequence });
    } catch (error) {
      if (!(error instanceof StaleCallProgressError) || attempt >= MAX_ATTEMPTS) throw error;
      deps.log.warn('Call moved on meanwhile; deciding again', { callId, attempt });
      continue;
    }
    for (const change of commit.statusChanges ?? []) deps.log.info('Call status changed', { callId, from: change.from, to: change.to });
    await publishOutbox(deps, callId, commit.outbox ?? []);
    return result;
  }
}

async function publishOutbox(deps: CallStepDeps, callId: string, events: OutboxEvent[]): Promise<void> {
  if (events.length === 0) return;
  await deps.publisher.publish(callId, events);
  await deps.store.clearOutbox(callId, events.map((event) => event.id));
}

/** The outbox events reporting status changes: CallStatusChanged each, and CallCompleted on completion. */
export function statusEvents(deps: CallStepDeps, callId: string, changes: StatusChange[], completed?: { lastSequence: number; eventCount: number; missingSequences: number[] }): OutboxEvent[] {
  const events: OutboxEvent[] = changes.map((change) => ({
    id: deps.newId(),
    type: 'CallStatusChanged',
    detail: { callId, from: change.from, to: change.to, at: change.at },
  }));
  if (completed) {
    const at = changes.find((change) => change.to === 'COMPLETED')?.at;
    events.push({ id: deps.newId(), type: 'CallCompleted', detail: { callId, ...completed, completedAt: at } });
  }
  return events;
}
