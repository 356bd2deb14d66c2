import { describe, expect, it } from 'vitest';
import { MAX_EVENT_BYTES, parseEventBatch } from '../../../../lib/calls/call-event';
import { deduplicationId } from '../../../../lib/calls/adapters/sqs-call-event-queue';

describe('parseEventBatch', () => {
  it('accepts a valid batch', () => {
    const { events, problems } = parseEventBatch({ events: [{ callId: 'a', sequence: 1, type: 't', payload: { x: 1 } }] });
    expect(problems).toEqual([]);
    expect(events).toHaveLength(1);
  });

  it('names every bad entry by its index', () => {
    const { problems } = parseEventBatch({
      events: [
        { callId: 'a', sequence: 1, type: 't' },
        { callId: 'bad id', sequence: 1, type: 't' },
        { callId: 'a', sequence: 0, type: 't' },
        { callId: 'a', sequence: 2, type: 'x'.repeat(65) },
        { callId: 'a', sequence: 3, type: 't', payload: 'x'.repeat(MAX_EVENT_BYTES) },
        { callId: 'a', sequence: 4, type: 't', extra: true },
      ],
    });
    expect([...new Set(problems.map((p) => p.index))]).toEqual([1, 2, 3, 4, 5]);
  });

  it('refuses an empty batch, more than 500 events, and a body without events', () => {
    expect(parseEventBatch({ events: [] }).problems).not.toEqual([]);
    expect(parseEventBatch({ events: Array.from({ length: 501 }, (_, i) => ({ callId: 'a', sequence: i + 1, type: 't' })) }).problems).not.toEqual([]);
    expect(parseEventBatch([1, 2]).problems).not.toEqual([]);
  });
});

describe('deduplicationId', () => {
  it('is callId#sequence, hashed to fit SQS when too long', () => {
    expect(deduplicationId('call-1', 7)).toBe('call-1#7');
    const long = deduplicationId('c'.repeat(128), 7);
    expect(long).toMatch(/^[0-9a-f]{64}$/);
    expect(long).not.toBe(deduplicationId('c'.repeat(128), 8));
  });
});
