import type { Notification } from './notification';

export interface NotificationStore {
  /** Records the notification of this event type for the order unless there is one: false if there was. */
  add(orderId: string, eventType: string, notification: Notification): Promise<boolean>;
  /** The order's notifications, oldest first. */
  list(orderId: string): Promise<Notification[]>;
}
