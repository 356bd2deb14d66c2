import type { CallEvent } from '../../lib/calls/call-event';

let counter = 0;

/** An id no other test uses, so tests can share one stack and run in any order. */
export function uniqueId(prefix: string): string {
  counter += 1;
  return `${prefix}-${Date.now().toString(36)}-${process.pid}-${counter}-${Math.random().toString(36).slice(2, 8)}`;
}

export function callEvent(callId: string, sequence: number, overrides: Partial<CallEvent> = {}): CallEvent {
  return { callId, sequence, type: 'test.event', acceptedAt: '2026-01-01T00:00:00.000Z', ...overrides };
}

export function range(from: number, to: number): number[] {
  return Array.from({ length: to - from + 1 }, (_, i) => from + i);
}

/** Deterministic shuffle (seeded), so a failing order can be replayed. */
export function shuffle<T>(items: T[], seed: number): T[] {
  const result = [...items];
  let state = seed >>> 0 || 1;
  const random = () => ((state = (state * 1664525 + 1013904223) >>> 0) / 2 ** 32);
  for (let i = result.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [result[i], result[j]] = [result[j], result[i]];
  }
  return result;
}
