import type { Clock } from '../shared/clock';
import { NotFoundError } from '../shared/errors';
import { sagaEvent, type SagaEvent, type SagaEventBus } from '../saga/events';
import { type CancellationReason, type CreateOrderInput, finish, type Order, outcomeOf } from './order';
import type { OrderStore, SagaTimer } from './ports';

export interface OrdersDeps {
  store: OrderStore;
  bus: SagaEventBus;
  timer: SagaTimer;
  clock: Clock;
  newId: () => string;
  sagaTimeoutSeconds: number;
  log: { info(message: string, extra: Record<string, unknown>): void; warn(message: string, extra: Record<string, unknown>): void };
}

/**
 * POST /orders: the saga's timer is started first, then the order is written PENDING, then OrderCreated
 * is published. A failure after the write leaves a PENDING order whose saga never starts: its timer
 * cancels it (TIMEOUT), so no order stays PENDING.
 */
export async function createOrder(deps: OrdersDeps, input: CreateOrderInput): Promise<Order> {
  const id = deps.newId();
  const at = deps.clock.now().toISOString();
  const order: Order = { id, ...input, status: 'PENDING', history: [{ status: 'PENDING', at }], createdAt: at, updatedAt: at };
  await deps.timer.start(id, deps.sagaTimeoutSeconds);
  await deps.store.create(order);
  await deps.bus.publish([sagaEvent('OrderCreated', { orderId: id, customerId: input.customerId, items: input.items, totalAmount: input.totalAmount }, meta(deps))]);
  deps.log.info('Order created', { orderId: id });
  return order;
}

export async function getOrder(deps: Pick<OrdersDeps, 'store'>, orderId: string): Promise<Order> {
  const order = await deps.store.get(orderId);
  if (!order) throw new NotFoundError(`No order ${orderId}.`);
  return order;
}

/** A saga event that ends an order (InventoryUnavailable, PaymentProcessed, PaymentFailed). */
export async function concludeOrder(deps: OrdersDeps, event: SagaEvent): Promise<void> {
  const outcome = outcomeOf(event);
  if (!outcome) return;
  await end(deps, event.correlationId, outcome.to, outcome.to === 'CANCELLED' ? outcome.reason : undefined);
}

/** The saga's timer: an order still PENDING is cancelled (TIMEOUT), which releases its stock. */
export async function expireOrder(deps: OrdersDeps, orderId: string): Promise<void> {
  await end(deps, orderId, 'CANCELLED', 'TIMEOUT');
}

/**
 * Moves the order from PENDING (a conditional write) and publishes OrderConfirmed / OrderCancelled.
 * The same outcome delivered again publishes it again (a crash may have lost the first publish; every
 * consumer is idempotent). Another outcome that comes after the order ended (a payment after the saga
 * timed out, the timer of a completed order) changes nothing and publishes nothing.
 */
async function end(deps: OrdersDeps, orderId: string, to: 'COMPLETED' | 'CANCELLED', reason?: CancellationReason): Promise<void> {
  let order = await deps.store.get(orderId);
  if (!order) {
    deps.log.warn('Saga event for an unknown order: ignored', { orderId, to });
    return;
  }
  if (order.status === 'PENDING') {
    const finished = finish(order, to, deps.clock.now().toISOString(), reason);
    if (await deps.store.finish(finished)) {
      deps.log.info('Order finished', { orderId, status: to, reason });
      order = finished;
    } else {
      order = (await deps.store.get(orderId))!;
    }
  }
  if (order.status !== to || order.cancellationReason !== reason) {
    deps.log.info('Order already finished otherwise: this outcome changes nothing', { orderId, status: order.status, late: to, reason });
    return;
  }
  await deps.bus.publish([outcomeEvent(deps, order)]);
}

function outcomeEvent(deps: OrdersDeps, order: Order): SagaEvent {
  return order.status === 'COMPLETED'
    ? sagaEvent('OrderConfirmed', { orderId: order.id }, meta(deps))
    : sagaEvent('OrderCancelled', { orderId: order.id, reason: order.cancellationReason! }, meta(deps));
}

function meta(deps: Pick<OrdersDeps, 'clock' | 'newId'>) {
  return { eventId: deps.newId(), occurredAt: deps.clock.now().toISOString() };
}
