import { describe, expect, inject, it } from 'vitest';
import { api, callReaches, sendEvents } from '../helpers/api';
import { range, shuffle, uniqueId } from '../helpers/call-events';

interface HandledEvent {
  sequence: number;
  type: string;
  startedAt: string;
  processedAt: string;
}

/** Most calls being handled at one instant, from each event's [startedAt, processedAt]. */
function peakConcurrentCalls(eventsByCall: Map<string, HandledEvent[]>): number {
  const edges: Array<{ at: number; delta: number }> = [];
  for (const events of eventsByCall.values()) {
    for (const event of events) {
      edges.push({ at: Date.parse(event.startedAt), delta: +1 }, { at: Date.parse(event.processedAt), delta: -1 });
    }
  }
  // An event that ends at the instant another starts does not overlap it.
  edges.sort((a, b) => a.at - b.at || a.delta - b.delta);
  let current = 0;
  let peak = 0;
  for (const edge of edges) peak = Math.max(peak, (current += edge.delta));
  return peak;
}

describe('ordered, capped, exactly-once call events', () => {
  it('handles 50 calls x 20 shuffled, 10% duplicated events once each, in order, never more than the cap at once', { timeout: 300_000 }, async () => {
    // Given 50 calls whose events arrive shuffled within each call, with 10% duplicates
    const cap = inject('maxConcurrentCalls');
    const calls = range(1, 50).map(() => uniqueId('order'));
    const perCall = calls.map((callId, i) => {
      const sequences = shuffle(range(1, 20), i + 1);
      const duplicates = shuffle(range(1, 20), i + 101).slice(0, 2);
      return shuffle([...sequences, ...duplicates], i + 201).map((sequence) => ({ callId, sequence, type: 'utterance', payload: { sequence } }));
    });
    // each call's events together, as a call's own gateway sends them, in batches of 100
    const stream = perCall.flat();

    // When they are sent through POST /events, honouring backpressure
    await sendEvents(stream, 100);

    // Then every call ends with 1..20 handled exactly once, in order
    const eventsByCall = new Map<string, HandledEvent[]>();
    for (const callId of calls) {
      const call = await callReaches(callId, 20, 240_000);
      expect(call).toMatchObject({ status: 'IN_PROGRESS', lastSequence: 20, eventCount: 20, heldSequences: [] });
      const { body } = await api('GET', `/calls/${callId}/events`);
      expect(body.events.map((e: HandledEvent) => e.sequence)).toEqual(range(1, 20));
      eventsByCall.set(callId, body.events);
    }
    // and calls ran in parallel, but never more of them than the cap
    const peak = peakConcurrentCalls(eventsByCall);
    expect(peak).toBeLessThanOrEqual(cap);
    expect(peak).toBeGreaterThanOrEqual(cap - 1);
  });

  it('handles one call one event at a time: no two of its events overlap', async () => {
    const callId = uniqueId('serial');
    for (const sequence of [3, 1, 2, 5, 4]) {
      expect((await api('POST', `/calls/${callId}/events`, { sequence, type: 'step' })).status).toBe(202);
    }

    await callReaches(callId, 5);

    const { body } = await api('GET', `/calls/${callId}/events`);
    const events: HandledEvent[] = body.events;
    expect(events.map((e) => e.sequence)).toEqual([1, 2, 3, 4, 5]);
    for (let i = 1; i < events.length; i++) {
      expect(Date.parse(events[i].startedAt)).toBeGreaterThanOrEqual(Date.parse(events[i - 1].processedAt));
    }
  });

  it('holds events behind a gap, lists them, and applies them once the gap fills', async () => {
    // Given sequences 1, 3 and 4 of a call
    const callId = uniqueId('gap');
    await api('POST', '/events', { events: [1, 3, 4].map((sequence) => ({ callId, sequence, type: 'step' })) });

    // Then 1 is handled and 3, 4 are held
    const held = await callReaches(callId, 1);
    expect(held.lastSequence).toBe(1);
    expect(held.heldSequences).toEqual([3, 4]);

    // When 2 arrives, then all are handled in order
    await api('POST', `/calls/${callId}/events`, { sequence: 2, type: 'step' });
    const call = await callReaches(callId, 4);
    expect(call).toMatchObject({ lastSequence: 4, eventCount: 4, heldSequences: [] });
  });
});
