import { z } from 'zod';

// The order saga's published language: the events the orders, inventory, payment and notification
// contexts exchange on the orders bus. Each is one zod schema inside a versioned envelope, checked when
// published and when consumed. correlationId is the orderId: every event of one order shares it.

export const SAGA_SCHEMA_VERSION = 1;

export const orderItemSchema = z.strictObject({ productId: z.string().regex(/^[A-Za-z0-9_.:-]{1,128}$/), quantity: z.number().int().min(1).max(1000) });
export type OrderItem = z.infer<typeof orderItemSchema>;

const orderRef = { orderId: z.string().min(1).max(128) };

export const sagaEventSchemas = {
  OrderCreated: z.strictObject({ ...orderRef, customerId: z.string().min(1), items: z.array(orderItemSchema).min(1).max(50), totalAmount: z.number().positive() }),
  InventoryReserved: z.strictObject({ ...orderRef, items: z.array(orderItemSchema).min(1) }),
  InventoryUnavailable: z.strictObject({ ...orderRef, unavailable: z.array(z.string()) }),
  PaymentProcessed: z.strictObject({ ...orderRef, paymentId: z.string(), amount: z.number().positive(), attempts: z.number().int().min(1) }),
  PaymentFailed: z.strictObject({ ...orderRef, reason: z.string(), attempts: z.number().int().min(1) }),
  OrderConfirmed: z.strictObject({ ...orderRef }),
  OrderCancelled: z.strictObject({ ...orderRef, reason: z.enum(['INVENTORY_UNAVAILABLE', 'PAYMENT_FAILED', 'TIMEOUT']) }),
} as const;

export type SagaEventType = keyof typeof sagaEventSchemas;
export type SagaEventData<T extends SagaEventType> = z.infer<(typeof sagaEventSchemas)[T]>;

export const sagaEnvelopeSchema = z.strictObject({
  schemaVersion: z.literal(SAGA_SCHEMA_VERSION),
  eventId: z.string().min(1),
  occurredAt: z.iso.datetime(),
  correlationId: z.string().min(1),
  data: z.record(z.string(), z.unknown()),
});

export interface SagaEvent<T extends SagaEventType = SagaEventType> {
  type: T;
  schemaVersion: typeof SAGA_SCHEMA_VERSION;
  eventId: string;
  occurredAt: string;
  correlationId: string;
  data: SagaEventData<T>;
}

export class InvalidSagaEventError extends Error {
  override name = 'InvalidSagaEventError';
}

/** Builds an event, checking its data against its schema: nothing malformed is ever published. */
export function sagaEvent<T extends SagaEventType>(type: T, data: SagaEventData<T>, meta: { eventId: string; occurredAt: string }): SagaEvent<T> {
  const parsed = sagaEventSchemas[type].safeParse(data);
  if (!parsed.success) throw new InvalidSagaEventError(`${type} does not match its schema: ${parsed.error.message}`);
  return { type, schemaVersion: SAGA_SCHEMA_VERSION, ...meta, correlationId: data.orderId, data: parsed.data as SagaEventData<T> };
}

/**
 * Reads an EventBridge event delivered through SQS (the record body): detail-type names the event,
 * detail is the envelope. Throws InvalidSagaEventError for anything that is not a valid saga event.
 */
export function parseSagaEvent(body: string): SagaEvent {
  let raw: unknown;
  try {
    raw = JSON.parse(body);
  } catch {
    throw new InvalidSagaEventError('the body is not JSON');
  }
  const outer = z.object({ 'detail-type': z.string(), detail: z.unknown() }).safeParse(raw);
  if (!outer.success) throw new InvalidSagaEventError('not an EventBridge event');
  const type = outer.data['detail-type'];
  if (!(type in sagaEventSchemas)) throw new InvalidSagaEventError(`unknown event type ${type}`);
  const envelope = sagaEnvelopeSchema.safeParse(outer.data.detail);
  if (!envelope.success) throw new InvalidSagaEventError(`${type}: bad envelope: ${envelope.error.message}`);
  const data = sagaEventSchemas[type as SagaEventType].safeParse(envelope.data.data);
  if (!data.success) throw new InvalidSagaEventError(`${type}: bad data: ${data.error.message}`);
  if (envelope.data.correlationId !== data.data.orderId) throw new InvalidSagaEventError(`${type}: correlationId is not the orderId`);
  return { type: type as SagaEventType, ...envelope.data, data: data.data } as SagaEvent;
}

/** Publishes saga events (in order); throws when the bus refuses any (FailedEntryCount > 0). */
export interface SagaEventBus {
  publish(events: SagaEvent[]): Promise<void>;
}
