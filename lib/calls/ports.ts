import type { AppliedEvent, CallEvent } from './call-event';
import type { CallProgress } from './apply-plan';

export type CallStatus = 'IN_PROGRESS' | 'COMPLETED' | 'PROCESSING_AI' | 'ARCHIVED' | 'FAILED';

/** GET /calls/{callId}. */
export interface CallView {
  callId: string;
  status: CallStatus;
  lastSequence: number;
  eventCount: number;
  missingSequences: number[];
  heldSequences: number[];
  history: Array<{ status: CallStatus; at: string }>;
  createdAt: string;
  updatedAt: string;
}

/** One atomic step of a call: events applied after expectedLastSequence, events held and released. */
export interface CallCommit {
  callId: string;
  expectedLastSequence: number;
  /** The state's version when it was read: the commit fails if anything was committed since. */
  expectedVersion: number;
  applied: AppliedEvent[];
  hold: CallEvent[];
  /** Held sequences to drop: applied now, or stale. */
  release: number[];
  at: string;
}

export interface CallStore {
  loadProgress(callId: string): Promise<CallProgress>;
  /** Writes the commit if nothing else was committed for the call since it was read. */
  commit(commit: CallCommit): Promise<void>;
  getCall(callId: string): Promise<CallView | undefined>;
  listAppliedEvents(callId: string): Promise<AppliedEvent[]>;
}

export interface CallEventQueue {
  /** Call events waiting in the queue or in flight (approximate, as SQS reports it). */
  backlog(): Promise<number>;
  /** Enqueues in the given order per call. Throws DependencyUnavailableError when SQS keeps failing. */
  enqueue(events: CallEvent[]): Promise<void>;
}

/** The business handler of one call event (simulated by EVENT_WORK_MS). */
export interface EventWork {
  handle(event: CallEvent): Promise<void>;
}
