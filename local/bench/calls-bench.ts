import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { sumRequestCounts } from '../../lib/shared/request-metrics';
import { benchDynamoClient, readProcessedAt, waitUntilApplied } from './applied';
import { packageBundles } from './bundles';
import { makeCalls, type Mode, planRequests, sendLoad } from './load';
import { describePrices } from './prices';
import { describeQueues } from './queues';
import { type BenchSettings, bundleLines, comparisonLines, jsonLine, modeLines } from './report';
import { computeResult, type ModeResult } from './results';
import { startBenchStack, stopRunningStacks } from './stack';

// `npm run bench -- --events N --calls M --work-ms W --concurrency C --mode batched|naive|both --repeat R`
// For each mode, on a fresh local stack: send the events over HTTP, wait until every call has applied
// all of them (read from DynamoDB directly), then report throughput, latency, the AWS requests the
// stack made (counted by its SDK middleware) and what they would cost. Output: /work/shared/BENCH.md.

// The SDK's notice about Node 22 concerns this local tooling only (as in local/start.ts).
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

const APPLY_TIMEOUT_MS = 10 * 60_000;
/** The stack's processes flush their request counts every 500 ms. */
const METRICS_FLUSH_WAIT_MS = 700;

const log = (line: string) => console.error(line);

async function main() {
  const settings = parseSettings(process.argv.slice(2));
  const runId = Date.now().toString(36);
  console.log(
    `Calls bench: ${settings.events} events over ${settings.calls} calls, event work ${settings.workMs} ms, ` +
      `at most ${settings.concurrency} calls at a time, modes: ${settings.modes.join(', ')}` +
      (settings.repeat > 1 ? `, ${settings.repeat} runs per mode (figures of the median run)` : ''),
  );
  describePrices().forEach((line) => console.log(line));

  log('[bench] packaging the functions (serverless package --stage bench)');
  const bundles = packageBundles();
  bundleLines(bundles).forEach((line) => console.log(line));

  const results: ModeResult[] = [];
  for (const mode of settings.modes) {
    const runs: ModeResult[] = [];
    for (let run = 1; run <= settings.repeat; run++) runs.push(await runMode(mode, settings, `${runId}-${mode}-${run}`, bundles.memoryMb));
    // Events/s is noisy on a small machine (moto and the stack share its cores): report the median run.
    const byThroughput = [...runs].sort((a, b) => a.e2eEventsPerS - b.e2eEventsPerS);
    const result = byThroughput[Math.floor((byThroughput.length - 1) / 2)];
    if (runs.length > 1) console.log(`${mode}: ${runs.length} runs, end to end ${runs.map((r) => r.e2eEventsPerS.toFixed(1)).join(', ')} events/s; the median run follows`);
    modeLines(result).forEach((line) => console.log(line));
    results.push(result);
  }
  comparisonLines(results).forEach((line) => console.log(line));
  console.log(jsonLine(settings, results, bundles));
}

async function runMode(mode: Mode, settings: BenchSettings, runId: string, memoryMb: Record<string, number>): Promise<ModeResult> {
  const metricsDir = mkdtempSync(join(tmpdir(), 'calls-bench-metrics-'));
  const metricsFile = join(metricsDir, 'requests.jsonl');
  const calls = makeCalls(settings.events, settings.calls, runId);

  log(`[bench] ${mode}: starting a fresh local stack on 127.0.0.1:3210-3212`);
  const stack = await startBenchStack(
    {
      maxConcurrentCalls: settings.concurrency,
      eventWorkMs: settings.workMs,
      requestMetricsFile: metricsFile,
      callEventsBatchSize: mode === 'naive' ? 1 : undefined,
    },
    log,
  );
  const db = benchDynamoClient(stack.awsEndpoint);
  try {
    log(`[bench] ${mode}: stack ready in ${stack.readySeconds.toFixed(1)} s; sending ${settings.events} events`);
    const load = await sendLoad(stack.httpUrl, planRequests(mode, calls));
    log(`[bench] ${mode}: all events accepted; waiting until they are applied`);
    await waitUntilApplied(db, calls, { timeoutMs: APPLY_TIMEOUT_MS, log, failure: stack.failure }).catch(async (error: Error) => {
      const queues = await describeQueues(stack.awsEndpoint).catch(() => []);
      throw new Error([error.message, 'queues:', ...queues].join('\n'));
    });

    await new Promise((resolve) => setTimeout(resolve, METRICS_FLUSH_WAIT_MS));
    const counts = sumRequestCounts(readFileSync(metricsFile, 'utf8').split('\n'));
    const processedAt = await readProcessedAt(db, calls);
    return computeResult({ mode, events: settings.events, readySeconds: stack.readySeconds, load, processedAt, counts, memoryMb });
  } finally {
    db.destroy();
    await stack.stop();
    rmSync(metricsDir, { recursive: true, force: true });
  }
}

function parseSettings(args: string[]): BenchSettings {
  const { values } = parseArgs({
    args,
    strict: true,
    options: {
      events: { type: 'string', default: '5000' },
      calls: { type: 'string', default: '100' },
      'work-ms': { type: 'string', default: '0' },
      concurrency: { type: 'string', default: '10' },
      mode: { type: 'string', default: 'both' },
      repeat: { type: 'string', default: '1' },
    },
  });
  const settings: BenchSettings = {
    events: integer('--events', values.events, 1),
    calls: integer('--calls', values.calls, 1),
    workMs: integer('--work-ms', values['work-ms'], 0),
    concurrency: integer('--concurrency', values.concurrency, 1),
    modes: modesOf(values.mode),
    repeat: integer('--repeat', values.repeat, 1),
  };
  if (settings.calls > settings.events) throw new Error('--calls must not exceed --events: every call needs at least one event');
  return settings;
}

function integer(flag: string, value: string, min: number): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < min) throw new Error(`${flag} must be an integer >= ${min}, got ${value}`);
  return n;
}

function modesOf(value: string): Mode[] {
  if (value === 'both') return ['batched', 'naive'];
  if (value === 'batched' || value === 'naive') return [value];
  throw new Error(`--mode must be batched, naive or both, got ${value}`);
}

// An interrupted bench still stops its stack: no moto or serverless-offline left behind.
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    log(`[bench] ${signal}: stopping the local stack`);
    void stopRunningStacks().finally(() => process.exit(signal === 'SIGINT' ? 130 : 143));
  });
}

main().catch((error: unknown) => {
  console.error(`[bench] failed: ${(error as Error).message}`);
  process.exitCode = 1;
});
