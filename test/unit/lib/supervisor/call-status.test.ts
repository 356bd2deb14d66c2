import { describe, expect, it } from 'vitest';
import { MalformedCallStatusEventError, parseCallStatusMessage } from '../../../../lib/supervisor/call-status';

/** A CallStatusChanged event as an EventBridge rule delivers it to SQS (the record body). */
function envelope(detail: Record<string, unknown>, overrides: Record<string, unknown> = {}) {
  return JSON.stringify({
    version: '0',
    id: '6a7e8feb-b491-4cf7-a9f1-bf3703467718',
    'detail-type': 'CallStatusChanged',
    source: 'ordered-events.calls',
    account: '123456789012',
    time: '2026-01-01T10:00:00Z',
    region: 'us-east-1',
    resources: [],
    detail,
    ...overrides,
  });
}

describe('parseCallStatusMessage', () => {
  it('turns the EventBridge envelope into the call.status message', () => {
    const body = envelope({ callId: 'c-1', from: 'COMPLETED', to: 'PROCESSING_AI', at: '2026-01-01T10:00:01.250Z' });

    const message = parseCallStatusMessage(body);

    expect(message).toEqual({ type: 'call.status', callId: 'c-1', from: 'COMPLETED', to: 'PROCESSING_AI', at: '2026-01-01T10:00:01.250Z' });
  });

  it('keeps from null for a call first status', () => {
    const message = parseCallStatusMessage(envelope({ callId: 'c-2', from: null, to: 'IN_PROGRESS', at: '2026-01-01T10:00:00+02:00' }));

    expect(message).toMatchObject({ callId: 'c-2', from: null, to: 'IN_PROGRESS' });
  });

  it('ignores fields it does not know, such as the publisher eventId', () => {
    const detail = { schemaVersion: 1, eventId: 'e-1', occurredAt: '2026-01-01T10:00:00Z', callId: 'c-3', from: 'PROCESSING_AI', to: 'FAILED', at: '2026-01-01T10:00:00Z' };
    const body = envelope(detail, { 'replay-name': 'x' });

    expect(parseCallStatusMessage(body)).toEqual({ type: 'call.status', callId: 'c-3', from: 'PROCESSING_AI', to: 'FAILED', at: '2026-01-01T10:00:00Z' });
  });

  it('needs only source, detail-type and detail from the envelope (moto leaves out account)', () => {
    const body = JSON.stringify({
      'detail-type': 'CallStatusChanged',
      source: 'ordered-events.calls',
      detail: { callId: 'c-4', from: null, to: 'IN_PROGRESS', at: '2026-01-01T10:00:00Z' },
    });

    expect(parseCallStatusMessage(body).callId).toBe('c-4');
  });

  it.each([
    ['another source', envelope({ callId: 'c', from: null, to: 'IN_PROGRESS', at: '2026-01-01T10:00:00Z' }, { source: 'ordered-events.orders' }), 'source'],
    ['another detail-type', envelope({ callId: 'c', from: null, to: 'IN_PROGRESS', at: '2026-01-01T10:00:00Z' }, { 'detail-type': 'CallCreated' }), 'detail-type'],
    ['an unknown status', envelope({ callId: 'c', from: null, to: 'RINGING', at: '2026-01-01T10:00:00Z' }), 'detail.to'],
    ['a missing from', envelope({ callId: 'c', to: 'COMPLETED', at: '2026-01-01T10:00:00Z' }), 'detail.from'],
    ['a time that is not ISO', envelope({ callId: 'c', from: null, to: 'IN_PROGRESS', at: 'yesterday' }), 'detail.at'],
    ['a bad call id', envelope({ callId: 'a b', from: null, to: 'IN_PROGRESS', at: '2026-01-01T10:00:00Z' }), 'detail.callId'],
  ])('refuses %s, naming the field', (_, body, path) => {
    const error = catchError(() => parseCallStatusMessage(body));

    expect(error).toBeInstanceOf(MalformedCallStatusEventError);
    expect((error as MalformedCallStatusEventError).problems.map((p) => p.path)).toContain(path);
  });

  it('refuses a body that is not JSON', () => {
    expect(() => parseCallStatusMessage('{"detail":')).toThrow(MalformedCallStatusEventError);
  });
});

function catchError(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    return error;
  }
  throw new Error('expected an error');
}
