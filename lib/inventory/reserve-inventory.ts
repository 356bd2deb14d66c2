import type { Clock } from '../shared/clock';
import { sagaEvent, type SagaEventBus, type SagaEventData } from '../saga/events';
import type { InventoryStore, Reservation } from './ports';
import { answerFor, mergeItems } from './reservation';

export interface InventoryStepDeps {
  store: InventoryStore;
  bus: SagaEventBus;
  clock: Clock;
  newId: () => string;
}

/**
 * OrderCreated: reserve every item of the order or none.
 * 1. Merge the items by product and reserve them all in one conditional transaction, which also records
 *    the decision RESERVED unless the order has a decision already.
 * 2. Some product short: record the decision REJECTED with those products (unless one exists).
 * 3. The order had a decision (a redelivery, or a cancellation that came first): that decision stands.
 * 4. Publish the answer of the decision that stands: the same one on every delivery, none when RELEASED.
 */
export async function reserveInventory(deps: InventoryStepDeps, order: SagaEventData<'OrderCreated'>): Promise<Reservation> {
  const at = deps.clock.now().toISOString();
  const items = mergeItems(order.items);
  const attempt = await deps.store.reserve({ orderId: order.orderId, status: 'RESERVED', items, at });
  const decision =
    attempt.status === 'unavailable'
      ? (await deps.store.recordDecision({ orderId: order.orderId, status: 'REJECTED', items, unavailable: attempt.productIds, at })).reservation
      : attempt.reservation;
  const answer = answerFor(decision);
  if (answer) {
    const meta = { eventId: deps.newId(), occurredAt: deps.clock.now().toISOString() };
    await deps.bus.publish([sagaEvent(answer.type, answer.data, meta)]);
  }
  return decision;
}
