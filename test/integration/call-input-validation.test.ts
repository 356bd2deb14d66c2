import { describe, expect, it } from 'vitest';
import { api, callReaches } from '../helpers/api';
import { uniqueId } from '../helpers/call-events';

const expectError = (response: { status: number; body: any }, status: number, code: string) => {
  expect(response.status).toBe(status);
  expect(response.body.error).toMatchObject({ code, message: expect.any(String) });
};

describe('bad input', () => {
  it('gets a clear 4xx and enqueues nothing', async () => {
    const callId = uniqueId('bad');

    expectError(await api('POST', `/calls/${callId}/events`, '{"sequence": 1, "type": '), 400, 'VALIDATION_ERROR');
    expectError(await api('POST', `/calls/${callId}/events`, { sequence: 0, type: 't' }), 400, 'VALIDATION_ERROR');
    expectError(await api('POST', `/calls/${callId}/events`, { sequence: 2.5, type: 't' }), 400, 'VALIDATION_ERROR');
    expectError(await api('POST', `/calls/${callId}/events`, { sequence: 2, type: '' }), 400, 'VALIDATION_ERROR');
    expectError(await api('POST', `/calls/${callId}/events`, { sequence: 2, type: 't', timestamp: 'yesterday' }), 400, 'VALIDATION_ERROR');
    expectError(await api('POST', `/calls/${callId}/events`, [{ sequence: 2, type: 't' }]), 400, 'VALIDATION_ERROR');
    expectError(await api('POST', `/calls/${encodeURIComponent('a b')}/events`, { sequence: 2, type: 't' }), 400, 'VALIDATION_ERROR');
    expectError(await api('POST', `/calls/${callId}/events`, { sequence: 2, type: 't', payload: 'x'.repeat(70_000) }), 413, 'PAYLOAD_TOO_LARGE');
    expectError(await api('POST', '/events', { events: [] }), 400, 'VALIDATION_ERROR');
    const batch = await api('POST', '/events', {
      events: [
        { callId, sequence: 2, type: 't' },
        { callId, sequence: -1, type: 't' },
        { callId, sequence: 3, type: 't' },
        { callId: 'no spaces allowed', sequence: 4, type: 't' },
      ],
    });
    expectError(batch, 400, 'VALIDATION_ERROR');
    expect([...new Set(batch.body.error.details.map((d: { index: number }) => d.index))]).toEqual([1, 3]);

    // Then only a later valid event is applied: none of the refused ones (2, 3) was queued before it
    expect((await api('POST', `/calls/${callId}/events`, { sequence: 1, type: 't' })).status).toBe(202);
    const call = await callReaches(callId, 1);
    expect(call).toMatchObject({ lastSequence: 1, eventCount: 1, heldSequences: [] });
  });

  it('answers 404 for a call with nothing handled, and 400 for a malformed id', async () => {
    expectError(await api('GET', `/calls/${uniqueId('unknown')}`), 404, 'NOT_FOUND');
    expectError(await api('GET', `/calls/${uniqueId('unknown')}/events`), 404, 'NOT_FOUND');
    expectError(await api('GET', `/calls/${'x'.repeat(129)}`), 400, 'VALIDATION_ERROR');
  });

  it('answers health', async () => {
    const response = await api('GET', '/health');
    expect(response).toMatchObject({ status: 200, body: { status: 'ok' } });
  });
});
