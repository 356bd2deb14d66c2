import { describe, expect, it } from 'vitest';
import { applyCallEvents, type ApplyCallEventsDeps } from '../../../../lib/calls/apply-call-events';
import { StaleCallProgressError } from '../../../../lib/calls/errors';
import type { Clock } from '../../../../lib/shared/clock';
import { callEvent, range, shuffle } from '../../../helpers/call-events';
import { InMemoryCallStore } from '../../../helpers/in-memory-call-store';

function setup() {
  const store = new InMemoryCallStore();
  let ms = Date.parse('2026-01-01T00:00:00.000Z');
  const clock: Clock = { now: () => new Date((ms += 1)) };
  const handled: number[] = [];
  let ids = 0;
  const deps: ApplyCallEventsDeps = {
    store,
    clock,
    work: { handle: async (event) => void handled.push(event.sequence) },
    log: { info: () => {}, warn: () => {} },
    publisher: { publish: async () => {} },
    newId: () => `event-${(ids += 1)}`,
  };
  return { store, deps, handled };
}

describe('applyCallEvents', () => {
  it('handles a shuffled, duplicated stream exactly once in sequence order, whatever the delivery runs', async () => {
    const { store, deps, handled } = setup();
    const stream = shuffle([...range(1, 30), 3, 17, 29, 30], 42).map((s) => callEvent('call-1', s));

    for (let i = 0; i < stream.length; i += 4) await applyCallEvents(deps, 'call-1', stream.slice(i, i + 4));

    expect(handled).toEqual(range(1, 30));
    expect(store.calls.get('call-1')!.applied.map((e) => e.sequence)).toEqual(range(1, 30));
    expect(store.calls.get('call-1')!.state.held.size).toBe(0);
  });

  it('holds events behind a gap and reports them until the gap fills', async () => {
    const { store, deps } = setup();

    const first = await applyCallEvents(deps, 'call-2', [1, 3, 4].map((s) => callEvent('call-2', s)));
    expect(first).toMatchObject({ applied: [1], held: [3, 4] });
    expect((await store.getCall('call-2'))!.heldSequences).toEqual([3, 4]);

    const second = await applyCallEvents(deps, 'call-2', [callEvent('call-2', 2)]);
    expect(second.applied).toEqual([2, 3, 4]);
    expect((await store.getCall('call-2'))!.heldSequences).toEqual([]);
  });

  it('applies nothing again when a committed batch is redelivered (crash before the delete)', async () => {
    const { store, deps, handled } = setup();
    const batch = [1, 2, 3].map((s) => callEvent('call-3', s));
    await applyCallEvents(deps, 'call-3', batch);

    const again = await applyCallEvents(deps, 'call-3', batch);

    expect(again).toEqual({ applied: [], held: [], late: [], duplicates: [1, 2, 3] });
    expect(handled).toEqual([1, 2, 3]);
    expect(store.commits).toBe(1);
  });

  it('plans again when another consumer moved the call on between the read and the write', async () => {
    const { store, deps } = setup();
    await applyCallEvents(deps, 'call-4', [callEvent('call-4', 1)]);
    let raced = false;
    store.beforeCommit = (commit) => {
      if (raced) return;
      raced = true;
      // A concurrent consumer applies 2 first.
      const call = store.calls.get(commit.callId)!;
      call.applied.push({ sequence: 2, type: 't', startedAt: '', processedAt: '' });
      call.state.lastSequence = 2;
      call.state.version += 1;
    };

    const outcome = await applyCallEvents(deps, 'call-4', [2, 3].map((s) => callEvent('call-4', s)));

    expect(outcome).toMatchObject({ applied: [3], duplicates: [2] });
    expect(store.calls.get('call-4')!.applied.map((e) => e.sequence)).toEqual([1, 2, 3]);
  });

  it('gives up after repeated conflicts so the records return to the queue', async () => {
    const { store, deps } = setup();
    let attempts = 0;
    store.commit = async (commit) => {
      attempts += 1;
      throw new StaleCallProgressError(commit.callId, commit.expectedVersion);
    };

    await expect(applyCallEvents(deps, 'call-5', [callEvent('call-5', 1)])).rejects.toBeInstanceOf(StaleCallProgressError);
    expect(attempts).toBe(3);
  });
});

describe('applyCallEvents with two consumers on one call at once', () => {
  it('never leaves events held behind a gap the other consumer filled meanwhile', async () => {
    // Given consumer A reads the call, then consumer B holds 3..4 before A commits 1..2
    const { store, deps } = setup();
    let interleaved = false;
    store.beforeCommit = () => {
      if (interleaved) return;
      interleaved = true;
      const call = store.calls.get('call-6')!;
      for (const sequence of [3, 4]) call.state.held.set(sequence, callEvent('call-6', sequence));
      call.state.version += 1;
    };

    // When A commits
    await applyCallEvents(deps, 'call-6', [1, 2].map((s) => callEvent('call-6', s)));

    // Then A saw the conflict, read again and applied the held events too
    const call = store.calls.get('call-6')!;
    expect(call.applied.map((e) => e.sequence)).toEqual([1, 2, 3, 4]);
    expect(call.state.held.size).toBe(0);
  });
});
