import type { Clock } from '../shared/clock';
import type { AppliedEvent, CallEvent } from './call-event';
import { planApply } from './apply-plan';
import { StaleCallProgressError } from './errors';
import type { CallStore, EventWork } from './ports';

export interface ApplyCallEventsDeps {
  store: CallStore;
  work: EventWork;
  clock: Clock;
  log: { info(message: string, extra: Record<string, unknown>): void; warn(message: string, extra: Record<string, unknown>): void };
}

export interface ApplyOutcome {
  applied: number[];
  held: number[];
  duplicates: number[];
}

const MAX_ATTEMPTS = 3;

/**
 * Applies a run of one call's events, received in queue order:
 * 1. read how far the call got (last applied sequence, events held behind a gap);
 * 2. plan: duplicates are ignored, the next sequences in a row are applied, the rest are held;
 * 3. run the business handler for each event to apply, one at a time, in sequence order;
 * 4. commit all of it with one write conditioned on the state read in step 1 (its version).
 * If the condition fails the call moved on meanwhile: start over from step 1, so nothing applies twice
 * and no event stays held behind a gap that another consumer filled at the same time.
 */
export async function applyCallEvents(deps: ApplyCallEventsDeps, callId: string, incoming: CallEvent[]): Promise<ApplyOutcome> {
  for (let attempt = 1; ; attempt++) {
    const progress = await deps.store.loadProgress(callId);
    const plan = planApply(progress, incoming);
    if (plan.hold.length > 0) {
      deps.log.warn('Events out of order: held until the gap fills', {
        callId,
        awaitingSequence: progress.lastSequence + plan.apply.length + 1,
        heldSequences: plan.hold.map((event) => event.sequence),
      });
    }

    const applied: AppliedEvent[] = [];
    for (const event of plan.apply) {
      const startedAt = deps.clock.now().toISOString();
      await deps.work.handle(event);
      applied.push({ sequence: event.sequence, type: event.type, startedAt, processedAt: deps.clock.now().toISOString() });
    }

    const outcome: ApplyOutcome = {
      applied: applied.map((event) => event.sequence),
      held: plan.hold.map((event) => event.sequence),
      duplicates: plan.duplicates.map((event) => event.sequence),
    };
    const release = [...plan.released, ...plan.stale];
    if (applied.length === 0 && plan.hold.length === 0 && release.length === 0) return outcome;

    try {
      await deps.store.commit({
        callId,
        expectedLastSequence: progress.lastSequence,
        expectedVersion: progress.version,
        applied,
        hold: plan.hold,
        release,
        at: deps.clock.now().toISOString(),
      });
      deps.log.info('Call events committed', { callId, ...outcome });
      return outcome;
    } catch (error) {
      if (!(error instanceof StaleCallProgressError) || attempt >= MAX_ATTEMPTS) throw error;
      deps.log.warn('Call moved on meanwhile; planning again', { callId, attempt });
    }
  }
}
