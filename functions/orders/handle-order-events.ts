import { loadOrdersConfig, makeOrdersDeps } from '../../lib/orders/deps';
import { concludeOrder } from '../../lib/orders/orders';
import { sagaConsumer } from '../../lib/saga/saga-consumer';

const deps = makeOrdersDeps(loadOrdersConfig());

// InventoryUnavailable, PaymentProcessed, PaymentFailed: each ends its order.
export const handler = sagaConsumer(deps.sqs, async (event) => {
  await concludeOrder(deps.orders, event);
  return { status: 'done' };
});
