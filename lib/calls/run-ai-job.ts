import { type CallStepDeps, commitCallStep, statusEvents } from './commit-call';
import { aiRetryDelayMs, transition } from './lifecycle';
import type { AiAnalyzer, AiJob, CallState } from './ports';

// The AI job of a completed call, driven by a CallCompleted message on the AI-jobs queue. One delivery
// makes at most one attempt; a failed attempt is retried by delivering the same message again after an
// exponential backoff (the handler hides the message for that long: nothing sleeps in the function).
// - COMPLETED -> PROCESSING_AI, recording this message as the job's owner. A copy of the message (an
//   event delivered twice) finds the job owned by another message and is dropped: one job per call.
// - each attempt is counted in the call before it starts, so a crash mid-attempt still counts it;
// - success: ARCHIVED with the result; failure of the last allowed attempt: FAILED with the error.

export interface RunAiJobDeps extends CallStepDeps {
  ai: AiAnalyzer;
  maxAttempts: number;
  retryBaseMs: number;
  random: () => number;
}

export type AiJobOutcome = { status: 'done' | 'dropped' } | { status: 'retry'; afterMs: number };

export async function runAiJob(deps: RunAiJobDeps, callId: string, messageId: string): Promise<AiJobOutcome> {
  const claim = await commitCallStep<Claim>(deps, callId, async (state) => {
    const at = deps.clock.now().toISOString();
    if (state.status === 'COMPLETED') {
      const changes = [transition(callId, 'COMPLETED', 'PROCESSING_AI', at)];
      const ai: AiJob = { attempts: 1, messageId, attemptLog: [{ attempt: 1, startedAt: at }] };
      return { result: { attempt: 1, state }, commit: { ...unchanged(at), statusChanges: changes, ai, outbox: statusEvents(deps, callId, changes) } };
    }
    if (state.status !== 'PROCESSING_AI' || state.ai.messageId !== messageId) return { result: { skip: 'dropped', state } };
    if (state.ai.attempts >= deps.maxAttempts) {
      // The last allowed attempt started but never reported (a crash or a timeout): no attempt beyond it.
      const changes = [transition(callId, 'PROCESSING_AI', 'FAILED', at)];
      const lastError = `attempt ${state.ai.attempts} did not finish`;
      return { result: { skip: 'dropped', state }, commit: { ...unchanged(at), statusChanges: changes, ai: { ...state.ai, lastError }, outbox: statusEvents(deps, callId, changes) } };
    }
    const wait = state.ai.nextAttemptAt ? Date.parse(state.ai.nextAttemptAt) - Date.parse(at) : 0;
    if (wait > 0) return { result: { skip: 'early', afterMs: wait, state } };
    const attempt = state.ai.attempts + 1;
    const ai: AiJob = { ...state.ai, attempts: attempt, nextAttemptAt: undefined, attemptLog: [...state.ai.attemptLog, { attempt, startedAt: at }] };
    return { result: { attempt, state }, commit: { ...unchanged(at), ai } };
  });

  if ('skip' in claim) {
    if (claim.skip === 'early') return { status: 'retry', afterMs: claim.afterMs! };
    if (claim.state.status === 'PROCESSING_AI') deps.log.warn('AI job message dropped: another message owns the job', { callId, messageId });
    return { status: 'dropped' };
  }

  let outcome: { result?: Awaited<ReturnType<AiAnalyzer['analyze']>>; error?: string };
  try {
    outcome = { result: await deps.ai.analyze({ callId, eventCount: claim.state.eventCount }) };
  } catch (error) {
    outcome = { error: (error as Error).message };
  }

  return commitCallStep<AiJobOutcome>(deps, callId, async (state) => {
    // Only the owner changes the job, and only the attempt it claimed.
    if (state.status !== 'PROCESSING_AI' || state.ai.messageId !== messageId || state.ai.attempts !== claim.attempt) return { result: { status: 'dropped' } };
    const at = deps.clock.now().toISOString();
    const attemptLog = state.ai.attemptLog.map((entry) => (entry.attempt === claim.attempt ? { ...entry, endedAt: at, ...(outcome.error ? { error: outcome.error } : {}) } : entry));
    if (outcome.result) {
      const changes = [transition(callId, 'PROCESSING_AI', 'ARCHIVED', at)];
      return { result: { status: 'done' }, commit: { ...unchanged(at), statusChanges: changes, ai: { ...state.ai, result: outcome.result, lastError: undefined, attemptLog }, outbox: statusEvents(deps, callId, changes) } };
    }
    if (claim.attempt >= deps.maxAttempts) {
      const changes = [transition(callId, 'PROCESSING_AI', 'FAILED', at)];
      deps.log.warn('AI job failed for good', { callId, attempts: claim.attempt, error: outcome.error });
      return { result: { status: 'done' }, commit: { ...unchanged(at), statusChanges: changes, ai: { ...state.ai, lastError: outcome.error, attemptLog }, outbox: statusEvents(deps, callId, changes) } };
    }
    const afterMs = aiRetryDelayMs(claim.attempt, deps.retryBaseMs, deps.random());
    const nextAttemptAt = new Date(Date.parse(at) + afterMs).toISOString();
    deps.log.info('AI attempt failed; retrying after backoff', { callId, attempt: claim.attempt, afterMs, error: outcome.error });
    return { result: { status: 'retry', afterMs }, commit: { ...unchanged(at), ai: { ...state.ai, lastError: outcome.error, nextAttemptAt, attemptLog } } };
  });
}

type Claim = { attempt: number; state: CallState; skip?: never } | { skip: 'dropped' | 'early'; afterMs?: number; state: CallState };

function unchanged(at: string) {
  return { applied: [], hold: [], release: [], at };
}
