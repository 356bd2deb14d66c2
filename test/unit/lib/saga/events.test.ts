import { describe, expect, it } from 'vitest';
import { InvalidSagaEventError, parseSagaEvent, sagaEvent } from '../../../../lib/saga/events';

const meta = { eventId: 'e-1', occurredAt: '2026-01-01T00:00:00.000Z' };
const asDelivered = (event: ReturnType<typeof sagaEvent>) => {
  const { type, ...envelope } = event;
  return JSON.stringify({ version: '0', id: 'x', 'detail-type': type, source: 'ordered-events.orders', detail: envelope });
};

describe('saga events', () => {
  it('are built in a versioned envelope whose correlationId is the orderId, and read back the same', () => {
    const event = sagaEvent('OrderCancelled', { orderId: 'o-1', reason: 'TIMEOUT' }, meta);
    expect(event).toEqual({ type: 'OrderCancelled', schemaVersion: 1, eventId: 'e-1', occurredAt: meta.occurredAt, correlationId: 'o-1', data: { orderId: 'o-1', reason: 'TIMEOUT' } });
    expect(parseSagaEvent(asDelivered(event))).toEqual(event);
  });

  it('refuse to publish data that does not match the schema', () => {
    expect(() => sagaEvent('OrderCancelled', { orderId: 'o-1', reason: 'BORED' } as never, meta)).toThrow(InvalidSagaEventError);
    expect(() => sagaEvent('OrderCreated', { orderId: 'o-1', customerId: 'c', items: [], totalAmount: 1 }, meta)).toThrow(InvalidSagaEventError);
  });

  it('refuse to consume anything that is not a valid saga event', () => {
    const good = sagaEvent('OrderConfirmed', { orderId: 'o-1' }, meta);
    const { type: _type, ...envelope } = good;
    for (const body of [
      'not json',
      JSON.stringify({ detail: envelope }),
      JSON.stringify({ 'detail-type': 'Nope', detail: envelope }),
      JSON.stringify({ 'detail-type': 'OrderConfirmed', detail: { ...envelope, schemaVersion: 2 } }),
      JSON.stringify({ 'detail-type': 'OrderConfirmed', detail: { ...envelope, correlationId: 'o-2' } }),
      JSON.stringify({ 'detail-type': 'OrderConfirmed', detail: { ...envelope, data: { orderId: 'o-1', extra: 1 } } }),
    ]) {
      expect(() => parseSagaEvent(body)).toThrow(InvalidSagaEventError);
    }
  });
});
