import type { CallMessagesDeps } from '../../lib/calls/handle-call-messages';
import type { AiResult, OutboxEvent } from '../../lib/calls/ports';
import type { RunAiJobDeps } from '../../lib/calls/run-ai-job';
import { InMemoryCallStore } from './in-memory-call-store';

/** The calls context on in-memory ports, with a clock the test moves and everything recorded. */
export function inMemoryCallDeps(options: { graceSeconds?: number; aiOutcomes?: Array<'ok' | 'fail'>; maxAttempts?: number; retryBaseMs?: number } = {}) {
  const store = new InMemoryCallStore();
  let now = Date.parse('2026-01-01T00:00:00.000Z');
  const clock = { now: () => new Date(now) };
  const advance = (ms: number) => void (now += ms);
  const handled: Array<{ callId: string; sequence: number }> = [];
  const published: OutboxEvent[] = [];
  const timers: Array<{ callId: string; lastSequence: number; afterSeconds: number }> = [];
  const aiCalls: string[] = [];
  const aiOutcomes = [...(options.aiOutcomes ?? [])];
  let ids = 0;
  const base = {
    store,
    clock,
    log: { info: () => {}, warn: () => {} },
    publisher: { publish: async (_callId: string, events: OutboxEvent[]) => void published.push(...events) },
    newId: () => `event-${(ids += 1)}`,
  };
  const messages: CallMessagesDeps = {
    ...base,
    work: { handle: async (event) => void handled.push({ callId: event.callId, sequence: event.sequence }) },
    timer: { start: async (callId, lastSequence, afterSeconds) => void timers.push({ callId, lastSequence, afterSeconds }) },
    graceSeconds: options.graceSeconds ?? 30,
  };
  const aiJobs: RunAiJobDeps = {
    ...base,
    ai: {
      analyze: async ({ callId }): Promise<AiResult> => {
        aiCalls.push(callId);
        if ((aiOutcomes.shift() ?? 'ok') === 'fail') throw new Error('AI down');
        return { summary: `summary of ${callId}`, model: 'test' };
      },
    },
    maxAttempts: options.maxAttempts ?? 4,
    retryBaseMs: options.retryBaseMs ?? 1000,
    random: () => 0,
  };
  const statusChanges = (callId: string) =>
    published.filter((event) => event.type === 'CallStatusChanged' && event.detail.callId === callId).map((event) => `${event.detail.from}->${event.detail.to}`);
  return { store, clock, advance, handled, published, timers, aiCalls, messages, aiJobs, statusChanges };
}
