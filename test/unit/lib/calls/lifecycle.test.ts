import { describe, expect, it } from 'vitest';
import { aiRetryDelayMs, CALL_STATUSES, type CallStatus, IllegalTransitionError, transition } from '../../../../lib/calls/lifecycle';

const LEGAL = new Set(['null->IN_PROGRESS', 'IN_PROGRESS->COMPLETED', 'COMPLETED->PROCESSING_AI', 'PROCESSING_AI->ARCHIVED', 'PROCESSING_AI->FAILED']);
const FROM: Array<CallStatus | null> = [null, ...CALL_STATUSES];
const AT = '2026-01-01T00:00:00.000Z';

describe('transition', () => {
  for (const from of FROM) {
    for (const to of CALL_STATUSES) {
      const pair = `${from}->${to}`;
      if (LEGAL.has(pair)) {
        it(`allows ${pair}`, () => expect(transition('c', from, to, AT)).toEqual({ from, to, at: AT }));
      } else {
        it(`refuses ${pair} with a typed error`, () => {
          const error = (() => {
            try {
              transition('c', from, to, AT);
            } catch (caught) {
              return caught;
            }
          })();
          expect(error).toBeInstanceOf(IllegalTransitionError);
          expect(error).toMatchObject({ code: 'CONFLICT', callId: 'c', from, to });
        });
      }
    }
  }
});

describe('aiRetryDelayMs', () => {
  it('doubles from the base, with up to a quarter more of jitter and never less', () => {
    expect([1, 2, 3, 4].map((attempt) => aiRetryDelayMs(attempt, 1000, 0))).toEqual([1000, 2000, 4000, 8000]);
    expect([1, 2, 3].map((attempt) => aiRetryDelayMs(attempt, 100, 0.999))).toEqual([125, 250, 500]);
  });
});
