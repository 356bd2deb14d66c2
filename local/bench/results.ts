import type { RequestCounts } from '../../lib/shared/request-metrics';
import type { LoadResult, Mode } from './load';
import { costUsd, type CostBreakdown, gbSeconds, type Usage } from './prices';

// The figures of one mode, from what the bench timed and what the stack counted.

/** Function names as in serverless.yml. */
const INGEST_FUNCTION: Record<Mode, string> = { batched: 'ingestCallEvents', naive: 'ingestCallEvent' };
const CONSUMER_FUNCTION = 'applyCallEvents';

export interface RequestsPer1000 {
  http: number;
  lambda_invocations: number;
  sqs: number;
  dynamodb_read_units: number;
  dynamodb_write_units: number;
  eventbridge: number;
}

export interface ModeResult {
  mode: Mode;
  events: number;
  readySeconds: number;
  ingestSeconds: number;
  e2eSeconds: number;
  ingestEventsPerS: number;
  e2eEventsPerS: number;
  p50Ms: number;
  p99Ms: number;
  throttled: number;
  failed: number;
  firstFailure?: string;
  counts: RequestCounts;
  usage: Usage;
  perThousand: RequestsPer1000;
  /** USD per million events, by service. */
  costPerMillion: CostBreakdown;
  usdPerMillion: number;
}

export interface ModeMeasurement {
  mode: Mode;
  events: number;
  readySeconds: number;
  load: LoadResult;
  processedAt: Map<string, number[]>;
  counts: RequestCounts;
  memoryMb: Record<string, number>;
}

export function computeResult(m: ModeMeasurement): ModeResult {
  const { load, counts, events } = m;
  const lastProcessedAt = [...m.processedAt.values()].flat().reduce((last, at) => Math.max(last, at), 0);
  const ingestSeconds = (load.lastAcceptedAt - load.firstSentAt) / 1000;
  const e2eSeconds = (lastProcessedAt - load.firstSentAt) / 1000;
  const latencies = latenciesMs(load.acceptedAt, m.processedAt);

  const usage = measuredUsage(m);
  const costRun = costUsd(usage);
  const costPerMillion = Object.fromEntries(Object.entries(costRun).map(([service, usd]) => [service, (usd / events) * 1e6])) as CostBreakdown;
  const per1000 = (n: number) => (n / events) * 1000;

  return {
    mode: m.mode,
    events,
    readySeconds: m.readySeconds,
    ingestSeconds,
    e2eSeconds,
    ingestEventsPerS: events / ingestSeconds,
    e2eEventsPerS: events / e2eSeconds,
    p50Ms: percentile(latencies, 50),
    p99Ms: percentile(latencies, 99),
    throttled: load.throttled,
    failed: load.failed,
    firstFailure: load.firstFailure,
    counts,
    usage,
    perThousand: {
      http: per1000(usage.httpRequests),
      lambda_invocations: per1000(usage.lambdaInvocations),
      sqs: per1000(usage.sqsRequests),
      dynamodb_read_units: per1000(usage.dynamodbReadUnits),
      dynamodb_write_units: per1000(usage.dynamodbWriteUnits),
      eventbridge: per1000(usage.eventBridgeEvents),
    },
    costPerMillion,
    usdPerMillion: Object.values(costPerMillion).reduce((sum, usd) => sum + usd, 0),
  };
}

function measuredUsage({ mode, load, counts, memoryMb }: ModeMeasurement): Usage {
  const invokes = counts.requests['Lambda.Invoke'] ?? 0;
  // Lambda rounds each invocation up to the ms; the metrics hold only the sum, so round its average.
  const consumerBilledMs = invokes === 0 ? 0 : Math.ceil((counts.durationsMs['Lambda.Invoke'] ?? 0) / invokes) * invokes;
  return {
    httpRequests: load.requests,
    lambdaInvocations: load.requests + invokes,
    // Consumer: the runner's invoke round trip; HTTP function: the bench's round trip. Both slightly high.
    lambdaGbSeconds:
      gbSeconds(consumerBilledMs, memoryOf(memoryMb, CONSUMER_FUNCTION)) + gbSeconds(load.billedRoundTripMs, memoryOf(memoryMb, INGEST_FUNCTION[mode])),
    sqsRequests: sumMatching(counts.requests, 'SQS.'),
    dynamodbReadUnits: counts.dynamodbReadUnits,
    dynamodbWriteUnits: counts.dynamodbWriteUnits,
    eventBridgeEvents: sumMatching(counts.requests, 'EventBridge.'),
  };
}

/** Accepted (202) to applied (processedAt), per event. */
function latenciesMs(acceptedAt: Map<string, number[]>, processedAt: Map<string, number[]>): number[] {
  const latencies: number[] = [];
  for (const [callId, accepted] of acceptedAt) {
    const processed = processedAt.get(callId) ?? [];
    accepted.forEach((at, i) => latencies.push(processed[i] - at));
  }
  return latencies.sort((a, b) => a - b);
}

/** Nearest-rank percentile of sorted values. */
function percentile(sorted: number[], p: number): number {
  return sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)];
}

function memoryOf(memoryMb: Record<string, number>, functionName: string): number {
  const memory = memoryMb[functionName];
  if (!memory) throw new Error(`no memory size found for ${functionName} in the packaged template`);
  return memory;
}

const sumMatching = (counts: Record<string, number>, prefix: string) =>
  Object.entries(counts).reduce((sum, [key, n]) => (key.startsWith(prefix) ? sum + n : sum), 0);
