import { loadNotificationConfig, makeNotificationDeps } from '../../lib/notification/deps';
import { notifyCustomer } from '../../lib/notification/notify-customer';
import { sagaConsumer } from '../../lib/saga/saga-consumer';

const { store, sqs } = makeNotificationDeps(loadNotificationConfig());

// OrderConfirmed and OrderCancelled from the notification queue: one notification each per order.
export const handler = sagaConsumer(sqs, (event) => notifyCustomer(store, event));
