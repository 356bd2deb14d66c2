import { describe, expect, it } from 'vitest';
import type { Order } from '../../../../lib/orders/order';
import { concludeOrder, createOrder, expireOrder, getOrder, type OrdersDeps } from '../../../../lib/orders/orders';
import type { OrderStore } from '../../../../lib/orders/ports';
import { sagaEvent, type SagaEvent } from '../../../../lib/saga/events';
import { NotFoundError } from '../../../../lib/shared/errors';

class InMemoryOrderStore implements OrderStore {
  readonly orders = new Map<string, Order>();
  async create(order: Order) {
    if (this.orders.has(order.id)) throw new Error('exists');
    this.orders.set(order.id, structuredClone(order));
  }
  async get(orderId: string) {
    const order = this.orders.get(orderId);
    return order && structuredClone(order);
  }
  async finish(order: Order) {
    if (this.orders.get(order.id)?.status !== 'PENDING') return false;
    this.orders.set(order.id, structuredClone(order));
    return true;
  }
}

function setup() {
  const store = new InMemoryOrderStore();
  const published: SagaEvent[] = [];
  const timers: Array<{ orderId: string; afterSeconds: number }> = [];
  let ids = 0;
  const deps: OrdersDeps = {
    store,
    bus: { publish: async (events) => void published.push(...events) },
    timer: { start: async (orderId, afterSeconds) => void timers.push({ orderId, afterSeconds }) },
    clock: { now: () => new Date('2026-01-01T00:00:00.000Z') },
    newId: () => `id-${(ids += 1)}`,
    sagaTimeoutSeconds: 60,
    log: { info: () => {}, warn: () => {} },
  };
  return { deps, store, published, timers };
}

const meta = { eventId: 'x', occurredAt: '2026-01-01T00:00:01.000Z' };
const input = { customerId: 'c-1', items: [{ productId: 'product-A', quantity: 2 }], totalAmount: 20 };

describe('orders', () => {
  it('creates a PENDING order, starts its saga timer, then publishes OrderCreated', async () => {
    const { deps, published, timers } = setup();
    const order = await createOrder(deps, input);

    expect(order).toMatchObject({ status: 'PENDING', customerId: 'c-1', history: [{ status: 'PENDING' }] });
    expect(timers).toEqual([{ orderId: order.id, afterSeconds: 60 }]);
    expect(published.map((e) => [e.type, e.correlationId])).toEqual([['OrderCreated', order.id]]);
  });

  it('completes on PaymentProcessed and cancels on InventoryUnavailable or PaymentFailed, with the reason', async () => {
    const { deps, published } = setup();
    const [a, b, c] = [await createOrder(deps, input), await createOrder(deps, input), await createOrder(deps, input)];

    await concludeOrder(deps, sagaEvent('PaymentProcessed', { orderId: a.id, paymentId: 'p', amount: 20, attempts: 1 }, meta));
    await concludeOrder(deps, sagaEvent('InventoryUnavailable', { orderId: b.id, unavailable: ['product-A'] }, meta));
    await concludeOrder(deps, sagaEvent('PaymentFailed', { orderId: c.id, reason: 'declined', attempts: 3 }, meta));

    expect(await getOrder(deps, a.id)).toMatchObject({ status: 'COMPLETED' });
    expect(await getOrder(deps, b.id)).toMatchObject({ status: 'CANCELLED', cancellationReason: 'INVENTORY_UNAVAILABLE' });
    expect(await getOrder(deps, c.id)).toMatchObject({ status: 'CANCELLED', cancellationReason: 'PAYMENT_FAILED' });
    expect(published.filter((e) => e.type !== 'OrderCreated').map((e) => e.type)).toEqual(['OrderConfirmed', 'OrderCancelled', 'OrderCancelled']);
  });

  it('changes nothing when an outcome comes twice or late; only a repeat of the same outcome is published again', async () => {
    const { deps, published } = setup();
    const order = await createOrder(deps, input);
    await expireOrder(deps, order.id);
    await concludeOrder(deps, sagaEvent('PaymentProcessed', { orderId: order.id, paymentId: 'p', amount: 20, attempts: 1 }, meta));
    await expireOrder(deps, order.id);

    const final = await getOrder(deps, order.id);
    expect(final).toMatchObject({ status: 'CANCELLED', cancellationReason: 'TIMEOUT' });
    expect(final.history.map((h) => h.status)).toEqual(['PENDING', 'CANCELLED']);
    const outcomes = published.filter((e) => e.type !== 'OrderCreated');
    expect(outcomes.map((e) => [e.type, (e.data as { reason?: string }).reason])).toEqual([
      ['OrderCancelled', 'TIMEOUT'],
      ['OrderCancelled', 'TIMEOUT'],
    ]);
  });

  it('answers 404 for an unknown order', async () => {
    const { deps } = setup();
    await expect(getOrder(deps, 'nope')).rejects.toBeInstanceOf(NotFoundError);
  });
});
