import { loadNotificationConfig, makeNotificationDeps } from '../../lib/notification/deps';
import { listNotifications } from '../../lib/notification/notify-customer';
import { httpHandler, json, pathId } from '../../lib/shared/http';

const { store } = makeNotificationDeps(loadNotificationConfig());

// GET /orders/{orderId}/notifications: an empty list, not a 404, while the order has not finished.
export const handler = httpHandler(async (event) => json(200, await listNotifications(store, pathId(event, 'orderId'))));
