import { type ChildProcess, spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { stopProcess } from '../processes';

// A fresh local stack (`local/start.ts`) per bench mode, on ports of its own so that it can run beside
// a dev stack on 3000-3002. start.ts runs in its own process group: a SIGTERM to the group lets it
// finish the batches in flight and stop moto and serverless-offline, which it started in groups
// of their own.

export const BENCH_PORTS = { http: 3210, websocket: 3211, lambda: 3212 };

const READY_TIMEOUT_MS = 120_000;
/** start.ts lets the queue runner finish its batches and stops each child in turn before it exits. */
const STOP_GRACE_MS = 60_000;
const TAIL_LINES = 30;

export interface StackSettings {
  maxConcurrentCalls: number;
  eventWorkMs: number;
  requestMetricsFile: string;
  /** Records per consumer invocation; unset keeps serverless.yml's default. */
  callEventsBatchSize?: number;
}

export interface BenchStack {
  httpUrl: string;
  awsEndpoint: string;
  readySeconds: number;
  /** Why the stack is gone when nobody stopped it, else undefined. */
  failure(): string | undefined;
  /** Idempotent: every caller waits for the same stop. */
  stop(): Promise<void>;
}

/** The stop of every stack not yet stopped, for a bench interrupted by a signal. */
const running = new Set<() => Promise<void>>();

export async function stopRunningStacks(): Promise<void> {
  await Promise.all([...running].map((stop) => stop()));
}

export async function startBenchStack(settings: StackSettings, log: (line: string) => void): Promise<BenchStack> {
  const startedAt = Date.now();
  const child = spawn('node_modules/.bin/tsx', ['local/start.ts'], {
    env: stackEnv(settings),
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stopping: Promise<void> | undefined;
  const stop = () => (stopping ??= stopGroup(child, log).finally(() => running.delete(stop)));
  running.add(stop);

  const tail: string[] = [];
  let ready = false;
  const remember = (line: string) => {
    tail.push(line);
    if (tail.length > TAIL_LINES) tail.shift();
    // After `ready` the stack only speaks when something needs attention (e.g. a failed poll).
    if (ready && !stopping) log(`[stack] ${line}`);
  };
  createInterface({ input: child.stderr! }).on('line', remember);
  const stdout = createInterface({ input: child.stdout! });
  stdout.on('line', remember);

  try {
    const awsEndpoint = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`the stack was not ready after ${READY_TIMEOUT_MS / 1000} s:\n${tail.join('\n')}`)), READY_TIMEOUT_MS);
      stdout.on('line', (line) => {
        const endpoint = /\bready\b.*\baws=(\S+)/.exec(line)?.[1];
        if (!endpoint) return;
        clearTimeout(timer);
        resolve(endpoint);
      });
      child.once('exit', (code, signal) => {
        clearTimeout(timer);
        reject(new Error(`the stack exited before it was ready (${code ?? signal}):\n${tail.join('\n')}`));
      });
    });
    ready = true;
    const failure = () =>
      !stopping && (child.exitCode !== null || child.signalCode !== null)
        ? `the stack exited (${child.exitCode ?? child.signalCode}):\n${tail.join('\n')}`
        : undefined;
    return { httpUrl: `http://127.0.0.1:${BENCH_PORTS.http}`, awsEndpoint, readySeconds: (Date.now() - startedAt) / 1000, failure, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

function stackEnv(settings: StackSettings): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    MAX_CONCURRENT_CALLS: String(settings.maxConcurrentCalls),
    EVENT_WORK_MS: String(settings.eventWorkMs),
    // The bench measures throughput, not the backlog limit: it should never be refused for backlog.
    MAX_BACKLOG_EVENTS: '1000000',
    HTTP_PORT: String(BENCH_PORTS.http),
    WEBSOCKET_PORT: String(BENCH_PORTS.websocket),
    LAMBDA_PORT: String(BENCH_PORTS.lambda),
    REQUEST_METRICS_FILE: settings.requestMetricsFile,
    LOG_LEVEL: 'WARN',
  };
  // A fixed moto port from the caller's environment would collide with a dev stack: take a free one.
  delete env.MOTO_PORT;
  if (settings.callEventsBatchSize === undefined) delete env.CALL_EVENTS_BATCH_SIZE;
  else env.CALL_EVENTS_BATCH_SIZE = String(settings.callEventsBatchSize);
  return env;
}

/** SIGTERM to the group and wait; SIGKILL only as a last resort (it would orphan start.ts's children). */
function stopGroup(child: ChildProcess, log: (line: string) => void): Promise<void> {
  return stopProcess(child, STOP_GRACE_MS, () =>
    log(`[bench] the stack did not stop within ${STOP_GRACE_MS / 1000} s; killing it (moto or serverless-offline may be left running)`),
  );
}
