import { randomUUID } from 'node:crypto';
import { sleep } from '../../shared/clock';
import type { ChargeAnswer, PaymentGateway } from '../ports';

/** Test hooks of the local stage (FAULT_INJECTION=on): customers whose id starts with these. */
export const PAYMENT_HANGS_PREFIX = 'fault.payment-hangs';
export const PAYMENT_FAILS_PREFIX = 'fault.payment-fails';

/**
 * The payment gateway, simulated: a latency in [minMs, maxMs] and a decline with probability
 * failureRate. With fault hooks on, a `fault.payment-hangs` customer never gets an answer (the saga's
 * timeout must cancel the order) and a `fault.payment-fails` customer is always declined. Answers are
 * remembered by idempotency key, as a real gateway does: asking again about an attempt charges nothing.
 */
export class SimulatedPaymentGateway implements PaymentGateway {
  private readonly answers = new Map<string, ChargeAnswer>();

  constructor(
    private readonly settings: { minMs: number; maxMs: number; failureRate: number; faultHooks: boolean },
    private readonly random: () => number = Math.random,
  ) {}

  async charge(request: { orderId: string; customerId: string; amount: number; idempotencyKey: string }): Promise<ChargeAnswer> {
    const { minMs, maxMs, failureRate, faultHooks } = this.settings;
    await sleep(minMs + this.random() * Math.max(0, maxMs - minMs));
    if (faultHooks && request.customerId.startsWith(PAYMENT_HANGS_PREFIX)) return { status: 'no-answer' };
    const known = this.answers.get(request.idempotencyKey);
    if (known) return known;
    const declined = (faultHooks && request.customerId.startsWith(PAYMENT_FAILS_PREFIX)) || this.random() < failureRate;
    const answer: ChargeAnswer = declined ? { status: 'declined', reason: 'card declined (simulated failure)' } : { status: 'charged', paymentId: randomUUID() };
    this.answers.set(request.idempotencyKey, answer);
    return answer;
  }

  async refund(): Promise<void> {
    await sleep(this.settings.minMs);
  }
}
