import type { AppliedEvent, CallEvent } from './call-event';
import type { CallProgress } from './apply-plan';
import type { CallStatus, StatusChange } from './lifecycle';

export type { CallStatus } from './lifecycle';

/** GET /calls/{callId}. */
export interface CallView {
  callId: string;
  status: CallStatus;
  lastSequence: number;
  eventCount: number;
  missingSequences: number[];
  heldSequences: number[];
  ai?: { attempts: number; result?: AiResult; lastError?: string; attemptLog: AiAttempt[] };
  history: Array<{ status: CallStatus; at: string }>;
  createdAt: string;
  updatedAt: string;
}

/** A completion asked for while sequences were still missing: it waits for them until graceEndsAt. */
export interface PendingCompletion {
  lastSequence: number;
  requestedAt: string;
  graceEndsAt: string;
}

export interface AiResult {
  summary: string;
  model: string;
}

export interface AiAttempt {
  attempt: number;
  startedAt: string;
  endedAt?: string;
  error?: string;
}

/** The call's one AI job. messageId: the AI-jobs queue message that owns it (copies are dropped). */
export interface AiJob {
  attempts: number;
  messageId?: string;
  nextAttemptAt?: string;
  result?: AiResult;
  lastError?: string;
  attemptLog: AiAttempt[];
}

/** An event committed with the state change it reports, published after the commit (an outbox). */
export interface OutboxEvent {
  id: string;
  type: 'CallStatusChanged' | 'CallCompleted';
  detail: Record<string, unknown>;
}

export interface CallState extends CallProgress {
  /** null until the first event is handled. */
  status: CallStatus | null;
  eventCount: number;
  completion?: PendingCompletion;
  ai: AiJob;
  outbox: OutboxEvent[];
}

/**
 * One atomic step of a call, written only if the call is still at expectedVersion: events applied after
 * expectedLastSequence, events held and released, and any change of status, completion or AI job.
 */
export interface CallCommit {
  callId: string;
  expectedLastSequence: number;
  /** The state's version when it was read: the commit fails if anything was committed since. */
  expectedVersion: number;
  applied: AppliedEvent[];
  hold: CallEvent[];
  /** Held sequences to drop: applied now, stale, or late after completion. */
  release: number[];
  at: string;
  /** In order; each from the status before it. The first is conditioned on the stored status. */
  statusChanges?: StatusChange[];
  /** Replaces lastSequence when a forced completion skips missing sequences. */
  lastSequence?: number;
  completion?: PendingCompletion | null;
  missingSequences?: number[];
  ai?: AiJob;
  outbox?: OutboxEvent[];
}

export interface CallStore {
  loadState(callId: string): Promise<CallState>;
  /** Writes the commit if nothing else was committed for the call since it was read. */
  commit(commit: CallCommit): Promise<void>;
  /** Forgets outbox events once they are published. */
  clearOutbox(callId: string, eventIds: string[]): Promise<void>;
  getCall(callId: string): Promise<CallView | undefined>;
  listAppliedEvents(callId: string): Promise<AppliedEvent[]>;
}

export interface CallEventQueue {
  /** Call events waiting in the queue or in flight (approximate, as SQS reports it). */
  backlog(): Promise<number>;
  /** Enqueues in the given order per call. Throws DependencyUnavailableError when SQS keeps failing. */
  enqueue(events: CallEvent[]): Promise<void>;
  /** Enqueues a control message in the call's group, after everything enqueued for it before. */
  enqueueControl(message: CallControlMessage): Promise<void>;
}

/** Messages of a call's queue group besides its events. */
export type CallControlMessage =
  | { kind: 'complete'; callId: string; lastSequence: number; acceptedAt: string }
  | { kind: 'grace-expired'; callId: string; lastSequence: number; acceptedAt: string };

/** Wakes the call up when a completion's grace period ends. */
export interface CompletionTimer {
  start(callId: string, lastSequence: number, afterSeconds: number): Promise<void>;
}

export interface EventPublisher {
  publish(callId: string, events: OutboxEvent[]): Promise<void>;
}

/** The business handler of one call event (simulated by EVENT_WORK_MS). */
export interface EventWork {
  handle(event: CallEvent): Promise<void>;
}

/** The AI step (simulated: latency and failures). Throws on failure. */
export interface AiAnalyzer {
  analyze(call: { callId: string; eventCount: number }): Promise<AiResult>;
}
