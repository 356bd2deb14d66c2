import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { dynamoDocumentClient, eventBridgeClient, sqsClient } from '../shared/aws-clients';
import { systemClock } from '../shared/clock';
import { flag, loadConfig, nonNegativeInt, positiveInt } from '../shared/config';
import { aiAlwaysFails } from '../shared/fault-injection';
import { logger } from '../shared/logger';
import { DynamoDbCallStore } from './adapters/dynamodb-call-store';
import { EventBridgeEventPublisher } from './adapters/eventbridge-event-publisher';
import { SimulatedAiAnalyzer } from './adapters/simulated-ai-analyzer';
import { SimulatedEventWork } from './adapters/simulated-event-work';
import { SqsCompletionTimer } from './adapters/sqs-completion-timer';
import { MAX_DELAY_SECONDS } from '../shared/sqs-delayed-messages';
import { SqsCallEventQueue } from './adapters/sqs-call-event-queue';
import type { CallMessagesDeps } from './handle-call-messages';
import type { IngestCallEventsDeps } from './ingest-call-events';
import type { RunAiJobDeps } from './run-ai-job';

const rate = z.coerce.number().min(0).max(1);

const callsConfigSchema = z
  .object({
    CALLS_TABLE: z.string().min(1),
    CALL_EVENTS_QUEUE_NAME: z.string().min(1),
    COMPLETION_TIMERS_QUEUE_NAME: z.string().min(1),
    EVENT_BUS_NAME: z.string().min(1),
    MAX_CONCURRENT_CALLS: positiveInt.default(10),
    EVENT_WORK_MS: nonNegativeInt.default(0),
    MAX_BACKLOG_EVENTS: positiveInt.default(10_000),
    COMPLETION_GRACE_S: nonNegativeInt.max(MAX_DELAY_SECONDS).default(30),
    AI_FAILURE_RATE: rate.default(0.25),
    AI_LATENCY_MS_MIN: nonNegativeInt.default(1000),
    AI_LATENCY_MS_MAX: nonNegativeInt.default(3000),
    AI_MAX_ATTEMPTS: positiveInt.default(4),
    AI_RETRY_BASE_MS: positiveInt.default(1000),
    FAULT_INJECTION: flag,
    REQUEST_METRICS_FILE: z.string().optional().transform((value) => value || undefined),
  })
  .refine((config) => config.AI_LATENCY_MS_MIN <= config.AI_LATENCY_MS_MAX, { message: 'AI_LATENCY_MS_MIN must not exceed AI_LATENCY_MS_MAX', path: ['AI_LATENCY_MS_MIN'] });

export type CallsConfig = z.infer<typeof callsConfigSchema>;

export const loadCallsConfig = () => loadConfig(callsConfigSchema);

/** The calls context wired to its adapters; built once per container. */
export function makeCallDeps(config: CallsConfig) {
  const clients = { requestMetricsFile: config.REQUEST_METRICS_FILE };
  const store = new DynamoDbCallStore(dynamoDocumentClient(clients), config.CALLS_TABLE);
  const sqs = sqsClient(clients);
  const queue = new SqsCallEventQueue(sqs, config.CALL_EVENTS_QUEUE_NAME);
  const publisher = new EventBridgeEventPublisher(eventBridgeClient(clients), config.EVENT_BUS_NAME);
  const step = { store, publisher, clock: systemClock, log: logger, newId: randomUUID };
  const messages: CallMessagesDeps = {
    ...step,
    work: new SimulatedEventWork(config.EVENT_WORK_MS),
    timer: new SqsCompletionTimer(sqs, config.COMPLETION_TIMERS_QUEUE_NAME),
    graceSeconds: config.COMPLETION_GRACE_S,
  };
  const aiJobs: RunAiJobDeps = {
    ...step,
    ai: new SimulatedAiAnalyzer({
      minMs: config.AI_LATENCY_MS_MIN,
      maxMs: config.AI_LATENCY_MS_MAX,
      failureRate: config.AI_FAILURE_RATE,
      alwaysFails: aiAlwaysFails(config.FAULT_INJECTION === 'on'),
    }),
    maxAttempts: config.AI_MAX_ATTEMPTS,
    retryBaseMs: config.AI_RETRY_BASE_MS,
    random: Math.random,
  };
  const ingest: IngestCallEventsDeps = {
    queue,
    clock: systemClock,
    maxBacklogEvents: config.MAX_BACKLOG_EVENTS,
    // Each consumer slot handles about one event per (work + ~10 ms of I/O).
    drainEventsPerSecond: (config.MAX_CONCURRENT_CALLS * 1000) / (config.EVENT_WORK_MS + 10),
  };
  return { store, messages, aiJobs, ingest, sqs, faultInjection: config.FAULT_INJECTION === 'on' };
}
