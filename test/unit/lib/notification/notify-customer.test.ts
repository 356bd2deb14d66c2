import { describe, expect, it } from 'vitest';
import type { Notification } from '../../../../lib/notification/notification';
import { listNotifications, notifyCustomer } from '../../../../lib/notification/notify-customer';
import type { NotificationStore } from '../../../../lib/notification/ports';
import { sagaEvent } from '../../../../lib/saga/events';

/** In memory, with the store's only-if-absent semantics on (order, event type). */
class InMemoryNotificationStore implements NotificationStore {
  readonly items = new Map<string, Notification>();
  async add(orderId: string, eventType: string, notification: Notification) {
    const key = `ORDER#${orderId}|NOTE#${eventType}`;
    if (this.items.has(key)) return false;
    this.items.set(key, notification);
    return true;
  }
  async list(orderId: string) {
    return [...this.items.entries()].filter(([key]) => key.startsWith(`ORDER#${orderId}|`)).map(([, note]) => note).sort((a, b) => a.at.localeCompare(b.at));
  }
}

const at = (second: number) => `2026-01-01T00:00:0${second}.000Z`;
const confirmed = (orderId: string, eventId = 'e-1', second = 1) => sagaEvent('OrderConfirmed', { orderId }, { eventId, occurredAt: at(second) });
const cancelled = (orderId: string, reason: 'INVENTORY_UNAVAILABLE' | 'PAYMENT_FAILED' | 'TIMEOUT') => sagaEvent('OrderCancelled', { orderId, reason }, { eventId: 'e-2', occurredAt: at(2) });

describe('notifyCustomer', () => {
  it('records one notification when the order is confirmed', async () => {
    const store = new InMemoryNotificationStore();

    expect(await notifyCustomer(store, confirmed('o-1'))).toEqual({ status: 'done' });

    expect(await listNotifications(store, 'o-1')).toEqual({ notifications: [{ type: 'ORDER_CONFIRMED', at: at(1), message: 'Your order o-1 is confirmed.' }] });
  });

  it('says why an order was cancelled', async () => {
    const store = new InMemoryNotificationStore();

    await notifyCustomer(store, cancelled('o-1', 'PAYMENT_FAILED'));
    await notifyCustomer(store, cancelled('o-2', 'INVENTORY_UNAVAILABLE'));

    expect((await listNotifications(store, 'o-1')).notifications).toEqual([{ type: 'ORDER_CANCELLED', at: at(2), message: 'Your order o-1 was cancelled: payment failed.' }]);
    expect((await listNotifications(store, 'o-2')).notifications[0].message).toBe('Your order o-2 was cancelled: items were out of stock.');
  });

  it('changes nothing when the same final event is delivered again', async () => {
    const store = new InMemoryNotificationStore();
    await notifyCustomer(store, confirmed('o-1', 'e-1', 1));

    await notifyCustomer(store, confirmed('o-1', 'e-1', 1));
    await notifyCustomer(store, confirmed('o-1', 'e-9', 5)); // the event published again

    expect(await listNotifications(store, 'o-1')).toEqual({ notifications: [{ type: 'ORDER_CONFIRMED', at: at(1), message: 'Your order o-1 is confirmed.' }] });
  });

  it('records nothing for events that are not final, and lists none for an order without any', async () => {
    const store = new InMemoryNotificationStore();

    await notifyCustomer(store, sagaEvent('InventoryReserved', { orderId: 'o-1', items: [{ productId: 'p', quantity: 1 }] }, { eventId: 'e-3', occurredAt: at(3) }));

    expect(await listNotifications(store, 'o-1')).toEqual({ notifications: [] });
  });
});
