import type { SagaEvent } from '../saga/events';
import type { StepOutcome } from '../saga/saga-consumer';
import { PaymentConflictError, PaymentWithoutOrderError, paymentFailed, paymentProcessed, paymentRetryDelayMs } from './payment';
import type { ChargeAnswer, Payment, PaymentDeps } from './ports';

const CONFLICT_RETRIES = 5;

/** One delivery of a saga event to the payment context. */
export interface Delivery {
  messageId: string;
  /** SQS's ApproximateReceiveCount: bounds the wait for an OrderCreated that comes late. */
  receiveCount: number;
}

export async function handlePaymentEvent(deps: PaymentDeps, event: SagaEvent, delivery: Delivery): Promise<StepOutcome> {
  switch (event.type) {
    case 'OrderCreated': {
      const { orderId, customerId, totalAmount } = event.data as SagaEvent<'OrderCreated'>['data'];
      await recordOrder(deps, orderId, customerId, totalAmount);
      return { status: 'done' };
    }
    case 'InventoryReserved':
      return chargePayment(deps, event.correlationId, delivery);
    case 'OrderCancelled':
      await cancelPayment(deps, event.correlationId, (event.data as SagaEvent<'OrderCancelled'>['data']).reason);
      return { status: 'done' };
    default:
      deps.log.info('Event ignored by the payment context', { orderId: event.correlationId, eventType: event.type });
      return { status: 'done' };
  }
}

// OrderCreated: remember what to charge and whom, until the stock is reserved. Put if absent: a
// duplicate changes nothing, and neither does a late one after the order was cancelled (a tombstone).
export async function recordOrder(deps: PaymentDeps, orderId: string, customerId: string, amount: number): Promise<void> {
  await changePayment(deps, orderId, (payment, at) => {
    if (payment) return { result: undefined };
    return { result: undefined, next: { orderId, status: 'AWAITING_STOCK', version: 0, customerId, amount, attempts: 0, attemptLog: [], createdAt: at, updatedAt: at } };
  });
}

type Claim =
  | { kind: 'attempt'; attempt: number; payment: Payment }
  | { kind: 'publish'; payment: Payment }
  | { kind: 'wait-for-order' }
  | { kind: 'early'; afterMs: number }
  | { kind: 'dropped'; why: string }
  | { kind: 'refund'; payment: Payment };

// InventoryReserved: take the payment, one attempt per delivery; a failed attempt is retried by the same
// message delivered again after an exponential backoff (nothing sleeps in the function).
// 1. claim: AWAITING_STOCK -> PROCESSING, recording this message as the job's owner; the owner counts
//    each attempt in the payment before it starts (a crash mid-attempt still counts it). A copy of the
//    message finds the job owned by another and is dropped: one payment per order.
// 2. charge through the gateway, the attempt named by its idempotency key.
// 3. report: SUCCEEDED with a paymentId, or FAILED after maxAttempts, or wait for the next attempt.
// The final write stores the outcome event, then it is published. A crash between the two, or a publish
// that fails, brings the message back: a delivery that finds the payment final publishes the stored
// outcome again (same eventId; the orders context is idempotent on it). No payment is taken twice.
export async function chargePayment(deps: PaymentDeps, orderId: string, delivery: Delivery): Promise<StepOutcome> {
  const claim = await changePayment<Claim>(deps, orderId, (payment, at) => {
    if (!payment) return { result: { kind: 'wait-for-order' } };
    if (payment.status === 'SUCCEEDED' || payment.status === 'FAILED') return { result: { kind: 'publish', payment } };
    if (payment.status === 'CANCELLED') return { result: payment.refund === 'DUE' ? { kind: 'refund', payment } : { kind: 'dropped', why: 'the order was cancelled' } };
    if (payment.status === 'AWAITING_STOCK') {
      const next: Payment = { ...payment, status: 'PROCESSING', messageId: delivery.messageId, attempts: 1, attemptLog: [{ attempt: 1, startedAt: at }] };
      return { result: { kind: 'attempt', attempt: 1, payment: next }, next };
    }
    if (payment.messageId !== delivery.messageId) return { result: { kind: 'dropped', why: 'another message owns the payment' } };
    if (payment.awaitingAnswer) return { result: { kind: 'attempt', attempt: payment.attempts, payment } };
    if (payment.attempts >= deps.maxAttempts) {
      // The last allowed attempt started but never reported (a crash or a timeout): no attempt beyond it.
      return failed(deps, payment, `attempt ${payment.attempts} did not finish`, at);
    }
    const wait = payment.nextAttemptAt ? Date.parse(payment.nextAttemptAt) - Date.parse(at) : 0;
    if (wait > 0) return { result: { kind: 'early', afterMs: wait } };
    const attempt = payment.attempts + 1;
    const next: Payment = { ...payment, attempts: attempt, nextAttemptAt: undefined, attemptLog: [...payment.attemptLog, { attempt, startedAt: at }] };
    return { result: { kind: 'attempt', attempt, payment: next }, next };
  });

  switch (claim.kind) {
    case 'wait-for-order':
      if (delivery.receiveCount >= deps.maxOrderWaits) throw new PaymentWithoutOrderError(orderId, delivery.receiveCount);
      deps.log.info('InventoryReserved before OrderCreated; waiting for it', { orderId, receiveCount: delivery.receiveCount });
      return { status: 'retry', afterMs: deps.orderWaitMs };
    case 'early':
      return { status: 'retry', afterMs: claim.afterMs };
    case 'dropped':
      deps.log.info('InventoryReserved dropped', { orderId, messageId: delivery.messageId, why: claim.why });
      return { status: 'done' };
    case 'publish':
      await deps.bus.publish([claim.payment.outcome!]);
      return { status: 'done' };
    case 'refund':
      await refundPayment(deps, claim.payment);
      return { status: 'done' };
    case 'attempt':
      return attemptCharge(deps, claim.payment, claim.attempt, delivery.messageId);
  }
}

async function attemptCharge(deps: PaymentDeps, claimed: Payment, attempt: number, messageId: string): Promise<StepOutcome> {
  const { orderId } = claimed;
  let answer: ChargeAnswer;
  try {
    answer = await deps.gateway.charge({ orderId, customerId: claimed.customerId!, amount: claimed.amount!, idempotencyKey: `${orderId}#${attempt}` });
  } catch (error) {
    answer = { status: 'declined', reason: (error as Error).message };
  }

  type Report = { kind: 'retry'; afterMs: number } | { kind: 'publish'; payment: Payment } | { kind: 'refund'; payment: Payment } | { kind: 'dropped' };
  const report = await changePayment<Report>(deps, orderId, (payment, at) => {
    if (payment?.status === 'CANCELLED' && answer.status === 'charged' && !payment.paymentId) {
      // The order was cancelled (the saga timed out) while this attempt was at the gateway: give it back.
      const next: Payment = { ...payment, paymentId: answer.paymentId, refund: 'DUE' };
      return { result: { kind: 'refund', payment: next }, next };
    }
    // Only the owner changes the job, and only the attempt it claimed.
    if (payment?.status !== 'PROCESSING' || payment.messageId !== messageId || payment.attempts !== attempt) return { result: { kind: 'dropped' } };
    if (answer.status === 'no-answer') {
      deps.log.warn('The payment gateway did not answer; asking again later', { orderId, attempt });
      return { result: { kind: 'retry', afterMs: deps.noAnswerRetryMs }, next: { ...payment, awaitingAnswer: true } };
    }
    const error = answer.status === 'declined' ? answer.reason : undefined;
    const attemptLog = payment.attemptLog.map((entry) => (entry.attempt === attempt ? { ...entry, endedAt: at, ...(error ? { error } : {}) } : entry));
    const base: Payment = { ...payment, awaitingAnswer: undefined, attemptLog };
    if (answer.status === 'charged') {
      const next: Payment = { ...base, status: 'SUCCEEDED', paymentId: answer.paymentId, lastError: undefined };
      next.outcome = paymentProcessed(next, answer.paymentId, { eventId: deps.newId(), occurredAt: at });
      return { result: { kind: 'publish', payment: next }, next };
    }
    if (attempt >= deps.maxAttempts) {
      deps.log.warn('Payment failed for good', { orderId, attempts: attempt, error });
      return failed(deps, base, error!, at);
    }
    const afterMs = paymentRetryDelayMs(attempt, deps.retryBaseMs, deps.random());
    deps.log.info('Payment attempt failed; retrying after backoff', { orderId, attempt, afterMs, error });
    const nextAttemptAt = new Date(Date.parse(at) + afterMs).toISOString();
    return { result: { kind: 'retry', afterMs }, next: { ...base, lastError: error, nextAttemptAt } };
  });

  switch (report.kind) {
    case 'retry':
      return { status: 'retry', afterMs: report.afterMs };
    case 'publish':
      await deps.bus.publish([report.payment.outcome!]);
      return { status: 'done' };
    case 'refund':
      await refundPayment(deps, report.payment);
      return { status: 'done' };
    case 'dropped':
      return { status: 'done' };
  }
}

// OrderCancelled: no payment may be taken for this order from now on.
// - AWAITING_STOCK / PROCESSING -> CANCELLED (conditional: an attempt reporting later finds it cancelled);
// - no payment yet -> a CANCELLED tombstone, so that a late OrderCreated / InventoryReserved charges nothing;
// - SUCCEEDED -> CANCELLED with a refund due, then the gateway refunds (idempotent on paymentId) and the
//   refund is marked DONE; a crash between them leaves it DUE, and the next delivery refunds again.
// FAILED and CANCELLED stay as they are.
export async function cancelPayment(deps: PaymentDeps, orderId: string, reason: string): Promise<void> {
  const due = await changePayment<Payment | undefined>(deps, orderId, (payment, at) => {
    if (!payment) return { result: undefined, next: { orderId, status: 'CANCELLED', version: 0, attempts: 0, attemptLog: [], cancellationReason: reason, createdAt: at, updatedAt: at } };
    if (payment.status === 'AWAITING_STOCK' || payment.status === 'PROCESSING') {
      return { result: undefined, next: { ...payment, status: 'CANCELLED', cancellationReason: reason, nextAttemptAt: undefined, awaitingAnswer: undefined } };
    }
    if (payment.status === 'SUCCEEDED') {
      const next: Payment = { ...payment, status: 'CANCELLED', cancellationReason: reason, refund: 'DUE' };
      return { result: next, next };
    }
    return { result: payment.status === 'CANCELLED' && payment.refund === 'DUE' ? payment : undefined };
  });
  if (due) await refundPayment(deps, due);
}

/** The payment ends FAILED, its outcome event stored with it, to be published (again if need be). */
function failed(deps: PaymentDeps, payment: Payment, reason: string, at: string): { result: { kind: 'publish'; payment: Payment }; next: Payment } {
  const next: Payment = { ...payment, status: 'FAILED', lastError: reason };
  next.outcome = paymentFailed(next, reason, { eventId: deps.newId(), occurredAt: at });
  return { result: { kind: 'publish', payment: next }, next };
}

async function refundPayment(deps: PaymentDeps, payment: Payment): Promise<void> {
  await deps.gateway.refund({ orderId: payment.orderId, paymentId: payment.paymentId!, amount: payment.amount! });
  deps.log.warn('Payment refunded: the order was cancelled', { orderId: payment.orderId, paymentId: payment.paymentId });
  await changePayment(deps, payment.orderId, (current) => ({
    result: undefined,
    next: current?.refund === 'DUE' ? { ...current, refund: 'DONE' } : undefined,
  }));
}

/**
 * Reads the payment, decides, and writes the decision on the condition that the payment is still the
 * version read; when another writer got there first, reads and decides again.
 */
async function changePayment<R>(deps: PaymentDeps, orderId: string, decide: (payment: Payment | undefined, at: string) => { result: R; next?: Payment }): Promise<R> {
  for (let round = 0; round < CONFLICT_RETRIES; round++) {
    const payment = await deps.store.load(orderId);
    const at = deps.clock.now().toISOString();
    const { result, next } = decide(payment, at);
    if (!next) return result;
    const expected = payment?.version ?? 0;
    if (await deps.store.save({ ...next, version: expected + 1, updatedAt: at }, expected)) return result;
  }
  throw new PaymentConflictError(orderId);
}
