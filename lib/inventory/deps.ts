import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { EventBridgeSagaBus } from '../saga/eventbridge-saga-bus';
import { dynamoDocumentClient, eventBridgeClient, sqsClient } from '../shared/aws-clients';
import { systemClock } from '../shared/clock';
import { loadConfig } from '../shared/config';
import { DynamoDbInventoryStore } from './adapters/dynamodb-inventory-store';
import type { InventoryStepDeps } from './reserve-inventory';

const inventoryConfigSchema = z.object({
  INVENTORY_TABLE: z.string().min(1),
  ORDERS_BUS_NAME: z.string().min(1),
  REQUEST_METRICS_FILE: z.string().optional().transform((value) => value || undefined),
});

export type InventoryConfig = z.infer<typeof inventoryConfigSchema>;

export const loadInventoryConfig = () => loadConfig(inventoryConfigSchema);

/** The inventory context wired to its adapters; built once per container. */
export function makeInventoryDeps(config: InventoryConfig) {
  const clients = { requestMetricsFile: config.REQUEST_METRICS_FILE };
  const store = new DynamoDbInventoryStore(dynamoDocumentClient(clients), config.INVENTORY_TABLE);
  const step: InventoryStepDeps = {
    store,
    bus: new EventBridgeSagaBus(eventBridgeClient(clients), config.ORDERS_BUS_NAME, 'inventory'),
    clock: systemClock,
    newId: randomUUID,
  };
  return { store, step, sqs: sqsClient(clients) };
}
