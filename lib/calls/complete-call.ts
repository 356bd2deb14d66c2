import type { Clock } from '../shared/clock';
import { handleInOrder } from './apply-call-events';
import { type CallStepDeps, commitCallStep, statusEvents } from './commit-call';
import { transition, type StatusChange } from './lifecycle';
import type { CallEventQueue, CallState, CompletionTimer, EventWork } from './ports';

// Completing a call. POST /calls/{callId}/complete queues a `complete` message in the call's queue
// group, so it is handled after every event sent before it. Then, in the consumer:
// - all of 1..lastSequence handled: COMPLETED at once;
// - else the completion waits (recorded on the call) and a timer is started; the event that fills the
//   last gap completes the call (see applyCallEvents); when the grace period ends first, the timer's
//   `grace-expired` message, queued in the same group, completes it with the held events applied in
//   order and the lost sequences named in missingSequences.
// The COMPLETED write is conditioned on the call's version and status, so completing twice, or
// concurrently, completes once and starts one AI job.

export async function requestCompletion(deps: { queue: CallEventQueue; clock: Clock }, callId: string, lastSequence: number): Promise<void> {
  await deps.queue.enqueueControl({ kind: 'complete', callId, lastSequence, acceptedAt: deps.clock.now().toISOString() });
}

export interface CompleteCallDeps extends CallStepDeps {
  work: EventWork;
  timer: CompletionTimer;
  graceSeconds: number;
}

export type CompletionOutcome = 'completed' | 'waiting-for-gaps' | 'ignored';

/** The `complete` message, in queue order. */
export function completeCall(deps: CompleteCallDeps, callId: string, lastSequence: number): Promise<CompletionOutcome> {
  let timerStarted = false;
  return commitCallStep(deps, callId, async (state) => {
    if (!canComplete(state)) {
      deps.log.warn('Completion ignored: the call is already completed or completing', { callId, status: state.status, lastSequence });
      return { result: 'ignored' };
    }
    const at = deps.clock.now().toISOString();
    if (state.status === 'IN_PROGRESS' && state.lastSequence >= lastSequence) {
      const changes = [transition(callId, state.status, 'COMPLETED', at)];
      return {
        result: 'completed',
        commit: {
          ...nothingApplied(at),
          release: [...state.held.keys()], // anything held is beyond lastSequence: late
          statusChanges: changes,
          missingSequences: [],
          outbox: statusEvents(deps, callId, changes, { lastSequence: state.lastSequence, eventCount: state.eventCount, missingSequences: [] }),
        },
      };
    }
    // Started before the write: if the write is lost, a redelivery starts another; a timer that finds
    // nothing to expire does nothing.
    if (!timerStarted) await deps.timer.start(callId, lastSequence, deps.graceSeconds);
    timerStarted = true;
    deps.log.info('Completion waits for missing sequences', { callId, lastSequence, handledUpTo: state.lastSequence, graceSeconds: deps.graceSeconds });
    return {
      result: 'waiting-for-gaps',
      commit: {
        ...nothingApplied(at),
        completion: { lastSequence, requestedAt: at, graceEndsAt: new Date(Date.parse(at) + deps.graceSeconds * 1000).toISOString() },
      },
    };
  });
}

/** The timer's `grace-expired` message, in queue order: completes a completion still waiting. */
export function expireCompletionGrace(deps: CompleteCallDeps, callId: string, lastSequence: number): Promise<CompletionOutcome> {
  return commitCallStep(deps, callId, async (state) => {
    const completion = state.completion;
    if (!completion || completion.lastSequence !== lastSequence || (state.status !== null && state.status !== 'IN_PROGRESS')) {
      return { result: 'ignored' };
    }
    const due = [...state.held.values()].filter((event) => event.sequence <= lastSequence).sort((a, b) => a.sequence - b.sequence);
    const applied = await handleInOrder(deps, due);
    const handled = new Set(applied.map((event) => event.sequence));
    const missingSequences: number[] = [];
    for (let sequence = state.lastSequence + 1; sequence <= lastSequence; sequence++) if (!handled.has(sequence)) missingSequences.push(sequence);

    const at = deps.clock.now().toISOString();
    const changes: StatusChange[] = [];
    if (state.status === null) changes.push(transition(callId, null, 'IN_PROGRESS', at));
    changes.push(transition(callId, 'IN_PROGRESS', 'COMPLETED', at));
    const last = Math.max(state.lastSequence, applied.at(-1)?.sequence ?? 0);
    const eventCount = state.eventCount + applied.length;
    deps.log.warn('Completion grace period over: completed with missing sequences', { callId, missingSequences });
    return {
      result: 'completed',
      commit: {
        applied,
        hold: [],
        release: [...state.held.keys()],
        at,
        lastSequence: last,
        statusChanges: changes,
        completion: null,
        missingSequences,
        outbox: statusEvents(deps, callId, changes, { lastSequence: last, eventCount, missingSequences }),
      },
    };
  });
}

function canComplete(state: CallState): boolean {
  return (state.status === null || state.status === 'IN_PROGRESS') && !state.completion;
}

function nothingApplied(at: string) {
  return { applied: [], hold: [], release: [], at };
}
