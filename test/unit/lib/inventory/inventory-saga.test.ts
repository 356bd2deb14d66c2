import { describe, expect, it } from 'vitest';
import { CONTENTION_RETRY_MS, handleOrderEvent } from '../../../../lib/inventory/handle-order-event';
import { getProduct } from '../../../../lib/inventory/read-product';
import { releaseInventory } from '../../../../lib/inventory/release-inventory';
import { reserveInventory } from '../../../../lib/inventory/reserve-inventory';
import { DEFAULT_PRODUCTS } from '../../../../lib/inventory/seed';
import { sagaEvent, type OrderItem, type SagaEventData } from '../../../../lib/saga/events';
import { NotFoundError } from '../../../../lib/shared/errors';
import { inMemoryInventoryDeps } from './in-memory-inventory-store';

const order = (orderId: string, items: OrderItem[]): SagaEventData<'OrderCreated'> => ({ orderId, customerId: 'customer-1', items, totalAmount: 10 });
const meta = { eventId: 'e', occurredAt: '2026-01-01T00:00:00.000Z' };

describe('reserveInventory', () => {
  it('takes every item off stock and publishes InventoryReserved', async () => {
    const t = inMemoryInventoryDeps();

    const decision = await reserveInventory(t.deps, order('o1', [{ productId: 'product-A', quantity: 2 }, { productId: 'product-B', quantity: 5 }]));

    expect(decision.status).toBe('RESERVED');
    expect(Object.fromEntries(t.store.products)).toEqual({ 'product-A': 8, 'product-B': 0, 'product-C': 0 });
    expect(t.answers()).toEqual([{ type: 'InventoryReserved', data: { orderId: 'o1', items: [{ productId: 'product-A', quantity: 2 }, { productId: 'product-B', quantity: 5 }] } }]);
    expect(t.published[0]).toMatchObject({ eventId: 'event-1', correlationId: 'o1', occurredAt: '2026-01-01T00:00:00.000Z', schemaVersion: 1 });
  });

  it('reserves nothing when one item is short, and names the products that were', async () => {
    const t = inMemoryInventoryDeps();

    await reserveInventory(t.deps, order('o1', [{ productId: 'product-A', quantity: 2 }, { productId: 'product-B', quantity: 6 }, { productId: 'product-C', quantity: 1 }]));

    expect(Object.fromEntries(t.store.products)).toEqual({ 'product-A': 10, 'product-B': 5, 'product-C': 0 });
    expect(t.answers()).toEqual([{ type: 'InventoryUnavailable', data: { orderId: 'o1', unavailable: ['product-B', 'product-C'] } }]);
    expect(t.store.reservations.get('o1')).toMatchObject({ status: 'REJECTED', unavailable: ['product-B', 'product-C'] });
  });

  it('treats a product that does not exist as unavailable', async () => {
    const t = inMemoryInventoryDeps();

    await reserveInventory(t.deps, order('o1', [{ productId: 'product-A', quantity: 1 }, { productId: 'no-such', quantity: 1 }]));

    expect(t.store.products.get('product-A')).toBe(10);
    expect(t.answers()).toEqual([{ type: 'InventoryUnavailable', data: { orderId: 'o1', unavailable: ['no-such'] } }]);
  });

  it('sums the quantities of a product named twice before checking its stock', async () => {
    const t = inMemoryInventoryDeps();

    await reserveInventory(t.deps, order('fits', [{ productId: 'product-A', quantity: 3 }, { productId: 'product-A', quantity: 4 }]));
    await reserveInventory(t.deps, order('too-many', [{ productId: 'product-A', quantity: 2 }, { productId: 'product-A', quantity: 2 }]));

    expect(t.store.products.get('product-A')).toBe(3);
    expect(t.answers()).toEqual([
      { type: 'InventoryReserved', data: { orderId: 'fits', items: [{ productId: 'product-A', quantity: 7 }] } },
      { type: 'InventoryUnavailable', data: { orderId: 'too-many', unavailable: ['product-A'] } },
    ]);
  });

  it('answers a redelivered OrderCreated with the same decision and takes nothing more', async () => {
    const t = inMemoryInventoryDeps();
    const reserved = order('o1', [{ productId: 'product-A', quantity: 4 }]);
    const rejected = order('o2', [{ productId: 'product-B', quantity: 6 }]);
    await reserveInventory(t.deps, reserved);
    await reserveInventory(t.deps, rejected);
    t.store.products.set('product-B', 100); // the rejected order would fit now: its decision stands anyway

    await reserveInventory(t.deps, reserved);
    await reserveInventory(t.deps, rejected);

    expect(t.store.products.get('product-A')).toBe(6);
    expect(t.store.products.get('product-B')).toBe(100);
    const [first, second, third, fourth] = t.answers();
    expect(third).toEqual(first);
    expect(fourth).toEqual(second);
    expect(fourth.type).toBe('InventoryUnavailable');
  });

  it('never oversells when orders race for the last units', async () => {
    const t = inMemoryInventoryDeps();
    const orders = Array.from({ length: 15 }, (_, i) => order(`o${i}`, [{ productId: 'product-A', quantity: 1 }]));

    await Promise.all(orders.map((o) => reserveInventory(t.deps, o)));

    expect(t.store.products.get('product-A')).toBe(0);
    const types = t.answers().map((answer) => answer.type);
    expect(types.filter((type) => type === 'InventoryReserved')).toHaveLength(10);
    expect(types.filter((type) => type === 'InventoryUnavailable')).toHaveLength(5);
  });
});

describe('releaseInventory', () => {
  it('gives a cancelled order its stock back exactly once', async () => {
    const t = inMemoryInventoryDeps();
    await reserveInventory(t.deps, order('o1', [{ productId: 'product-A', quantity: 4 }, { productId: 'product-B', quantity: 1 }]));

    const outcomes = [await releaseInventory(t.deps, 'o1'), await releaseInventory(t.deps, 'o1')];
    outcomes.push(...(await Promise.all([releaseInventory(t.deps, 'o1'), releaseInventory(t.deps, 'o1')])));

    expect(outcomes).toEqual(['released', 'nothing-to-release', 'nothing-to-release', 'nothing-to-release']);
    expect(t.store.products.get('product-A')).toBe(10);
    expect(t.store.products.get('product-B')).toBe(5);
    expect(t.store.reservations.get('o1')?.status).toBe('RELEASED');
  });

  it('gives back exactly once when two cancellations race', async () => {
    const t = inMemoryInventoryDeps();
    await reserveInventory(t.deps, order('o1', [{ productId: 'product-A', quantity: 4 }]));

    const outcomes = await Promise.all([releaseInventory(t.deps, 'o1'), releaseInventory(t.deps, 'o1')]);

    expect(outcomes.sort()).toEqual(['nothing-to-release', 'released']);
    expect(t.store.products.get('product-A')).toBe(10);
  });

  it('gives nothing back for a rejected order', async () => {
    const t = inMemoryInventoryDeps();
    await reserveInventory(t.deps, order('o1', [{ productId: 'product-A', quantity: 2 }, { productId: 'product-C', quantity: 1 }]));

    expect(await releaseInventory(t.deps, 'o1')).toBe('nothing-to-release');

    expect(t.store.products.get('product-A')).toBe(10);
    expect(t.store.reservations.get('o1')?.status).toBe('REJECTED');
  });

  it('makes a cancellation that overtook its OrderCreated final: the late OrderCreated reserves and publishes nothing', async () => {
    const t = inMemoryInventoryDeps();

    expect(await releaseInventory(t.deps, 'o1')).toBe('cancelled-first');
    await reserveInventory(t.deps, order('o1', [{ productId: 'product-A', quantity: 4 }]));
    expect(await releaseInventory(t.deps, 'o1')).toBe('nothing-to-release');

    expect(t.store.products.get('product-A')).toBe(10);
    expect(t.published).toEqual([]);
    expect(t.store.reservations.get('o1')).toMatchObject({ status: 'RELEASED', cancelledFirst: true, items: [] });
  });

  it('leaves stock whole however OrderCreated and OrderCancelled of one order interleave', async () => {
    const t = inMemoryInventoryDeps();
    const orders = Array.from({ length: 10 }, (_, i) => order(`o${i}`, [{ productId: 'product-A', quantity: 1 }]));

    await Promise.all(orders.flatMap((o, i) => (i % 2 === 0 ? [reserveInventory(t.deps, o), releaseInventory(t.deps, o.orderId)] : [releaseInventory(t.deps, o.orderId), reserveInventory(t.deps, o)])));

    expect(t.store.products.get('product-A')).toBe(10);
    expect([...t.store.reservations.values()].every((r) => r.status === 'RELEASED')).toBe(true);
  });

  it('publishes nothing when a released order is created again', async () => {
    const t = inMemoryInventoryDeps();
    const o1 = order('o1', [{ productId: 'product-A', quantity: 4 }]);
    await reserveInventory(t.deps, o1);
    await releaseInventory(t.deps, 'o1');

    await reserveInventory(t.deps, o1);

    expect(t.store.products.get('product-A')).toBe(10);
    expect(t.answers().map((answer) => answer.type)).toEqual(['InventoryReserved']);
  });
});

describe('handleOrderEvent', () => {
  it('reserves on OrderCreated and releases on OrderCancelled', async () => {
    const t = inMemoryInventoryDeps();

    const created = await handleOrderEvent(t.deps, sagaEvent('OrderCreated', order('o1', [{ productId: 'product-B', quantity: 2 }]), meta));
    expect(t.store.products.get('product-B')).toBe(3);
    const cancelled = await handleOrderEvent(t.deps, sagaEvent('OrderCancelled', { orderId: 'o1', reason: 'PAYMENT_FAILED' }, meta));

    expect([created, cancelled]).toEqual([{ status: 'done' }, { status: 'done' }]);
    expect(t.store.products.get('product-B')).toBe(5);
  });

  it('ignores the events that are not its business, OrderConfirmed included (the stock stays sold)', async () => {
    const t = inMemoryInventoryDeps();
    await reserveInventory(t.deps, order('o1', [{ productId: 'product-A', quantity: 3 }]));

    const outcomes = [
      await handleOrderEvent(t.deps, sagaEvent('OrderConfirmed', { orderId: 'o1' }, meta)),
      await handleOrderEvent(t.deps, sagaEvent('PaymentProcessed', { orderId: 'o1', paymentId: 'p', amount: 1, attempts: 1 }, meta)),
    ];

    expect(outcomes).toEqual([{ status: 'done' }, { status: 'done' }]);
    expect(t.store.products.get('product-A')).toBe(7);
    expect(t.published).toHaveLength(1);
  });

  it('asks for a retry when a transaction loses a race, and the retry reserves', async () => {
    const t = inMemoryInventoryDeps();
    t.store.conflicts = 1;
    const created = sagaEvent('OrderCreated', order('o1', [{ productId: 'product-A', quantity: 1 }]), meta);

    expect(await handleOrderEvent(t.deps, created)).toEqual({ status: 'retry', afterMs: CONTENTION_RETRY_MS });
    expect(t.published).toEqual([]);
    expect(await handleOrderEvent(t.deps, created)).toEqual({ status: 'done' });

    expect(t.store.products.get('product-A')).toBe(9);
    expect(t.answers().map((answer) => answer.type)).toEqual(['InventoryReserved']);
  });

  it('lets other failures through, so the message comes back', async () => {
    const t = inMemoryInventoryDeps();
    t.deps.bus = { publish: async () => Promise.reject(new Error('bus down')) };
    const created = sagaEvent('OrderCreated', order('o1', [{ productId: 'product-A', quantity: 1 }]), meta);

    await expect(handleOrderEvent(t.deps, created)).rejects.toThrow('bus down');
    expect(t.store.products.get('product-A')).toBe(9); // the redelivery answers this reservation again
  });
});

describe('products', () => {
  it('answers a product with its stock, and NotFoundError for an unknown one', async () => {
    const t = inMemoryInventoryDeps();

    expect(await getProduct(t.store, 'product-B')).toEqual({ productId: 'product-B', stock: 5 });
    await expect(getProduct(t.store, 'no-such')).rejects.toBeInstanceOf(NotFoundError);
  });

  it('seeds only the products that do not exist: a redeploy resets no stock', async () => {
    const t = inMemoryInventoryDeps({});
    await t.store.seedProducts(DEFAULT_PRODUCTS);
    await reserveInventory(t.deps, order('o1', [{ productId: 'product-A', quantity: 4 }]));

    await t.store.seedProducts([...DEFAULT_PRODUCTS, { productId: 'product-D', stock: 7 }]);

    expect(Object.fromEntries(t.store.products)).toEqual({ 'product-A': 6, 'product-B': 5, 'product-C': 0, 'product-D': 7 });
  });
});
