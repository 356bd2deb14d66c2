import type { CallEvent } from './call-event';

// Pure decision of what to do with a run of a call's events, given what is already applied and held.

export interface CallProgress {
  /** Highest sequence applied, with every sequence before it applied too (0: none yet). */
  lastSequence: number;
  /** Events waiting for an earlier sequence, by sequence. */
  held: ReadonlyMap<number, CallEvent>;
  /** Bumped by every commit (holds included): the optimistic lock of the call's state. */
  version: number;
}

export interface ApplyPlan {
  /** Events to apply now, in sequence order: lastSequence+1, +2, ... without a gap. */
  apply: CallEvent[];
  /** Newly arrived events ahead of a gap, to keep until it fills. */
  hold: CallEvent[];
  /** Sequences already applied, already held, or repeated in this run: accepted and ignored. */
  duplicates: CallEvent[];
  /** Held events that this plan applies (to remove from the held set). */
  released: number[];
  /** Held events at or below lastSequence, left over by an interrupted consumer. */
  stale: number[];
}

export function planApply(progress: CallProgress, incoming: readonly CallEvent[]): ApplyPlan {
  const fresh = new Map<number, CallEvent>();
  const duplicates: CallEvent[] = [];
  for (const event of incoming) {
    const seen = event.sequence <= progress.lastSequence || progress.held.has(event.sequence) || fresh.has(event.sequence);
    if (seen) duplicates.push(event);
    else fresh.set(event.sequence, event);
  }

  const apply: CallEvent[] = [];
  const released: number[] = [];
  for (let next = progress.lastSequence + 1; ; next++) {
    const event = fresh.get(next) ?? progress.held.get(next);
    if (!event) break;
    apply.push(event);
    if (fresh.delete(next) === false) released.push(next);
  }

  const hold = [...fresh.values()].sort((a, b) => a.sequence - b.sequence);
  const stale = [...progress.held.keys()].filter((sequence) => sequence <= progress.lastSequence);
  return { apply, hold, duplicates, released, stale };
}
