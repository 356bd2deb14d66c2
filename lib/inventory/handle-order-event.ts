import type { SagaEvent } from '../saga/events';
import type { StepOutcome } from '../saga/saga-consumer';
import { logger } from '../shared/logger';
import { InventoryContentionError } from './ports';
import { releaseInventory } from './release-inventory';
import { reserveInventory, type InventoryStepDeps } from './reserve-inventory';

/** A transaction that lost a race for a product is tried again after this long. */
export const CONTENTION_RETRY_MS = 1000;

/**
 * The inventory's saga step: OrderCreated reserves, OrderCancelled gives back. Every other event is
 * none of its business (a confirmed order's reservation simply stays taken: sold).
 */
export async function handleOrderEvent(deps: InventoryStepDeps, event: SagaEvent): Promise<StepOutcome> {
  try {
    if (event.type === 'OrderCreated') {
      const decision = await reserveInventory(deps, (event as SagaEvent<'OrderCreated'>).data);
      logger.info('Order decided', { orderId: decision.orderId, status: decision.status, unavailable: decision.unavailable });
    } else if (event.type === 'OrderCancelled') {
      const orderId = (event as SagaEvent<'OrderCancelled'>).data.orderId;
      logger.info('Order cancelled', { orderId, outcome: await releaseInventory(deps, orderId) });
    }
    return { status: 'done' };
  } catch (error) {
    if (!(error instanceof InventoryContentionError)) throw error;
    logger.warn('Inventory transaction conflicted; retrying', { orderId: event.correlationId, eventType: event.type });
    return { status: 'retry', afterMs: CONTENTION_RETRY_MS };
  }
}
