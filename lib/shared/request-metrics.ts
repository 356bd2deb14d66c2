import { appendFileSync } from 'node:fs';

// Counts the AWS requests this process makes, by service and action, plus DynamoDB capacity units, so
// the benchmark reports what the design costs from real calls rather than estimates. Counters are
// flushed as JSON lines (deltas) to a file shared by every process of the local stack.

export interface RequestCounts {
  requests: Record<string, number>; // "SQS.SendMessageBatch" -> n
  dynamodbReadUnits: number;
  dynamodbWriteUnits: number;
  /** Summed durations by name, e.g. "Lambda.Invoke" -> total ms. */
  durationsMs: Record<string, number>;
}

const emptyCounts = (): RequestCounts => ({ requests: {}, dynamodbReadUnits: 0, dynamodbWriteUnits: 0, durationsMs: {} });

export class RequestMetrics {
  private pending = emptyCounts();
  private timer?: NodeJS.Timeout;

  constructor(private readonly file: string, flushEveryMs = 500) {
    this.timer = setInterval(() => this.flush(), flushEveryMs);
    this.timer.unref();
    process.once('beforeExit', () => this.flush());
  }

  countRequest(service: string, action: string): void {
    const key = `${service}.${action}`;
    this.pending.requests[key] = (this.pending.requests[key] ?? 0) + 1;
  }

  countCapacity(readUnits: number, writeUnits: number): void {
    this.pending.dynamodbReadUnits += readUnits;
    this.pending.dynamodbWriteUnits += writeUnits;
  }

  countDuration(name: string, ms: number): void {
    this.pending.durationsMs[name] = (this.pending.durationsMs[name] ?? 0) + ms;
  }

  flush(): void {
    if (Object.keys(this.pending.requests).length === 0) return;
    const line = JSON.stringify({ pid: process.pid, at: Date.now(), ...this.pending });
    this.pending = emptyCounts();
    appendFileSync(this.file, `${line}\n`);
  }
}

/** Sums the JSON lines written by every process into one total. */
export function sumRequestCounts(lines: string[]): RequestCounts {
  const total = emptyCounts();
  for (const line of lines) {
    if (!line.trim()) continue;
    const delta = JSON.parse(line) as RequestCounts;
    for (const [key, n] of Object.entries(delta.requests)) total.requests[key] = (total.requests[key] ?? 0) + n;
    total.dynamodbReadUnits += delta.dynamodbReadUnits;
    total.dynamodbWriteUnits += delta.dynamodbWriteUnits;
    for (const [key, ms] of Object.entries(delta.durationsMs ?? {})) total.durationsMs[key] = (total.durationsMs[key] ?? 0) + ms;
  }
  return total;
}
