import type { Order } from './order';

export interface OrderStore {
  /** Creates the order; it must not exist. */
  create(order: Order): Promise<void>;
  get(orderId: string): Promise<Order | undefined>;
  /** Writes the finished order if it is still PENDING; answers false when it was not. */
  finish(order: Order): Promise<boolean>;
}

/** Wakes the order up when its saga's time is over. */
export interface SagaTimer {
  start(orderId: string, afterSeconds: number): Promise<void>;
}
