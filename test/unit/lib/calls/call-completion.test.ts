import { describe, expect, it } from 'vitest';
import type { QueuedCallMessage } from '../../../../lib/calls/call-event';
import { handleCallMessages } from '../../../../lib/calls/handle-call-messages';
import { callEvent, range } from '../../../helpers/call-events';
import { inMemoryCallDeps } from '../../../helpers/in-memory-call-deps';

const AT = '2026-01-01T00:00:00.000Z';
const events = (callId: string, sequences: number[]): QueuedCallMessage[] => sequences.map((s) => ({ kind: 'event', event: callEvent(callId, s) }));
const complete = (callId: string, lastSequence: number): QueuedCallMessage => ({ kind: 'complete', callId, lastSequence, acceptedAt: AT });
const graceOver = (callId: string, lastSequence: number): QueuedCallMessage => ({ kind: 'grace-expired', callId, lastSequence, acceptedAt: AT });

describe('completing a call', () => {
  it('completes at once when every event up to lastSequence is handled, and reports each change', async () => {
    const t = inMemoryCallDeps();
    await handleCallMessages(t.messages, 'c1', [...events('c1', [1, 2, 3]), complete('c1', 3)]);

    const call = await t.store.getCall('c1');
    expect(call).toMatchObject({ status: 'COMPLETED', lastSequence: 3, missingSequences: [] });
    expect(call!.history.map((h) => h.status)).toEqual(['IN_PROGRESS', 'COMPLETED']);
    expect(t.statusChanges('c1')).toEqual(['null->IN_PROGRESS', 'IN_PROGRESS->COMPLETED']);
    expect(t.published.filter((e) => e.type === 'CallCompleted')).toHaveLength(1);
    expect(t.timers).toEqual([]);
    expect(t.store.calls.get('c1')!.state.outbox).toEqual([]);
  });

  it('completes once however often it is asked', async () => {
    const t = inMemoryCallDeps();
    await handleCallMessages(t.messages, 'c2', [...events('c2', [1, 2]), complete('c2', 2), complete('c2', 2)]);
    await handleCallMessages(t.messages, 'c2', [complete('c2', 2)]);

    expect(t.published.filter((e) => e.type === 'CallCompleted')).toHaveLength(1);
    expect(t.statusChanges('c2')).toEqual(['null->IN_PROGRESS', 'IN_PROGRESS->COMPLETED']);
  });

  it('waits for a gap, then completes when the event that fills it arrives', async () => {
    const t = inMemoryCallDeps();
    await handleCallMessages(t.messages, 'c3', [...events('c3', [1, 3]), complete('c3', 3)]);
    expect(await t.store.getCall('c3')).toMatchObject({ status: 'IN_PROGRESS', lastSequence: 1, heldSequences: [3] });
    expect(t.timers).toEqual([{ callId: 'c3', lastSequence: 3, afterSeconds: 30 }]);

    await handleCallMessages(t.messages, 'c3', events('c3', [2, 4]));

    expect(await t.store.getCall('c3')).toMatchObject({ status: 'COMPLETED', lastSequence: 3, missingSequences: [] });
    expect(t.handled.map((h) => h.sequence)).toEqual([1, 2, 3]); // 4 came after completion at 3: late
    // The grace timer fires later and finds nothing to do.
    await handleCallMessages(t.messages, 'c3', [graceOver('c3', 3)]);
    expect(t.statusChanges('c3')).toEqual(['null->IN_PROGRESS', 'IN_PROGRESS->COMPLETED']);
  });

  it('completes when the grace period ends with the held events applied in order and the lost ones named', async () => {
    const t = inMemoryCallDeps();
    await handleCallMessages(t.messages, 'c4', [...events('c4', [1, 5, 3, 7, 9]), complete('c4', 8)]);

    await handleCallMessages(t.messages, 'c4', [graceOver('c4', 8)]);

    const call = await t.store.getCall('c4');
    expect(call).toMatchObject({ status: 'COMPLETED', lastSequence: 7, missingSequences: [2, 4, 6, 8], heldSequences: [] });
    expect(t.handled.map((h) => h.sequence)).toEqual([1, 3, 5, 7]);
    const completed = t.published.find((e) => e.type === 'CallCompleted')!;
    expect(completed.detail).toMatchObject({ callId: 'c4', missingSequences: [2, 4, 6, 8], eventCount: 4 });
  });

  it('never applies held events beyond the sequence the call is completed at', async () => {
    const t = inMemoryCallDeps();
    await handleCallMessages(t.messages, 'c7', [...events('c7', [1, 3, 4]), complete('c7', 3)]);
    await handleCallMessages(t.messages, 'c7', events('c7', [2]));

    expect(await t.store.getCall('c7')).toMatchObject({ status: 'COMPLETED', lastSequence: 3, eventCount: 3, heldSequences: [] });
    expect(t.handled.map((h) => h.sequence)).toEqual([1, 2, 3]);
    expect(t.store.calls.get('c7')!.state.held.size).toBe(0);
  });

  it('ignores events that come after the call was completed', async () => {
    const t = inMemoryCallDeps();
    await handleCallMessages(t.messages, 'c5', [...events('c5', [1]), complete('c5', 1), ...events('c5', [2, 3])]);

    expect(await t.store.getCall('c5')).toMatchObject({ status: 'COMPLETED', lastSequence: 1, eventCount: 1 });
    expect(t.handled.map((h) => h.sequence)).toEqual([1]);
  });

  it('publishes what a crash left in the outbox before anything else happens to the call', async () => {
    const t = inMemoryCallDeps();
    let failNext = true;
    const publish = t.messages.publisher.publish;
    t.messages.publisher = {
      publish: async (callId, outbox) => {
        if (failNext) {
          failNext = false;
          throw new Error('bus down');
        }
        return publish(callId, outbox);
      },
    };
    await expect(handleCallMessages(t.messages, 'c6', [...events('c6', range(1, 2)), complete('c6', 2)])).rejects.toThrow('bus down');
    expect(t.published).toEqual([]);

    // The batch is delivered again: the events are duplicates, the completion already happened.
    await handleCallMessages(t.messages, 'c6', [...events('c6', range(1, 2)), complete('c6', 2)]);

    expect(t.statusChanges('c6')).toEqual(['null->IN_PROGRESS', 'IN_PROGRESS->COMPLETED']);
    expect(t.published.filter((e) => e.type === 'CallCompleted')).toHaveLength(1);
    expect(t.handled.map((h) => h.sequence)).toEqual([1, 2]);
  });
});
