import { handleOrderEvent } from '../../lib/inventory/handle-order-event';
import { loadInventoryConfig, makeInventoryDeps } from '../../lib/inventory/deps';
import { sagaConsumer } from '../../lib/saga/saga-consumer';

const deps = makeInventoryDeps(loadInventoryConfig());

// OrderCreated and OrderCancelled from the orders bus, through InventoryEventsQueue: reserve, release.
export const handler = sagaConsumer(deps.sqs, (event) => handleOrderEvent(deps.step, event));
