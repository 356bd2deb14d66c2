import type { SagaEvent } from '../saga/events';
import type { StepOutcome } from '../saga/saga-consumer';
import { type Notification, notificationFor } from './notification';
import type { NotificationStore } from './ports';

// OrderConfirmed / OrderCancelled: record the customer's notification, once per order and final event.
// The store writes it only if absent (order + event type is the idempotency key): a duplicate delivery
// changes nothing.
export async function notifyCustomer(store: NotificationStore, event: SagaEvent): Promise<StepOutcome> {
  const notification = notificationFor(event);
  if (notification) await store.add(event.correlationId, event.type, notification);
  return { status: 'done' };
}

export async function listNotifications(store: NotificationStore, orderId: string): Promise<{ notifications: Notification[] }> {
  return { notifications: await store.list(orderId) };
}
