import { sagaEvent, type SagaEvent } from '../saga/events';
import type { Payment } from './ports';

export class PaymentConflictError extends Error {
  override name = 'PaymentConflictError';
  constructor(readonly orderId: string) {
    super(`payment of order ${orderId} kept changing under us; the event comes back`);
  }
}

/** InventoryReserved came and OrderCreated never did (after every wait): a saga bug, never a silent drop. */
export class PaymentWithoutOrderError extends Error {
  override name = 'PaymentWithoutOrderError';
  constructor(readonly orderId: string, waits: number) {
    super(`InventoryReserved for order ${orderId}, but no OrderCreated after ${waits} deliveries`);
  }
}

/**
 * Delay before payment attempt `failedAttempt + 1`: base, 2 x base, 4 x base ... plus up to a quarter more
 * of random jitter, so the retries of many orders that failed together spread out. `random` is in [0, 1).
 */
export function paymentRetryDelayMs(failedAttempt: number, baseMs: number, random: number): number {
  const nominal = baseMs * 2 ** (failedAttempt - 1);
  return Math.round(nominal * (1 + random / 4));
}

export const isFinal = (payment: Payment) => payment.status === 'SUCCEEDED' || payment.status === 'FAILED' || payment.status === 'CANCELLED';

export function paymentProcessed(payment: Payment, paymentId: string, meta: { eventId: string; occurredAt: string }): SagaEvent {
  return sagaEvent('PaymentProcessed', { orderId: payment.orderId, paymentId, amount: payment.amount!, attempts: payment.attempts }, meta);
}

export function paymentFailed(payment: Payment, reason: string, meta: { eventId: string; occurredAt: string }): SagaEvent {
  return sagaEvent('PaymentFailed', { orderId: payment.orderId, reason, attempts: Math.max(1, payment.attempts) }, meta);
}
