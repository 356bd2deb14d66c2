import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { EventBridgeSagaBus } from '../saga/eventbridge-saga-bus';
import { dynamoDocumentClient, eventBridgeClient, sqsClient } from '../shared/aws-clients';
import { systemClock } from '../shared/clock';
import { flag, loadConfig, nonNegativeInt, positiveInt } from '../shared/config';
import { logger } from '../shared/logger';
import { DynamoDbPaymentStore } from './adapters/dynamodb-payment-store';
import { SimulatedPaymentGateway } from './adapters/simulated-payment-gateway';
import type { PaymentDeps } from './ports';

const paymentConfigSchema = z.object({
  PAYMENTS_TABLE: z.string().min(1),
  ORDERS_BUS_NAME: z.string().min(1),
  PAYMENT_FAILURE_RATE: z.coerce.number().min(0).max(1).default(0.2),
  PAYMENT_MAX_ATTEMPTS: positiveInt.default(3),
  PAYMENT_RETRY_BASE_MS: positiveInt.default(500),
  PAYMENT_LATENCY_MS_MIN: nonNegativeInt.default(20),
  PAYMENT_LATENCY_MS_MAX: nonNegativeInt.default(80),
  FAULT_INJECTION: flag,
  REQUEST_METRICS_FILE: z.string().optional().transform((value) => value || undefined),
});

export type PaymentConfig = z.infer<typeof paymentConfigSchema>;

export const loadPaymentConfig = () => loadConfig(paymentConfigSchema);

/** The payment context wired to its adapters; built once per container. */
export function makePaymentDeps(config: PaymentConfig) {
  const clients = { requestMetricsFile: config.REQUEST_METRICS_FILE };
  const deps: PaymentDeps = {
    store: new DynamoDbPaymentStore(dynamoDocumentClient(clients), config.PAYMENTS_TABLE),
    gateway: new SimulatedPaymentGateway({
      minMs: config.PAYMENT_LATENCY_MS_MIN,
      maxMs: Math.max(config.PAYMENT_LATENCY_MS_MIN, config.PAYMENT_LATENCY_MS_MAX),
      failureRate: config.PAYMENT_FAILURE_RATE,
      faultHooks: config.FAULT_INJECTION === 'on',
    }),
    bus: new EventBridgeSagaBus(eventBridgeClient(clients), config.ORDERS_BUS_NAME, 'payment'),
    clock: systemClock,
    log: logger,
    newId: randomUUID,
    random: Math.random,
    maxAttempts: config.PAYMENT_MAX_ATTEMPTS,
    retryBaseMs: config.PAYMENT_RETRY_BASE_MS,
    // Each retry is a receive of the message: with the queue's maxReceiveCount of 10, a gateway that never
    // answers is asked for ~100 s, past the saga's timeout (60 s), before the message goes to the DLQ.
    noAnswerRetryMs: 10_000,
    orderWaitMs: 1000,
    maxOrderWaits: 5,
  };
  return { deps, sqs: sqsClient(clients) };
}
