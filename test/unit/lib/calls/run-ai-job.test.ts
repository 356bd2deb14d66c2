import { describe, expect, it } from 'vitest';
import { handleCallMessages } from '../../../../lib/calls/handle-call-messages';
import { runAiJob } from '../../../../lib/calls/run-ai-job';
import { callEvent } from '../../../helpers/call-events';
import { inMemoryCallDeps } from '../../../helpers/in-memory-call-deps';

async function completedCall(options: Parameters<typeof inMemoryCallDeps>[0], callId = 'c') {
  const t = inMemoryCallDeps(options);
  await handleCallMessages(t.messages, callId, [
    { kind: 'event', event: callEvent(callId, 1) },
    { kind: 'complete', callId, lastSequence: 1, acceptedAt: '2026-01-01T00:00:00.000Z' },
  ]);
  return t;
}

/** Delivers the message until the job is done, waiting out each retry delay: the delays asked for. */
async function deliverUntilDone(t: Awaited<ReturnType<typeof completedCall>>, messageId: string, callId = 'c') {
  const delays: number[] = [];
  for (;;) {
    const outcome = await runAiJob(t.aiJobs, callId, messageId);
    if (outcome.status !== 'retry') return { outcome, delays };
    delays.push(outcome.afterMs);
    t.advance(outcome.afterMs);
  }
}

describe('runAiJob', () => {
  it('archives the call with the result on success', async () => {
    const t = await completedCall({ aiOutcomes: ['ok'] });
    const { outcome } = await deliverUntilDone(t, 'm1');

    expect(outcome).toEqual({ status: 'done' });
    const call = await t.store.getCall('c');
    expect(call).toMatchObject({ status: 'ARCHIVED', ai: { attempts: 1, result: { summary: 'summary of c' } } });
    expect(t.statusChanges('c')).toEqual(['null->IN_PROGRESS', 'IN_PROGRESS->COMPLETED', 'COMPLETED->PROCESSING_AI', 'PROCESSING_AI->ARCHIVED']);
  });

  it('retries with exponential backoff and archives on a later success, counting every attempt', async () => {
    const t = await completedCall({ aiOutcomes: ['fail', 'fail', 'ok'], retryBaseMs: 1000 });
    const { delays } = await deliverUntilDone(t, 'm1');

    expect(delays).toEqual([1000, 2000]);
    expect(await t.store.getCall('c')).toMatchObject({ status: 'ARCHIVED', ai: { attempts: 3, lastError: undefined } });
    const log = (await t.store.getCall('c'))!.ai!.attemptLog;
    expect(log.map((entry) => [entry.attempt, entry.error])).toEqual([[1, 'AI down'], [2, 'AI down'], [3, undefined]]);
  });

  it('fails the call after exactly AI_MAX_ATTEMPTS failed attempts, with the last error', async () => {
    const t = await completedCall({ aiOutcomes: ['fail', 'fail', 'fail', 'fail', 'ok'], maxAttempts: 4 });
    const { delays } = await deliverUntilDone(t, 'm1');

    expect(delays).toEqual([1000, 2000, 4000]);
    expect(t.aiCalls).toHaveLength(4);
    expect(await t.store.getCall('c')).toMatchObject({ status: 'FAILED', ai: { attempts: 4, lastError: 'AI down' } });
    expect(t.statusChanges('c').at(-1)).toBe('PROCESSING_AI->FAILED');
  });

  it('runs one job when CallCompleted is delivered twice: the second message is dropped', async () => {
    const t = await completedCall({ aiOutcomes: ['fail', 'ok'] });
    const first = await runAiJob(t.aiJobs, 'c', 'm1');
    expect(first.status).toBe('retry');

    expect(await runAiJob(t.aiJobs, 'c', 'm2')).toEqual({ status: 'dropped' });
    t.advance(1000);
    await deliverUntilDone(t, 'm1');
    expect(await runAiJob(t.aiJobs, 'c', 'm2')).toEqual({ status: 'dropped' });

    expect(t.aiCalls).toEqual(['c', 'c']);
    expect(t.statusChanges('c').filter((change) => change === 'COMPLETED->PROCESSING_AI')).toHaveLength(1);
  });

  it('fails the call instead of attempting once more when the last allowed attempt never reported', async () => {
    const t = await completedCall({ aiOutcomes: ['fail', 'fail'], maxAttempts: 2 });
    await runAiJob(t.aiJobs, 'c', 'm1');
    t.advance(1000);
    // Attempt 2 is claimed, then the worker dies before it reports.
    t.aiJobs.ai = { analyze: () => new Promise(() => {}) };
    void runAiJob(t.aiJobs, 'c', 'm1');
    await new Promise((resolve) => setTimeout(resolve, 10));

    expect(await runAiJob(t.aiJobs, 'c', 'm1')).toEqual({ status: 'dropped' });
    expect(await t.store.getCall('c')).toMatchObject({ status: 'FAILED', ai: { attempts: 2, lastError: 'attempt 2 did not finish' } });
  });

  it('does not attempt again before the backoff delay is over (an early redelivery waits the rest)', async () => {
    const t = await completedCall({ aiOutcomes: ['fail', 'ok'] });
    await runAiJob(t.aiJobs, 'c', 'm1');
    t.advance(400);

    expect(await runAiJob(t.aiJobs, 'c', 'm1')).toEqual({ status: 'retry', afterMs: 600 });
    expect(t.aiCalls).toHaveLength(1);
  });
});
