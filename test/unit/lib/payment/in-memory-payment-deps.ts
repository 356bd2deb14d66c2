import type { SagaEvent } from '../../../../lib/saga/events';
import { sagaEvent, type SagaEventData, type SagaEventType } from '../../../../lib/saga/events';
import type { ChargeAnswer, Payment, PaymentDeps, PaymentStore } from '../../../../lib/payment/ports';

/** The payment store in memory, with DynamoDB's conditional semantics: a write on a stale version is refused. */
export class InMemoryPaymentStore implements PaymentStore {
  readonly items = new Map<string, Payment>();

  async load(orderId: string) {
    const item = this.items.get(orderId);
    return item && structuredClone(item);
  }

  async save(payment: Payment, expectedVersion: number) {
    if ((this.items.get(payment.orderId)?.version ?? 0) !== expectedVersion) return false;
    this.items.set(payment.orderId, structuredClone(JSON.parse(JSON.stringify(payment))));
    return true;
  }
}

type Scripted = 'ok' | 'decline' | 'hang';

/** The payment context on in-memory ports, with a clock the test moves and every charge and publish recorded. */
export function inMemoryPaymentDeps(options: { answers?: Scripted[]; maxAttempts?: number; retryBaseMs?: number } = {}) {
  const store = new InMemoryPaymentStore();
  let now = Date.parse('2026-01-01T00:00:00.000Z');
  const advance = (ms: number) => void (now += ms);
  const answers = [...(options.answers ?? [])];
  const charges: string[] = [];
  const refunds: string[] = [];
  const published: SagaEvent[] = [];
  let ids = 0;
  const deps: PaymentDeps = {
    store,
    gateway: {
      charge: async ({ idempotencyKey }): Promise<ChargeAnswer> => {
        charges.push(idempotencyKey);
        const answer = answers.shift() ?? 'ok';
        if (answer === 'hang') return { status: 'no-answer' };
        if (answer === 'decline') return { status: 'declined', reason: 'card declined' };
        return { status: 'charged', paymentId: `pay-${(ids += 1)}` };
      },
      refund: async ({ paymentId }) => void refunds.push(paymentId),
    },
    bus: { publish: async (events) => void published.push(...events) },
    clock: { now: () => new Date(now) },
    log: { info: () => {}, warn: () => {} },
    newId: () => `id-${(ids += 1)}`,
    random: () => 0,
    maxAttempts: options.maxAttempts ?? 3,
    retryBaseMs: options.retryBaseMs ?? 500,
    noAnswerRetryMs: 10_000,
    orderWaitMs: 1000,
    maxOrderWaits: 5,
  };
  return { deps, store, advance, charges, refunds, published, setAnswers: (next: Scripted[]) => answers.splice(0, answers.length, ...next) };
}

let eventIds = 0;
export function event<T extends SagaEventType>(type: T, data: SagaEventData<T>): SagaEvent<T> {
  return sagaEvent(type, data, { eventId: `e-${(eventIds += 1)}`, occurredAt: '2026-01-01T00:00:00.000Z' });
}

export const orderCreated = (orderId = 'o-1', totalAmount = 42) => event('OrderCreated', { orderId, customerId: 'cust-1', items: [{ productId: 'product-A', quantity: 1 }], totalAmount });
export const inventoryReserved = (orderId = 'o-1') => event('InventoryReserved', { orderId, items: [{ productId: 'product-A', quantity: 1 }] });
export const orderCancelled = (orderId = 'o-1', reason: 'INVENTORY_UNAVAILABLE' | 'PAYMENT_FAILED' | 'TIMEOUT' = 'TIMEOUT') => event('OrderCancelled', { orderId, reason });
