import type { Clock } from '../shared/clock';
import type { InventoryStore } from './ports';

export type ReleaseOutcome = 'released' | 'cancelled-first' | 'nothing-to-release';

/**
 * OrderCancelled: the compensation, exactly once.
 * 1. Read the order's reservation.
 * 2. None yet (the cancellation overtook OrderCreated): record it RELEASED with no items, so that the
 *    late OrderCreated reserves nothing. Should a reservation have been recorded meanwhile, go on with it.
 * 3. RESERVED: in one transaction, RESERVED -> RELEASED and its quantities back to stock; the condition
 *    on RESERVED makes a redelivered or concurrent cancellation give nothing back twice.
 * 4. REJECTED or RELEASED: nothing is held, nothing to do.
 */
export async function releaseInventory(deps: { store: InventoryStore; clock: Clock }, orderId: string): Promise<ReleaseOutcome> {
  const at = deps.clock.now().toISOString();
  let reservation = await deps.store.getReservation(orderId);
  if (!reservation) {
    const decision = await deps.store.recordDecision({ orderId, status: 'RELEASED', items: [], cancelledFirst: true, at });
    if (decision.recorded) return 'cancelled-first';
    reservation = decision.reservation;
  }
  if (reservation.status !== 'RESERVED') return 'nothing-to-release';
  return (await deps.store.release(reservation, at)) ? 'released' : 'nothing-to-release';
}
