import { describe, expect, it } from 'vitest';
import { handlePaymentEvent } from '../../../../lib/payment/handle-payment-event';
import { PaymentWithoutOrderError, paymentRetryDelayMs } from '../../../../lib/payment/payment';
import type { SagaEvent } from '../../../../lib/saga/events';
import { inMemoryPaymentDeps, inventoryReserved, orderCancelled, orderCreated } from './in-memory-payment-deps';

type T = ReturnType<typeof inMemoryPaymentDeps>;

const deliver = (t: T, event: SagaEvent, messageId = 'm-1', receiveCount = 1) => handlePaymentEvent(t.deps, event, { messageId, receiveCount });

/** Delivers the message until the step is done, waiting out each retry delay: the delays asked for. */
async function deliverUntilDone(t: T, event: SagaEvent, messageId = 'm-1') {
  const delays: number[] = [];
  for (let receiveCount = 1; receiveCount < 50; receiveCount++) {
    const outcome = await deliver(t, event, messageId, receiveCount);
    if (outcome.status === 'done') return delays;
    delays.push(outcome.afterMs);
    t.advance(outcome.afterMs);
  }
  throw new Error('never done');
}

const types = (t: T) => t.published.map((e) => e.type);

describe('payment saga step', () => {
  it('charges the order total once the stock is reserved and publishes PaymentProcessed', async () => {
    const t = inMemoryPaymentDeps({ answers: ['ok'] });
    await deliver(t, orderCreated('o-1', 42));

    const delays = await deliverUntilDone(t, inventoryReserved('o-1'));

    expect(delays).toEqual([]);
    expect(t.published).toHaveLength(1);
    expect(t.published[0]).toMatchObject({ type: 'PaymentProcessed', correlationId: 'o-1', data: { orderId: 'o-1', amount: 42, attempts: 1 } });
    expect(await t.store.load('o-1')).toMatchObject({ status: 'SUCCEEDED', attempts: 1, messageId: 'm-1', paymentId: (t.published[0].data as { paymentId: string }).paymentId });
  });

  it('retries a declined charge with exponential backoff and succeeds later, counting every attempt', async () => {
    const t = inMemoryPaymentDeps({ answers: ['decline', 'decline', 'ok'], retryBaseMs: 500 });
    await deliver(t, orderCreated());

    const delays = await deliverUntilDone(t, inventoryReserved());

    expect(delays).toEqual([500, 1000]);
    expect(t.charges).toEqual(['o-1#1', 'o-1#2', 'o-1#3']);
    expect(t.published.map((e) => [e.type, (e.data as { attempts: number }).attempts])).toEqual([['PaymentProcessed', 3]]);
    const payment = await t.store.load('o-1');
    expect(payment?.attemptLog.map((entry) => [entry.attempt, entry.error])).toEqual([[1, 'card declined'], [2, 'card declined'], [3, undefined]]);
  });

  it('does not attempt again before the backoff is over (an early redelivery waits the rest)', async () => {
    const t = inMemoryPaymentDeps({ answers: ['decline', 'ok'] });
    await deliver(t, orderCreated());
    await deliver(t, inventoryReserved());
    t.advance(200);

    expect(await deliver(t, inventoryReserved())).toEqual({ status: 'retry', afterMs: 300 });
    expect(t.charges).toHaveLength(1);
  });

  it('publishes PaymentFailed after PAYMENT_MAX_ATTEMPTS declined attempts, and no more attempts', async () => {
    const t = inMemoryPaymentDeps({ answers: ['decline', 'decline', 'decline', 'ok'], maxAttempts: 3 });
    await deliver(t, orderCreated());

    const delays = await deliverUntilDone(t, inventoryReserved());

    expect(delays).toEqual([500, 1000]);
    expect(t.charges).toHaveLength(3);
    expect(t.published.map((e) => [e.type, e.data])).toEqual([['PaymentFailed', { orderId: 'o-1', reason: 'card declined', attempts: 3 }]]);
    expect(await t.store.load('o-1')).toMatchObject({ status: 'FAILED', attempts: 3, lastError: 'card declined' });
  });

  it('charges once when InventoryReserved is delivered twice: the copy is dropped, a redelivery re-publishes the same outcome', async () => {
    const t = inMemoryPaymentDeps({ answers: ['decline', 'ok'] });
    await deliver(t, orderCreated());
    const reserved = inventoryReserved();
    expect((await deliver(t, reserved, 'm-1')).status).toBe('retry');

    expect(await deliver(t, reserved, 'm-2')).toEqual({ status: 'done' });
    t.advance(500);
    await deliverUntilDone(t, reserved, 'm-1');
    await deliver(t, reserved, 'm-2');
    await deliver(t, reserved, 'm-1');

    expect(t.charges).toEqual(['o-1#1', 'o-1#2']);
    expect(types(t)).toEqual(['PaymentProcessed', 'PaymentProcessed', 'PaymentProcessed']);
    expect(new Set(t.published.map((e) => e.eventId)).size).toBe(1);
  });

  it('publishes the outcome again when the publish after the final write was lost', async () => {
    const t = inMemoryPaymentDeps({ answers: ['ok'] });
    await deliver(t, orderCreated());
    const publish = t.deps.bus.publish;
    t.deps.bus = { publish: async () => Promise.reject(new Error('bus down')) };
    await expect(deliver(t, inventoryReserved())).rejects.toThrow('bus down');
    t.deps.bus = { publish };

    expect(await deliver(t, inventoryReserved())).toEqual({ status: 'done' });

    expect(t.charges).toHaveLength(1);
    expect(types(t)).toEqual(['PaymentProcessed']);
  });

  it('fails instead of attempting once more when the last allowed attempt never reported', async () => {
    const t = inMemoryPaymentDeps({ answers: ['decline'], maxAttempts: 2 });
    await deliver(t, orderCreated());
    await deliver(t, inventoryReserved());
    t.advance(500);
    t.deps.gateway = { ...t.deps.gateway, charge: () => new Promise(() => {}) }; // attempt 2 is claimed, then the worker dies
    void deliver(t, inventoryReserved());
    await new Promise((resolve) => setTimeout(resolve, 10));

    expect(await deliver(t, inventoryReserved())).toEqual({ status: 'done' });

    expect(t.published.map((e) => [e.type, e.data])).toEqual([['PaymentFailed', { orderId: 'o-1', reason: 'attempt 2 did not finish', attempts: 2 }]]);
  });

  it('waits for OrderCreated when InventoryReserved comes first, then charges the order total', async () => {
    const t = inMemoryPaymentDeps({ answers: ['ok'] });
    expect(await deliver(t, inventoryReserved(), 'm-1', 1)).toEqual({ status: 'retry', afterMs: 1000 });
    expect(t.charges).toHaveLength(0);

    await deliver(t, orderCreated('o-1', 7));
    expect(await deliver(t, inventoryReserved(), 'm-1', 2)).toEqual({ status: 'done' });

    expect(t.published.map((e) => [e.type, (e.data as { amount: number }).amount])).toEqual([['PaymentProcessed', 7]]);
  });

  it('fails loudly when OrderCreated never comes', async () => {
    const t = inMemoryPaymentDeps();
    for (let count = 1; count < 5; count++) expect((await deliver(t, inventoryReserved(), 'm-1', count)).status).toBe('retry');

    await expect(deliver(t, inventoryReserved(), 'm-1', 5)).rejects.toBeInstanceOf(PaymentWithoutOrderError);
  });

  it('records OrderCreated once: a duplicate changes nothing', async () => {
    const t = inMemoryPaymentDeps();
    await deliver(t, orderCreated('o-1', 10));
    await deliver(t, orderCreated('o-1', 99));

    expect(await t.store.load('o-1')).toMatchObject({ status: 'AWAITING_STOCK', amount: 10, version: 1 });
  });

  it('never charges a cancelled payment: cancelled while awaiting stock, or between attempts', async () => {
    const t = inMemoryPaymentDeps({ answers: ['decline', 'ok'] });
    await deliver(t, orderCreated('o-1'));
    await deliver(t, orderCancelled('o-1', 'INVENTORY_UNAVAILABLE'));
    expect(await deliverUntilDone(t, inventoryReserved('o-1'))).toEqual([]);

    await deliver(t, orderCreated('o-2'));
    await deliver(t, inventoryReserved('o-2'));
    await deliver(t, orderCancelled('o-2'));
    t.advance(500);
    expect(await deliver(t, inventoryReserved('o-2'))).toEqual({ status: 'done' });

    expect(t.charges).toEqual(['o-2#1']);
    expect(t.published).toEqual([]);
    expect(await t.store.load('o-2')).toMatchObject({ status: 'CANCELLED', cancellationReason: 'TIMEOUT' });
  });

  it('never charges when OrderCancelled comes before everything else (a tombstone)', async () => {
    const t = inMemoryPaymentDeps();
    await deliver(t, orderCancelled('o-1'));
    await deliver(t, orderCreated('o-1'));

    expect(await deliver(t, inventoryReserved('o-1'))).toEqual({ status: 'done' });
    expect(t.charges).toEqual([]);
  });

  it('keeps asking a gateway that does not answer, without counting new attempts, until the order is cancelled', async () => {
    const t = inMemoryPaymentDeps({ answers: ['hang', 'hang', 'hang', 'hang', 'hang'] });
    await deliver(t, orderCreated());
    for (let i = 0; i < 5; i++) {
      expect(await deliver(t, inventoryReserved())).toEqual({ status: 'retry', afterMs: 10_000 });
      t.advance(10_000);
    }
    expect(t.charges).toEqual(Array(5).fill('o-1#1'));

    await deliver(t, orderCancelled('o-1', 'TIMEOUT'));
    expect(await deliver(t, inventoryReserved())).toEqual({ status: 'done' });
    expect(t.charges).toHaveLength(5);
    expect(t.published).toEqual([]);
  });

  it('refunds a payment taken when the order is cancelled afterwards, once', async () => {
    const t = inMemoryPaymentDeps({ answers: ['ok'] });
    await deliver(t, orderCreated());
    await deliver(t, inventoryReserved());

    await deliver(t, orderCancelled());
    await deliver(t, orderCancelled());

    const payment = await t.store.load('o-1');
    expect(payment).toMatchObject({ status: 'CANCELLED', refund: 'DONE' });
    expect(t.refunds).toEqual([payment?.paymentId]);
  });

  it('refunds a charge that lands after the order was cancelled mid-attempt', async () => {
    const t = inMemoryPaymentDeps();
    await deliver(t, orderCreated());
    const charge = t.deps.gateway.charge;
    t.deps.gateway = {
      ...t.deps.gateway,
      charge: async (request) => {
        await handlePaymentEvent(t.deps, orderCancelled(), { messageId: 'm-9', receiveCount: 1 }); // the saga times out meanwhile
        return charge(request);
      },
    };

    expect(await deliver(t, inventoryReserved())).toEqual({ status: 'done' });

    expect(t.published).toEqual([]);
    expect(await t.store.load('o-1')).toMatchObject({ status: 'CANCELLED', refund: 'DONE' });
    expect(t.refunds).toHaveLength(1);
  });
});

describe('paymentRetryDelayMs', () => {
  it('doubles from the base and adds up to a quarter of jitter', () => {
    expect([1, 2, 3].map((attempt) => paymentRetryDelayMs(attempt, 500, 0))).toEqual([500, 1000, 2000]);
    expect(paymentRetryDelayMs(2, 500, 0.999)).toBe(1250);
  });
});
