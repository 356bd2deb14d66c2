import type { ProductStock } from './ports';

/** The catalogue every stage starts with (API.md). */
export const DEFAULT_PRODUCTS: ProductStock[] = [
  { productId: 'product-A', stock: 10 },
  { productId: 'product-B', stock: 5 },
  { productId: 'product-C', stock: 0 },
];
