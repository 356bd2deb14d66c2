import { describe, expect, inject, it } from 'vitest';
import { api, callReaches } from '../helpers/api';
import { range, uniqueId } from '../helpers/call-events';

describe('backpressure', () => {
  it('answers 429 with Retry-After past MAX_BACKLOG_EVENTS and queues nothing of the refused request', { timeout: 240_000 }, async () => {
    // Given batches of 100 events (10 calls x 10) sent back to back, faster than the consumers drain
    const limit = inject('maxBacklogEvents');
    const accepted: string[] = [];
    let refused: { calls: string[]; retryAfter: string | null; code: string } | undefined;

    for (let request = 0; request < Math.ceil(limit / 100) + 10 && !refused; request++) {
      const calls = range(1, 10).map(() => uniqueId('pressure'));
      const events = calls.flatMap((callId) => range(1, 10).map((sequence) => ({ callId, sequence, type: 'load' })));
      const response = await api('POST', '/events', { events });
      if (response.status === 202) accepted.push(...calls);
      else if (response.status === 429) refused = { calls, retryAfter: response.headers.get('retry-after'), code: response.body.error.code };
      else throw new Error(`unexpected ${response.status}: ${JSON.stringify(response.body)}`);
    }

    // Then a request was refused, with a retry delay
    expect(refused).toBeDefined();
    expect(refused!.code).toBe('RESOURCE_EXHAUSTED');
    expect(Number(refused!.retryAfter)).toBeGreaterThanOrEqual(1);
    // and once the accepted work drains, none of the refused calls has anything handled
    for (const callId of accepted) await callReaches(callId, 10, 120_000);
    for (const callId of refused!.calls) expect((await api('GET', `/calls/${callId}`)).status).toBe(404);
  });
});
