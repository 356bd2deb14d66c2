import { z } from 'zod';
import { dynamoDocumentClient, sqsClient } from '../shared/aws-clients';
import { systemClock } from '../shared/clock';
import { flag, loadConfig, nonNegativeInt, positiveInt } from '../shared/config';
import { logger } from '../shared/logger';
import { DynamoDbCallStore } from './adapters/dynamodb-call-store';
import { SimulatedEventWork } from './adapters/simulated-event-work';
import { SqsCallEventQueue } from './adapters/sqs-call-event-queue';
import type { ApplyCallEventsDeps } from './apply-call-events';
import type { IngestCallEventsDeps } from './ingest-call-events';

const callsConfigSchema = z.object({
  CALLS_TABLE: z.string().min(1),
  CALL_EVENTS_QUEUE_NAME: z.string().min(1),
  MAX_CONCURRENT_CALLS: positiveInt.default(10),
  EVENT_WORK_MS: nonNegativeInt.default(0),
  MAX_BACKLOG_EVENTS: positiveInt.default(10_000),
  FAULT_INJECTION: flag,
  REQUEST_METRICS_FILE: z.string().optional().transform((value) => value || undefined),
});

export type CallsConfig = z.infer<typeof callsConfigSchema>;

export const loadCallsConfig = () => loadConfig(callsConfigSchema);

/** The calls context wired to its adapters; built once per container. */
export function makeCallDeps(config: CallsConfig) {
  const clients = { requestMetricsFile: config.REQUEST_METRICS_FILE };
  const store = new DynamoDbCallStore(dynamoDocumentClient(clients), config.CALLS_TABLE);
  const queue = new SqsCallEventQueue(sqsClient(clients), config.CALL_EVENTS_QUEUE_NAME);
  const apply: ApplyCallEventsDeps = { store, work: new SimulatedEventWork(config.EVENT_WORK_MS), clock: systemClock, log: logger };
  const ingest: IngestCallEventsDeps = {
    queue,
    clock: systemClock,
    maxBacklogEvents: config.MAX_BACKLOG_EVENTS,
    // Each consumer slot handles about one event per (work + ~10 ms of I/O).
    drainEventsPerSecond: (config.MAX_CONCURRENT_CALLS * 1000) / (config.EVENT_WORK_MS + 10),
  };
  return { store, apply, ingest, faultInjection: config.FAULT_INJECTION === 'on' };
}
