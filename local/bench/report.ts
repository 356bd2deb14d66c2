import type { Bundles } from './bundles';
import type { Mode } from './load';
import type { ModeResult, RequestsPer1000 } from './results';

// What `npm run bench` prints: human lines, then the one JSON line of /work/shared/BENCH.md's shape.

export interface BenchSettings {
  events: number;
  calls: number;
  workMs: number;
  concurrency: number;
  modes: Mode[];
  /** Runs per mode; the figures are those of the median run by end-to-end events/s. */
  repeat: number;
}

const BUNDLE_LIMIT_KB = 500;

export const MODE_DESCRIPTION: Record<Mode, string> = {
  batched: 'POST /events, 100 events per request (10 calls x 10 events), 4 senders',
  naive: 'POST /calls/{callId}/events, 1 event per request, 16 senders, consumer batch size 1',
};

export function bundleLines(bundles: Bundles): string[] {
  const names = Object.keys(bundles.sizeKb).sort();
  const rows = names.map((name) => {
    const kb = bundles.sizeKb[name];
    return [name, `${kb.toFixed(1)} KB`, `${bundles.memoryMb[name] ?? '?'} MB`, kb > BUNDLE_LIMIT_KB ? `OVER ${BUNDLE_LIMIT_KB} KB` : ''];
  });
  const over = names.filter((name) => bundles.sizeKb[name] > BUNDLE_LIMIT_KB).length;
  return [
    'Bundles (serverless package --stage bench; zip size, memory):',
    ...table(rows).map((line) => `  ${line}`),
    over === 0 ? `  none over ${BUNDLE_LIMIT_KB} KB` : `  ${over} over ${BUNDLE_LIMIT_KB} KB`,
  ];
}

export function modeLines(r: ModeResult): string[] {
  const per1000 = (n: number) => ((n / r.events) * 1000).toFixed(1);
  const actions = Object.keys(r.counts.requests).sort();
  const requestRows = [
    ['', 'total', 'per 1000 events', 'avg ms'],
    ['HTTP API requests (bench)', String(r.usage.httpRequests), per1000(r.usage.httpRequests), ''],
    ...actions.map((action) => {
      const n = r.counts.requests[action];
      const avg = (r.counts.durationsMs[action] ?? 0) / n;
      return [action, String(n), per1000(n), avg.toFixed(1)];
    }),
    ['DynamoDB read units', r.usage.dynamodbReadUnits.toFixed(1), per1000(r.usage.dynamodbReadUnits), ''],
    ['DynamoDB write units', r.usage.dynamodbWriteUnits.toFixed(1), per1000(r.usage.dynamodbWriteUnits), ''],
  ];
  const costRows = [
    ['cost per million events', 'USD'],
    ...Object.entries(r.costPerMillion).map(([service, usd]) => [service, usd.toFixed(4)]),
    ['total', r.usdPerMillion.toFixed(2)],
  ];
  return [
    '',
    `${r.mode}: ${MODE_DESCRIPTION[r.mode]} (stack ready in ${r.readySeconds.toFixed(1)} s)`,
    `  ingest      ${r.ingestEventsPerS.toFixed(1)} events/s  (${r.ingestSeconds.toFixed(2)} s, ${r.usage.httpRequests} requests, ${r.throttled} answered 429)`,
    `  end to end  ${r.e2eEventsPerS.toFixed(1)} events/s  (${r.e2eSeconds.toFixed(2)} s from the first request to the last event applied)`,
    `  latency     p50 ${r.p50Ms} ms, p99 ${r.p99Ms} ms  (202 -> processedAt)`,
    ...(r.failed > 0 ? [`  WARNING     ${r.failed} requests failed and were resent; the first: ${r.firstFailure}`] : []),
    ...table(requestRows).map((line) => `  ${line}`),
    ...table(costRows).map((line) => `  ${line}`),
  ];
}

export function comparisonLines(results: ModeResult[]): string[] {
  if (results.length < 2) return [];
  const row = (label: string, value: (r: ModeResult) => string) => [label, ...results.map(value)];
  const rate = (key: keyof RequestsPer1000) => (r: ModeResult) => r.perThousand[key].toFixed(1);
  return [
    '',
    ...table([
      ['', ...results.map((r) => r.mode)],
      row('end to end events/s', (r) => r.e2eEventsPerS.toFixed(1)),
      row('ingest events/s', (r) => r.ingestEventsPerS.toFixed(1)),
      row('p50 / p99 ms', (r) => `${r.p50Ms} / ${r.p99Ms}`),
      row('HTTP requests /1000 events', rate('http')),
      row('Lambda invocations /1000', rate('lambda_invocations')),
      row('SQS requests /1000', rate('sqs')),
      row('DynamoDB read units /1000', rate('dynamodb_read_units')),
      row('DynamoDB write units /1000', rate('dynamodb_write_units')),
      row('EventBridge events /1000', rate('eventbridge')),
      row('USD per million events', (r) => r.usdPerMillion.toFixed(2)),
    ]),
  ];
}

export function jsonLine(settings: BenchSettings, results: ModeResult[], bundles: Bundles): string {
  const batched = results.find((r) => r.mode === 'batched');
  const naive = results.find((r) => r.mode === 'naive');
  // The top level is the batched mode's; a naive-only run puts its own figures there.
  const top = batched ?? naive!;
  return JSON.stringify({
    bench: 'calls',
    events: settings.events,
    calls: settings.calls,
    event_work_ms: settings.workMs,
    max_concurrent_calls: settings.concurrency,
    e2e_events_per_s: round(top.e2eEventsPerS, 1),
    ingest_events_per_s: round(top.ingestEventsPerS, 1),
    p50_ms: Math.round(top.p50Ms),
    p99_ms: Math.round(top.p99Ms),
    requests_per_1000_events: roundedRates(top.perThousand),
    usd_per_million_events: round(top.usdPerMillion, 2),
    naive: {
      e2e_events_per_s: naive ? round(naive.e2eEventsPerS, 1) : null,
      requests_per_1000_events: naive ? roundedRates(naive.perThousand) : null,
      usd_per_million_events: naive ? round(naive.usdPerMillion, 2) : null,
    },
    bundle_kb: Object.fromEntries(Object.entries(bundles.sizeKb).map(([name, kb]) => [name, round(kb, 1)])),
  });
}

function roundedRates(rates: RequestsPer1000): RequestsPer1000 {
  return Object.fromEntries(Object.entries(rates).map(([key, n]) => [key, round(n, 1)])) as unknown as RequestsPer1000;
}

const round = (n: number, decimals: number) => Math.round(n * 10 ** decimals) / 10 ** decimals;

/** Left-aligned first column, right-aligned others. */
function table(rows: string[][]): string[] {
  const widths = rows[0].map((_, column) => Math.max(...rows.map((row) => (row[column] ?? '').length)));
  return rows.map((row) =>
    row
      .map((cell, column) => (column === 0 ? cell.padEnd(widths[column]) : cell.padStart(widths[column])))
      .join('  ')
      .trimEnd(),
  );
}
