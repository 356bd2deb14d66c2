import { NotFoundError } from '../shared/errors';
import type { InventoryStore, ProductStock } from './ports';

export async function getProduct(store: InventoryStore, productId: string): Promise<ProductStock> {
  const product = await store.getProduct(productId);
  if (!product) throw new NotFoundError(`Product ${productId} does not exist.`);
  return product;
}
