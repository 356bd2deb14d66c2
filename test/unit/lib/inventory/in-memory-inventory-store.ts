import { InventoryContentionError, type InventoryStore, type ProductStock, type Reservation, type ReserveAttempt } from '../../../../lib/inventory/ports';
import type { InventoryStepDeps } from '../../../../lib/inventory/reserve-inventory';
import type { SagaEvent } from '../../../../lib/saga/events';

/**
 * The InventoryStore with DynamoDB's conditional semantics: each write yields once (so concurrent calls
 * interleave between reads and writes, as they would over the network), then checks its conditions
 * and applies all of its changes or none without yielding again.
 */
export class InMemoryInventoryStore implements InventoryStore {
  readonly products = new Map<string, number>();
  readonly reservations = new Map<string, Reservation>();
  /** The next this many transactions fail as if they had lost a race. */
  conflicts = 0;
  transactions = 0;

  async getProduct(productId: string): Promise<ProductStock | undefined> {
    await tick();
    const stock = this.products.get(productId);
    return stock === undefined ? undefined : { productId, stock };
  }

  async getReservation(orderId: string): Promise<Reservation | undefined> {
    await tick();
    return copy(this.reservations.get(orderId));
  }

  async reserve(reservation: Reservation): Promise<ReserveAttempt> {
    await this.transaction();
    const standing = this.reservations.get(reservation.orderId);
    if (standing) return { status: 'decided', reservation: copy(standing)! };
    const short = reservation.items.filter(({ productId, quantity }) => (this.products.get(productId) ?? -1) < quantity);
    if (short.length > 0) return { status: 'unavailable', productIds: short.map((item) => item.productId) };
    for (const { productId, quantity } of reservation.items) this.products.set(productId, this.products.get(productId)! - quantity);
    this.reservations.set(reservation.orderId, copy(reservation)!);
    return { status: 'reserved', reservation };
  }

  async recordDecision(reservation: Reservation): Promise<{ recorded: boolean; reservation: Reservation }> {
    await tick();
    const standing = this.reservations.get(reservation.orderId);
    if (standing) return { recorded: false, reservation: copy(standing)! };
    this.reservations.set(reservation.orderId, copy(reservation)!);
    return { recorded: true, reservation };
  }

  async release(reservation: Reservation, at: string): Promise<boolean> {
    await this.transaction();
    const standing = this.reservations.get(reservation.orderId);
    if (standing?.status !== 'RESERVED') return false;
    this.reservations.set(reservation.orderId, { ...standing, status: 'RELEASED' });
    for (const { productId, quantity } of reservation.items) this.products.set(productId, (this.products.get(productId) ?? 0) + quantity);
    void at;
    return true;
  }

  async seedProducts(products: ProductStock[]): Promise<void> {
    await tick();
    for (const { productId, stock } of products) if (!this.products.has(productId)) this.products.set(productId, stock);
  }

  private async transaction(): Promise<void> {
    await tick();
    this.transactions += 1;
    if (this.conflicts > 0) {
      this.conflicts -= 1;
      throw new InventoryContentionError('TransactionConflict');
    }
  }
}

const tick = () => new Promise<void>((resolve) => setImmediate(resolve));
const copy = <T>(value: T): T => (value === undefined ? value : structuredClone(value));

/** The inventory's step on the in-memory store, a recording bus and a fixed clock. */
export function inMemoryInventoryDeps(stock: Record<string, number> = { 'product-A': 10, 'product-B': 5, 'product-C': 0 }) {
  const store = new InMemoryInventoryStore();
  for (const [productId, units] of Object.entries(stock)) store.products.set(productId, units);
  const published: SagaEvent[] = [];
  let ids = 0;
  const deps: InventoryStepDeps = {
    store,
    bus: { publish: async (events) => void published.push(...events) },
    clock: { now: () => new Date('2026-01-01T00:00:00.000Z') },
    newId: () => `event-${(ids += 1)}`,
  };
  /** What was published, without the envelope's ids. */
  const answers = () => published.map((event) => ({ type: event.type, data: event.data }));
  return { deps, store, published, answers };
}
