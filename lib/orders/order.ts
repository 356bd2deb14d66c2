import { z } from 'zod';
import { ConflictError } from '../shared/errors';
import { orderItemSchema, type OrderItem, type SagaEvent } from '../saga/events';

// An order and its lifecycle, pure. PENDING -> COMPLETED (payment processed) or CANCELLED (inventory
// unavailable, payment failed, or the saga timed out). Every write is conditioned on PENDING.

export type OrderStatus = 'PENDING' | 'COMPLETED' | 'CANCELLED';
export type CancellationReason = 'INVENTORY_UNAVAILABLE' | 'PAYMENT_FAILED' | 'TIMEOUT';

export interface Order {
  id: string;
  customerId: string;
  items: OrderItem[];
  totalAmount: number;
  status: OrderStatus;
  cancellationReason?: CancellationReason;
  history: Array<{ status: OrderStatus; at: string; reason?: CancellationReason }>;
  createdAt: string;
  updatedAt: string;
}

/** Body of POST /orders. */
export const createOrderBodySchema = z.strictObject({
  customerId: z.string().min(1).max(128),
  items: z.array(orderItemSchema).min(1).max(50),
  totalAmount: z.number().positive().max(1e9),
});
export type CreateOrderInput = z.infer<typeof createOrderBodySchema>;

/** Where an order goes when this saga event reaches it; undefined: the event does not end an order. */
export function outcomeOf(event: SagaEvent): { to: 'COMPLETED' } | { to: 'CANCELLED'; reason: CancellationReason } | undefined {
  switch (event.type) {
    case 'PaymentProcessed':
      return { to: 'COMPLETED' };
    case 'PaymentFailed':
      return { to: 'CANCELLED', reason: 'PAYMENT_FAILED' };
    case 'InventoryUnavailable':
      return { to: 'CANCELLED', reason: 'INVENTORY_UNAVAILABLE' };
    default:
      return undefined;
  }
}

export class IllegalOrderTransitionError extends ConflictError {
  constructor(orderId: string, from: OrderStatus, to: OrderStatus) {
    super(`order ${orderId} cannot go from ${from} to ${to}`);
  }
}

export function finish(order: Order, to: 'COMPLETED' | 'CANCELLED', at: string, reason?: CancellationReason): Order {
  if (order.status !== 'PENDING') throw new IllegalOrderTransitionError(order.id, order.status, to);
  return {
    ...order,
    status: to,
    ...(reason ? { cancellationReason: reason } : {}),
    history: [...order.history, { status: to, at, ...(reason ? { reason } : {}) }],
    updatedAt: at,
  };
}
