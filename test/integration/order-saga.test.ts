import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { seedInventory } from '../../local/seed-products';
import { api, eventually } from '../helpers/api';
import { range, uniqueId } from '../helpers/call-events';

// The order saga over the local stack (local-stack-setup.ts: PAYMENT_FAILURE_RATE=0.3, SAGA_TIMEOUT_S=10,
// fault hooks on). Only the first test touches the seeded products A, B and C; the others seed products
// of their own, so the tests can run in any order.

const endpoint = inject('awsEndpoint');
const INVENTORY_TABLE = 'ordered-events-local-inventory';
const ORDERS_BUS = 'ordered-events-local-orders';
const FINAL = new Set(['COMPLETED', 'CANCELLED']);
const events = new EventBridgeClient({ endpoint, region: 'us-east-1', credentials: { accessKeyId: 'test', secretAccessKey: 'test' } });
afterAll(() => events.destroy());

const untilFinal = (orderId: string, timeoutMs = 60_000) =>
  eventually(`order ${orderId} to finish`, async () => {
    const { body } = await api('GET', `/orders/${orderId}`);
    return FINAL.has(body.status) ? body : undefined;
  }, timeoutMs);

const stockOf = async (productId: string) => (await api('GET', `/products/${productId}`)).body.stock as number;

async function ownProduct(stock: number): Promise<string> {
  const productId = uniqueId('product');
  await seedInventory(endpoint, INVENTORY_TABLE, [{ productId, stock }]);
  return productId;
}

describe('order saga', () => {
  it('takes 50 concurrent orders to COMPLETED or CANCELLED without overselling, compensating every cancellation', async () => {
    const seed = { 'product-A': await stockOf('product-A'), 'product-B': await stockOf('product-B'), 'product-C': await stockOf('product-C') };
    const requests = [
      ...range(1, 30).map(() => ({ productId: 'product-B', quantity: 1 })),
      ...range(1, 10).map(() => ({ productId: 'product-C', quantity: 1 })),
      ...range(1, 10).map(() => ({ productId: 'product-A', quantity: 2 })),
    ];
    const startedAt = Date.now();
    const created = await Promise.all(
      requests.map((item) => api('POST', '/orders', { customerId: uniqueId('customer'), items: [item], totalAmount: 10 * item.quantity })),
    );
    expect(created.map((answer) => answer.status)).toEqual(created.map(() => 201));
    const finals = await Promise.all(created.map(async ({ body }) => ({ order: await untilFinal(body.id), at: Date.now() })));
    const wallMs = finals.map(({ at }) => at - startedAt).sort((a, b) => a - b);

    const completedUnits = (productId: string) =>
      finals.filter(({ order }) => order.status === 'COMPLETED' && order.items[0].productId === productId).reduce((n, { order }) => n + order.items[0].quantity, 0);
    for (const { order } of finals.filter(({ order }) => order.items[0].productId === 'product-C')) {
      expect(order).toMatchObject({ status: 'CANCELLED', cancellationReason: 'INVENTORY_UNAVAILABLE' });
    }
    expect(completedUnits('product-B')).toBeLessThanOrEqual(seed['product-B']);
    for (const productId of ['product-A', 'product-B', 'product-C'] as const) {
      await eventually(`${productId}'s stock to settle`, async () => ((await stockOf(productId)) === seed[productId] - completedUnits(productId) ? true : undefined), 15_000);
    }
    for (const { order } of finals) {
      const { body } = await eventually(`a notification for ${order.id}`, async () => {
        const answer = await api('GET', `/orders/${order.id}/notifications`);
        return answer.body.notifications?.length > 0 ? answer : undefined;
      }, 15_000);
      expect(body.notifications).toHaveLength(1);
      expect(body.notifications[0].type).toBe(order.status === 'COMPLETED' ? 'ORDER_CONFIRMED' : 'ORDER_CANCELLED');
    }
    const count = (status: string, reason?: string) => finals.filter(({ order }) => order.status === status && (!reason || order.cancellationReason === reason)).length;
    console.info(
      `[saga] 50 orders: ${count('COMPLETED')} COMPLETED, ${count('CANCELLED', 'INVENTORY_UNAVAILABLE')} out of stock, ` +
        `${count('CANCELLED', 'PAYMENT_FAILED')} payment failed, ${count('CANCELLED', 'TIMEOUT')} timed out; ` +
        `POST -> final p50 ${wallMs[Math.floor(wallMs.length * 0.5)]} ms, p99 ${wallMs[Math.ceil(wallMs.length * 0.99) - 1]} ms`,
    );
  });

  it('answers a repeated POST with the same Idempotency-Key with the same order, and refuses another body', async () => {
    const productId = await ownProduct(5);
    const key = uniqueId('key');
    const body = { customerId: uniqueId('customer'), items: [{ productId, quantity: 1 }], totalAmount: 5 };
    const first = await api('POST', '/orders', body, { 'idempotency-key': key });
    const again = await api('POST', '/orders', body, { 'idempotency-key': key });
    expect(first.status).toBe(201);
    expect(again.status).toBe(201);
    expect(again.body).toEqual(first.body);

    const other = await api('POST', '/orders', { ...body, totalAmount: 6 }, { 'idempotency-key': key });
    expect(other.status).toBe(409);
    expect(other.body.error.code).toBe('CONFLICT');

    const order = await untilFinal(first.body.id);
    await eventually('the stock to settle', async () => ((await stockOf(productId)) === 5 - (order.status === 'COMPLETED' ? 1 : 0) ? true : undefined), 15_000);
  });

  it('cancels on payment failure and puts the reserved stock back exactly once', async () => {
    const productId = await ownProduct(3);
    const { body } = await api('POST', '/orders', { customerId: uniqueId('fault.payment-fails'), items: [{ productId, quantity: 2 }], totalAmount: 9 });

    const order = await untilFinal(body.id);
    expect(order).toMatchObject({ status: 'CANCELLED', cancellationReason: 'PAYMENT_FAILED' });
    await eventually('the stock to come back', async () => ((await stockOf(productId)) === 3 ? true : undefined), 15_000);
  });

  it('cancels an order whose saga outlives SAGA_TIMEOUT_S and compensates it', async () => {
    const productId = await ownProduct(2);
    const { body } = await api('POST', '/orders', { customerId: uniqueId('fault.payment-hangs'), items: [{ productId, quantity: 1 }], totalAmount: 3 });

    const order = await untilFinal(body.id, 40_000);
    expect(order).toMatchObject({ status: 'CANCELLED', cancellationReason: 'TIMEOUT' });
    await eventually('the stock to come back', async () => ((await stockOf(productId)) === 2 ? true : undefined), 15_000);
  });

  it('reserves once when the same OrderCreated is published twice', async () => {
    const productId = await ownProduct(4);
    const { body } = await api('POST', '/orders', { customerId: uniqueId('customer'), items: [{ productId, quantity: 3 }], totalAmount: 9 });
    const orderId = body.id as string;
    const duplicate = {
      EventBusName: ORDERS_BUS,
      Source: 'ordered-events.orders',
      DetailType: 'OrderCreated',
      Detail: JSON.stringify({
        schemaVersion: 1,
        eventId: uniqueId('dup'),
        occurredAt: new Date().toISOString(),
        correlationId: orderId,
        data: { orderId, customerId: body.customerId, items: body.items, totalAmount: 9 },
      }),
    };
    await events.send(new PutEventsCommand({ Entries: [duplicate, duplicate] }));

    const order = await untilFinal(orderId);
    await eventually('the stock to settle', async () => ((await stockOf(productId)) === 4 - (order.status === 'COMPLETED' ? 3 : 0) ? true : undefined), 15_000);
    // However often it was delivered, the order was reserved (and maybe charged) once: 4 - 3 >= 0.
    expect(await stockOf(productId)).toBeGreaterThanOrEqual(1);
  });

  it('refuses bad orders with 400 and creates nothing', async () => {
    for (const bad of [{}, { customerId: 'c', items: [], totalAmount: 1 }, { customerId: 'c', items: [{ productId: 'p', quantity: 0 }], totalAmount: 1 }, { customerId: 'c', items: [{ productId: 'p', quantity: 1 }], totalAmount: -1 }, 'nope']) {
      const answer = await api('POST', '/orders', bad);
      expect(answer.status).toBe(400);
      expect(answer.body.error.code).toBe('VALIDATION_ERROR');
    }
    expect((await api('POST', '/orders', { customerId: 'c', items: [{ productId: 'p', quantity: 1 }], totalAmount: 1 }, { 'idempotency-key': '' })).status).toBe(400);
    expect((await api('GET', '/orders/nope-not-there')).status).toBe(404);
    expect((await api('GET', '/products/nope-not-there')).status).toBe(404);
  });
});
