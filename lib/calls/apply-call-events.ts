import type { AppliedEvent, CallEvent } from './call-event';
import { planApply } from './apply-plan';
import { type CallStepDeps, commitCallStep, statusEvents } from './commit-call';
import { transition, type StatusChange } from './lifecycle';
import type { EventWork } from './ports';

export interface ApplyCallEventsDeps extends CallStepDeps {
  work: EventWork;
}

export interface ApplyOutcome {
  applied: number[];
  held: number[];
  duplicates: number[];
  /** Events that came after the call was completed, or beyond the sequence it was completed at. */
  late: number[];
}

/**
 * Applies a run of one call's events, received in queue order:
 * 1. read how far the call got (last applied sequence, events held behind a gap, status);
 * 2. plan: duplicates are ignored, the next sequences in a row are applied, the rest are held;
 * 3. run the business handler for each event to apply, one at a time, in sequence order;
 * 4. commit all of it with one write conditioned on the state read in step 1 (its version).
 * If the condition fails the call moved on meanwhile: start over from step 1, so nothing applies twice
 * and no event stays held behind a gap that another consumer filled at the same time.
 * The first event handled makes the call IN_PROGRESS; the event that fills the last gap of a pending
 * completion makes it COMPLETED.
 */
export function applyCallEvents(deps: ApplyCallEventsDeps, callId: string, incoming: CallEvent[]): Promise<ApplyOutcome> {
  return commitCallStep(deps, callId, async (state) => {
    const completing = state.completion?.lastSequence;
    const ended = state.status !== null && state.status !== 'IN_PROGRESS';
    const accepted = incoming.filter((event) => !ended && (completing === undefined || event.sequence <= completing));
    const late = incoming.filter((event) => !accepted.includes(event)).map((event) => event.sequence);
    if (late.length > 0) deps.log.warn('Events after the call was completed: ignored', { callId, status: state.status, late });

    // While a completion waits, only sequences up to its lastSequence can still be handled.
    const progress = completing === undefined ? state : { ...state, held: new Map([...state.held].filter(([sequence]) => sequence <= completing)) };
    const plan = planApply(progress, accepted);
    if (plan.hold.length > 0) {
      deps.log.warn('Events out of order: held until the gap fills', {
        callId,
        awaitingSequence: state.lastSequence + plan.apply.length + 1,
        heldSequences: plan.hold.map((event) => event.sequence),
      });
    }

    const applied = await handleInOrder(deps, plan.apply);
    const result: ApplyOutcome = {
      applied: applied.map((event) => event.sequence),
      held: plan.hold.map((event) => event.sequence),
      duplicates: plan.duplicates.map((event) => event.sequence),
      late,
    };
    const release = [...plan.released, ...plan.stale];
    const completesNow = completing !== undefined && (applied.at(-1)?.sequence ?? state.lastSequence) >= completing;
    if (completesNow) release.push(...[...state.held.keys()].filter((sequence) => sequence > completing)); // late
    if (applied.length === 0 && plan.hold.length === 0 && release.length === 0) return { result };

    const at = deps.clock.now().toISOString();
    const lastSequence = applied.at(-1)?.sequence ?? state.lastSequence;
    const changes: StatusChange[] = [];
    if (state.status === null && applied.length > 0) changes.push(transition(callId, null, 'IN_PROGRESS', at));
    if (completesNow) changes.push(transition(callId, changes.at(-1)?.to ?? state.status, 'COMPLETED', at));
    const eventCount = state.eventCount + applied.length;
    return {
      result,
      commit: {
        applied,
        hold: plan.hold,
        release,
        at,
        statusChanges: changes,
        outbox: statusEvents(deps, callId, changes, completesNow ? { lastSequence, eventCount, missingSequences: [] } : undefined),
        ...(completesNow ? { completion: null, missingSequences: [] } : {}),
      },
    };
  });
}

/** Runs the business handler for each event, one at a time, in the given order. */
export async function handleInOrder(deps: { work: EventWork; clock: CallStepDeps['clock'] }, events: CallEvent[]): Promise<AppliedEvent[]> {
  const applied: AppliedEvent[] = [];
  for (const event of events) {
    const startedAt = deps.clock.now().toISOString();
    await deps.work.handle(event);
    applied.push({ sequence: event.sequence, type: event.type, startedAt, processedAt: deps.clock.now().toISOString() });
  }
  return applied;
}

