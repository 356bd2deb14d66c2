import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { dynamoDocumentClient, eventBridgeClient, sqsClient } from '../shared/aws-clients';
import { systemClock } from '../shared/clock';
import { loadConfig, positiveInt } from '../shared/config';
import { logger } from '../shared/logger';
import { MAX_DELAY_SECONDS } from '../shared/sqs-delayed-messages';
import { EventBridgeSagaBus } from '../saga/eventbridge-saga-bus';
import { DynamoDbOrderStore } from './adapters/dynamodb-order-store';
import { SqsSagaTimer } from './adapters/sqs-saga-timer';
import type { OrdersDeps } from './orders';

const ordersConfigSchema = z.object({
  ORDERS_TABLE: z.string().min(1),
  IDEMPOTENCY_TABLE: z.string().min(1),
  ORDERS_BUS_NAME: z.string().min(1),
  SAGA_TIMERS_QUEUE_NAME: z.string().min(1),
  SAGA_TIMEOUT_S: positiveInt.max(MAX_DELAY_SECONDS).default(60),
  REQUEST_METRICS_FILE: z.string().optional().transform((value) => value || undefined),
});

export type OrdersConfig = z.infer<typeof ordersConfigSchema>;
export const loadOrdersConfig = () => loadConfig(ordersConfigSchema);

/** The orders context wired to its adapters; built once per container. */
export function makeOrdersDeps(config: OrdersConfig) {
  const clients = { requestMetricsFile: config.REQUEST_METRICS_FILE };
  const db = dynamoDocumentClient(clients);
  const orders: OrdersDeps = {
    store: new DynamoDbOrderStore(db, config.ORDERS_TABLE),
    bus: new EventBridgeSagaBus(eventBridgeClient(clients), config.ORDERS_BUS_NAME, 'orders'),
    timer: new SqsSagaTimer(sqsClient(clients), config.SAGA_TIMERS_QUEUE_NAME),
    clock: systemClock,
    newId: randomUUID,
    sagaTimeoutSeconds: config.SAGA_TIMEOUT_S,
    log: logger,
  };
  return { orders, sqs: sqsClient(clients), idempotencyTable: config.IDEMPOTENCY_TABLE };
}
