import type { SagaEvent } from '../saga/events';

// What the customer is told when the saga ends: one notification per final event of an order.

export type NotificationType = 'ORDER_CONFIRMED' | 'ORDER_CANCELLED';

export interface Notification {
  type: NotificationType;
  at: string;
  message: string;
}

const CANCELLATION_REASONS: Record<SagaEvent<'OrderCancelled'>['data']['reason'], string> = {
  INVENTORY_UNAVAILABLE: 'items were out of stock',
  PAYMENT_FAILED: 'payment failed',
  TIMEOUT: 'it could not be completed in time',
};

/** The notification a final event calls for, or undefined for any other event. */
export function notificationFor(event: SagaEvent): Notification | undefined {
  const orderId = event.correlationId;
  if (event.type === 'OrderConfirmed') return { type: 'ORDER_CONFIRMED', at: event.occurredAt, message: `Your order ${orderId} is confirmed.` };
  if (event.type === 'OrderCancelled') {
    const { reason } = event.data as SagaEvent<'OrderCancelled'>['data'];
    return { type: 'ORDER_CANCELLED', at: event.occurredAt, message: `Your order ${orderId} was cancelled: ${CANCELLATION_REASONS[reason]}.` };
  }
  return undefined;
}
