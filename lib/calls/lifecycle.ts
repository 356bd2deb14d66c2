import { ConflictError } from '../shared/errors';

// The call's lifecycle, as a pure function: which status changes are legal, and the backoff of the AI
// step. Every write of a status is conditioned on the status it was read as (see the call store), so a
// change is either legal from the stored status or refused: never a silent overwrite.
//
//   (none) -> IN_PROGRESS -> COMPLETED -> PROCESSING_AI -> ARCHIVED
//                                                       -> FAILED

export const CALL_STATUSES = ['IN_PROGRESS', 'COMPLETED', 'PROCESSING_AI', 'ARCHIVED', 'FAILED'] as const;
export type CallStatus = (typeof CALL_STATUSES)[number];

const NEXT: Record<CallStatus | 'NONE', readonly CallStatus[]> = {
  NONE: ['IN_PROGRESS'],
  IN_PROGRESS: ['COMPLETED'],
  COMPLETED: ['PROCESSING_AI'],
  PROCESSING_AI: ['ARCHIVED', 'FAILED'],
  ARCHIVED: [],
  FAILED: [],
};

export interface StatusChange {
  from: CallStatus | null;
  to: CallStatus;
  at: string;
}

export class IllegalTransitionError extends ConflictError {
  constructor(
    readonly callId: string,
    readonly from: CallStatus | null,
    readonly to: CallStatus,
  ) {
    super(`call ${callId} cannot go from ${from ?? 'nothing'} to ${to}`);
  }
}

export const isFinal = (status: CallStatus | null) => status === 'ARCHIVED' || status === 'FAILED';

export function canTransition(from: CallStatus | null, to: CallStatus): boolean {
  return NEXT[from ?? 'NONE'].includes(to);
}

/** The change from `from` to `to` at `at`; throws IllegalTransitionError when the lifecycle forbids it. */
export function transition(callId: string, from: CallStatus | null, to: CallStatus, at: string): StatusChange {
  if (!canTransition(from, to)) throw new IllegalTransitionError(callId, from, to);
  return { from, to, at };
}

/**
 * Delay before AI attempt `failedAttempt + 1`: base, 2 x base, 4 x base ... plus up to a quarter more
 * of random jitter, so retries of many calls that failed together spread out. Never below the nominal
 * delay. `random` is in [0, 1).
 */
export function aiRetryDelayMs(failedAttempt: number, baseMs: number, random: number): number {
  const nominal = baseMs * 2 ** (failedAttempt - 1);
  return Math.round(nominal * (1 + random / 4));
}
