import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CRASH_AFTER_COMMIT } from '../../lib/shared/fault-injection';
import { api, callReaches } from '../helpers/api';
import { range, uniqueId } from '../helpers/call-events';

describe('a consumer crash mid-batch', () => {
  it('loses nothing and applies nothing twice when the batch is delivered again', async () => {
    // Given two calls in one request: the first makes the consumer crash right after committing it
    // (first delivery only), before the batch is acknowledged and before the second call is handled
    const crashing = uniqueId('crash');
    const bystander = uniqueId('bystander');
    const events = [
      ...range(1, 5).map((sequence) => ({ callId: crashing, sequence, type: sequence === 3 ? CRASH_AFTER_COMMIT : 'step' })),
      ...range(1, 5).map((sequence) => ({ callId: bystander, sequence, type: 'step' })),
    ];

    // When the events are sent
    expect((await api('POST', '/events', { events })).status).toBe(202);

    // Then both calls end with 1..5 applied exactly once, in order
    for (const callId of [crashing, bystander]) {
      const call = await callReaches(callId, 5);
      expect(call).toMatchObject({ lastSequence: 5, eventCount: 5, heldSequences: [] });
      const { body } = await api('GET', `/calls/${callId}/events`);
      expect(body.events.map((e: { sequence: number }) => e.sequence)).toEqual(range(1, 5));
    }
    // and the crash really happened, in the crashing call's consumer
    const log = readFileSync('.local/offline.log', 'utf8');
    expect(log).toMatch(new RegExp(`Injected crash[^\\n]*"callId":"${crashing}"|"callId":"${crashing}"[^\\n]*Injected crash`));
  });
});
