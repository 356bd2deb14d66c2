import { describe, expect, inject, it } from 'vitest';
import { api, callReaches, eventually, sendEvents } from '../helpers/api';
import { range, uniqueId } from '../helpers/call-events';
import { connectSupervisor } from '../helpers/supervisor-socket';

// The lifecycle over the local stack, with the flaky fast AI of local-stack-setup.ts (failure rate 0.5,
// 50-150 ms, backoff from 100 ms, 4 attempts) and a 3 s completion grace period.

const maxAttempts = inject('aiMaxAttempts');
const retryBaseMs = inject('aiRetryBaseMs');
const FINAL = new Set(['ARCHIVED', 'FAILED']);

const untilFinal = (callId: string, timeoutMs = 60_000) =>
  eventually(`call ${callId} to be ARCHIVED or FAILED`, async () => {
    const { body } = await api('GET', `/calls/${callId}`);
    return FINAL.has(body.status) ? body : undefined;
  }, timeoutMs);

describe('call lifecycle', () => {
  it('takes 30 calls, each completed three times at once, to ARCHIVED or FAILED with one AI job each', async () => {
    const supervisor = await connectSupervisor();
    const calls = range(1, 30).map(() => uniqueId('life'));
    await sendEvents(calls.flatMap((callId) => range(1, 5).map((sequence) => ({ callId, sequence, type: 'speech' }))));
    await Promise.all(calls.map((callId) => callReaches(callId, 5)));

    const completedAt = Date.now();
    const answers = await Promise.all(calls.flatMap((callId) => [1, 2, 3].map(() => api('POST', `/calls/${callId}/complete`, { lastSequence: 5 }))));
    expect(answers.map((answer) => answer.status)).toEqual(answers.map(() => 202));

    const finals = await Promise.all(calls.map(async (callId) => ({ call: await untilFinal(callId), at: Date.now() })));
    const wallMs = finals.map(({ at }) => at - completedAt).sort((a, b) => a - b);

    for (const { call } of finals) {
      expect(call.history.map((entry: { status: string }) => entry.status)).toEqual(['IN_PROGRESS', 'COMPLETED', 'PROCESSING_AI', call.status]);
      expect(call.ai.attempts).toBeGreaterThanOrEqual(1);
      expect(call.ai.attempts).toBeLessThanOrEqual(maxAttempts);
      if (call.status === 'FAILED') {
        expect(call.ai.attempts).toBe(maxAttempts);
        expect(call.ai.lastError).toMatch(/simulated failure/);
      } else {
        expect(call.ai.result).toMatchObject({ model: 'simulated' });
      }
      // One job: the attempts are numbered 1..n, each after the backoff delay of the one before.
      const log = call.ai.attemptLog as Array<{ attempt: number; startedAt: string; endedAt: string }>;
      expect(log.map((entry) => entry.attempt)).toEqual(range(1, call.ai.attempts));
      for (let i = 1; i < log.length; i++) {
        const gap = Date.parse(log[i].startedAt) - Date.parse(log[i - 1].endedAt);
        expect(gap).toBeGreaterThanOrEqual(retryBaseMs * 2 ** (i - 1));
      }
    }

    // A supervisor connected from the start was pushed every transition of every call, in order.
    for (const { call } of finals) {
      const path = ['IN_PROGRESS', 'COMPLETED', 'PROCESSING_AI', call.status];
      const expected = path.map((to, i) => `${i === 0 ? null : path[i - 1]}->${to}`);
      await eventually(`the supervisor to see every transition of ${call.callId}`, async () =>
        supervisor.transitionsOf(call.callId).length >= expected.length ? true : undefined, 15_000);
      expect(supervisor.transitionsOf(call.callId)).toEqual(expected);
    }
    supervisor.close();

    const attempts = finals.map(({ call }) => call.ai.attempts);
    const perAttempts = Object.fromEntries(range(1, maxAttempts).map((n) => [n, attempts.filter((a) => a === n).length]));
    console.info(
      `[lifecycle] 30 calls: ${finals.filter(({ call }) => call.status === 'ARCHIVED').length} ARCHIVED, ` +
        `${finals.filter(({ call }) => call.status === 'FAILED').length} FAILED; calls by AI attempts ${JSON.stringify(perAttempts)}; ` +
        `complete -> final p50 ${wallMs[Math.floor(wallMs.length * 0.5)]} ms, p99 ${wallMs[Math.ceil(wallMs.length * 0.99) - 1]} ms`,
    );
  });

  it('fails a call after exactly AI_MAX_ATTEMPTS attempts, each after the backoff delay', async () => {
    const callId = uniqueId('fault.ai-fails'); // the local stage's hook: every AI attempt of this call fails
    await sendEvents([{ callId, sequence: 1, type: 'speech' }]);
    await callReaches(callId, 1);
    await api('POST', `/calls/${callId}/complete`, { lastSequence: 1 });

    const call = await untilFinal(callId);
    expect(call.status).toBe('FAILED');
    expect(call.ai).toMatchObject({ attempts: maxAttempts, lastError: expect.stringMatching(/simulated failure/) });
    const log = call.ai.attemptLog as Array<{ startedAt: string; endedAt: string; error: string }>;
    expect(log).toHaveLength(maxAttempts);
    const gaps = log.slice(1).map((entry, i) => Date.parse(entry.startedAt) - Date.parse(log[i].endedAt));
    gaps.forEach((gap, i) => expect(gap).toBeGreaterThanOrEqual(retryBaseMs * 2 ** i));
    console.info(`[lifecycle] always-failing call: gaps between attempts ${gaps.join(', ')} ms (planned from ${retryBaseMs} ms, doubling; SQS hides a message in whole seconds)`);
  });

  it('completes a call whose gap never fills once the grace period ends, naming the lost sequences', async () => {
    const callId = uniqueId('grace');
    await sendEvents([1, 2, 4, 6].map((sequence) => ({ callId, sequence, type: 'speech' })));
    await callReaches(callId, 2);
    expect((await api('POST', `/calls/${callId}/complete`, { lastSequence: 6 })).status).toBe(202);

    const waiting = await api('GET', `/calls/${callId}`);
    expect(waiting.body).toMatchObject({ status: 'IN_PROGRESS' });

    const call = await untilFinal(callId);
    expect(call).toMatchObject({ lastSequence: 6, eventCount: 4, missingSequences: [3, 5], heldSequences: [] });
    const events = await api('GET', `/calls/${callId}/events`);
    expect(events.body.events.map((event: { sequence: number }) => event.sequence)).toEqual([1, 2, 4, 6]);
  });

  it('completes as soon as the event that fills the last gap arrives', async () => {
    const callId = uniqueId('fill');
    await sendEvents([1, 3].map((sequence) => ({ callId, sequence, type: 'speech' })));
    await callReaches(callId, 1);
    await api('POST', `/calls/${callId}/complete`, { lastSequence: 3 });
    await sendEvents([{ callId, sequence: 2, type: 'speech' }]);

    const call = await untilFinal(callId);
    expect(call).toMatchObject({ lastSequence: 3, missingSequences: [] });
  });

  it('refuses a bad completion with 400 and changes nothing', async () => {
    const callId = uniqueId('bad-complete');
    await sendEvents([{ callId, sequence: 1, type: 'speech' }]);
    await callReaches(callId, 1);

    for (const body of [{}, { lastSequence: 0 }, { lastSequence: 1.5 }, { lastSequence: 1, extra: true }, 'not json']) {
      const answer = await api('POST', `/calls/${callId}/complete`, body);
      expect(answer.status).toBe(400);
      expect(answer.body.error.code).toBe('VALIDATION_ERROR');
    }
    expect((await api('POST', '/calls/bad%20id/complete', { lastSequence: 1 })).status).toBe(400);

    // A good event sent after the refused completions is still handled: the call was never completed.
    await sendEvents([{ callId, sequence: 2, type: 'speech' }]);
    const call = await callReaches(callId, 2);
    expect(call.status).toBe('IN_PROGRESS');
  });
});
