import type { OrderItem } from '../saga/events';
import type { Reservation } from './ports';

/** One item per product, quantities summed: a transaction may touch each product's item only once. */
export function mergeItems(items: OrderItem[]): OrderItem[] {
  const quantities = new Map<string, number>();
  for (const { productId, quantity } of items) quantities.set(productId, (quantities.get(productId) ?? 0) + quantity);
  return [...quantities].map(([productId, quantity]) => ({ productId, quantity }));
}

/**
 * What the inventory answers about an order, given its decision: the same answer however often it is
 * asked. A RELEASED order is cancelled already: nobody waits for an answer, and a late InventoryReserved
 * could only set the rest of the saga going again, so there is none.
 */
export type InventoryAnswer =
  | { type: 'InventoryReserved'; data: { orderId: string; items: OrderItem[] } }
  | { type: 'InventoryUnavailable'; data: { orderId: string; unavailable: string[] } }
  | undefined;

export function answerFor(reservation: Reservation): InventoryAnswer {
  switch (reservation.status) {
    case 'RESERVED':
      return { type: 'InventoryReserved', data: { orderId: reservation.orderId, items: reservation.items } };
    case 'REJECTED':
      return { type: 'InventoryUnavailable', data: { orderId: reservation.orderId, unavailable: reservation.unavailable ?? [] } };
    case 'RELEASED':
      return undefined;
  }
}
