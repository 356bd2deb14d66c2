import { loadInventoryConfig, makeInventoryDeps } from '../../lib/inventory/deps';
import { getProduct } from '../../lib/inventory/read-product';
import { httpHandler, json, pathId } from '../../lib/shared/http';

const deps = makeInventoryDeps(loadInventoryConfig());

// GET /products/{productId}
export const handler = httpHandler(async (event) => json(200, await getProduct(deps.store, pathId(event, 'productId'))));
