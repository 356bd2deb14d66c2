import type { OrderItem } from '../saga/events';

export interface ProductStock {
  productId: string;
  /** Units on hand: reserved units are already taken off. */
  stock: number;
}

/**
 * The inventory's one decision about an order. RELEASED is where a reservation ends when its order is
 * cancelled; an order cancelled before it was ever seen is RELEASED too (cancelledFirst, no items), so
 * that its late OrderCreated reserves nothing.
 */
export type ReservationStatus = 'RESERVED' | 'REJECTED' | 'RELEASED';

export interface Reservation {
  orderId: string;
  status: ReservationStatus;
  items: OrderItem[];
  /** REJECTED: the products that could not be reserved. */
  unavailable?: string[];
  cancelledFirst?: boolean;
  at: string;
}

export type ReserveAttempt =
  | { status: 'reserved'; reservation: Reservation }
  /** The order had a decision already; nothing was written. */
  | { status: 'decided'; reservation: Reservation }
  /** These products lacked stock (or do not exist); nothing was written. */
  | { status: 'unavailable'; productIds: string[] };

/** Stock and reservations. Every write is conditional, so redelivered and concurrent events change nothing twice. */
export interface InventoryStore {
  getProduct(productId: string): Promise<ProductStock | undefined>;
  /** Strongly consistent. */
  getReservation(orderId: string): Promise<Reservation | undefined>;
  /**
   * All or nothing, in one transaction: takes each item's quantity off its product's stock, on the
   * condition that the product exists and has that much, and records the RESERVED reservation, on the
   * condition that the order has none. Items name each product once.
   */
  reserve(reservation: Reservation): Promise<ReserveAttempt>;
  /** Records the decision unless the order has one already; answers the decision that stands. */
  recordDecision(reservation: Reservation): Promise<{ recorded: boolean; reservation: Reservation }>;
  /**
   * In one transaction: RESERVED -> RELEASED and the items' quantities back to stock. False (and
   * nothing written) when the reservation is no longer RESERVED.
   */
  release(reservation: Reservation, at: string): Promise<boolean>;
  /** Creates the products that do not exist; existing stock is left as it is. */
  seedProducts(products: ProductStock[]): Promise<void>;
}

/** Another transaction held an item this one needed; trying again shortly will do. */
export class InventoryContentionError extends Error {
  override name = 'InventoryContentionError';
}
