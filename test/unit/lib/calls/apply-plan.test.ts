import { describe, expect, it } from 'vitest';
import { planApply } from '../../../../lib/calls/apply-plan';
import { callEvent } from '../../../helpers/call-events';

const sequences = (events: { sequence: number }[]) => events.map((event) => event.sequence);
const progress = (lastSequence: number, held: number[] = []) => ({
  lastSequence,
  held: new Map(held.map((sequence) => [sequence, callEvent('c', sequence)])),
  version: 1,
});

describe('planApply', () => {
  it('applies events that follow the last applied sequence, in sequence order', () => {
    const plan = planApply(progress(0), [1, 2, 3].map((s) => callEvent('c', s)));
    expect(sequences(plan.apply)).toEqual([1, 2, 3]);
    expect(plan.hold).toEqual([]);
  });

  it('holds events that arrive ahead of a missing sequence', () => {
    const plan = planApply(progress(2), [5, 4].map((s) => callEvent('c', s)));
    expect(plan.apply).toEqual([]);
    expect(sequences(plan.hold)).toEqual([4, 5]);
  });

  it('releases held events once the gap fills, in order, and applies the rest of the run', () => {
    const plan = planApply(progress(2, [4, 5, 7]), [3].map((s) => callEvent('c', s)));
    expect(sequences(plan.apply)).toEqual([3, 4, 5]);
    expect(plan.released).toEqual([4, 5]);
    expect(plan.hold).toEqual([]);
  });

  it('orders a shuffled run and holds only what stays behind a gap', () => {
    const plan = planApply(progress(0), [3, 1, 6, 2, 5].map((s) => callEvent('c', s)));
    expect(sequences(plan.apply)).toEqual([1, 2, 3]);
    expect(sequences(plan.hold)).toEqual([5, 6]);
  });

  it('ignores duplicates: already applied, already held, or repeated in the same run', () => {
    const plan = planApply(progress(3, [5]), [2, 5, 4, 4, 3].map((s) => callEvent('c', s)));
    expect(sequences(plan.duplicates)).toEqual([2, 5, 4, 3]);
    expect(sequences(plan.apply)).toEqual([4, 5]);
    expect(plan.released).toEqual([5]);
  });

  it('applies nothing twice when a whole run is delivered again', () => {
    const plan = planApply(progress(3), [1, 2, 3].map((s) => callEvent('c', s)));
    expect(plan.apply).toEqual([]);
    expect(plan.hold).toEqual([]);
    expect(sequences(plan.duplicates)).toEqual([1, 2, 3]);
  });

  it('marks held events at or below the last applied sequence as stale', () => {
    const plan = planApply(progress(6, [4, 8]), []);
    expect(plan.stale).toEqual([4]);
    expect(plan.apply).toEqual([]);
  });
});
