import { loadOrdersConfig, makeOrdersDeps } from '../../lib/orders/deps';
import { getOrder } from '../../lib/orders/orders';
import { httpHandler, json, pathId } from '../../lib/shared/http';

const deps = makeOrdersDeps(loadOrdersConfig());

// GET /orders/{orderId}
export const handler = httpHandler(async (event) => json(200, await getOrder(deps.orders, pathId(event, 'orderId'))));
