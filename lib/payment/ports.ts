import type { SagaEvent, SagaEventBus } from '../saga/events';
import type { Clock } from '../shared/clock';

// The payment context: one payment per order, pk = PAYMENT#<orderId>.
//
//   (none) -> AWAITING_STOCK -> PROCESSING -> SUCCEEDED
//                                          -> FAILED
//   AWAITING_STOCK | PROCESSING | SUCCEEDED -> CANCELLED (the order was cancelled; a payment taken is refunded)
//   (none) -> CANCELLED (OrderCancelled came first: a tombstone, so nothing is charged later)

export type PaymentStatus = 'AWAITING_STOCK' | 'PROCESSING' | 'SUCCEEDED' | 'FAILED' | 'CANCELLED';

export interface PaymentAttempt {
  attempt: number;
  startedAt: string;
  endedAt?: string;
  error?: string;
}

export interface Payment {
  orderId: string;
  status: PaymentStatus;
  /** The optimistic lock: every write is conditioned on the version it read. */
  version: number;
  /** Absent on a tombstone (OrderCancelled before OrderCreated). */
  customerId?: string;
  amount?: number;
  attempts: number;
  /** The InventoryReserved message that owns the charging job; a copy of it is dropped. */
  messageId?: string;
  nextAttemptAt?: string;
  /** The current attempt was made but the gateway has not answered: ask again, do not count a new one. */
  awaitingAnswer?: boolean;
  lastError?: string;
  paymentId?: string;
  attemptLog: PaymentAttempt[];
  /** The outcome event (PaymentProcessed | PaymentFailed), kept so that a redelivery publishes it again, same eventId. */
  outcome?: SagaEvent;
  cancellationReason?: string;
  /** Set when a payment taken must be given back (the order was cancelled); DONE once the gateway refunded it. */
  refund?: 'DUE' | 'DONE';
  createdAt: string;
  updatedAt: string;
}

export interface PaymentStore {
  /** The payment, read strongly consistent; undefined when there is none. */
  load(orderId: string): Promise<Payment | undefined>;
  /** Writes the payment if the stored version is still expectedVersion (0: no item). False when it is not. */
  save(payment: Payment, expectedVersion: number): Promise<boolean>;
}

export type ChargeAnswer = { status: 'charged'; paymentId: string } | { status: 'declined'; reason: string } | { status: 'no-answer' };

export interface PaymentGateway {
  /** One attempt; the idempotency key names it, so asking again about the same attempt charges nothing more. */
  charge(request: { orderId: string; customerId: string; amount: number; idempotencyKey: string }): Promise<ChargeAnswer>;
  /** Gives back a payment taken; idempotent on paymentId. */
  refund(request: { orderId: string; paymentId: string; amount: number }): Promise<void>;
}

export interface PaymentDeps {
  store: PaymentStore;
  gateway: PaymentGateway;
  bus: SagaEventBus;
  clock: Clock;
  log: { info(message: string, extra: Record<string, unknown>): void; warn(message: string, extra: Record<string, unknown>): void };
  newId: () => string;
  random: () => number;
  maxAttempts: number;
  retryBaseMs: number;
  /** When the gateway did not answer, ask again after this long (the saga's timeout may cancel the order meanwhile). */
  noAnswerRetryMs: number;
  /** How long to wait for OrderCreated when InventoryReserved comes first, and how many times. */
  orderWaitMs: number;
  maxOrderWaits: number;
}
