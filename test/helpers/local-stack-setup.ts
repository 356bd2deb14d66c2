import { type ChildProcess, spawn } from 'node:child_process';
import type { TestProject } from 'vitest/node';

// vitest globalSetup: one local stack (moto, the deployed stack, serverless-offline, the queue
// runner) for every integration test, started with `local/start.ts` exactly as `npm start` does, on
// ports of its own so that a developer's `npm start` can keep running. Settings are the ones the
// integration tests are written for.

declare module 'vitest' {
  export interface ProvidedContext {
    baseUrl: string;
    websocketUrl: string;
    awsEndpoint: string;
    maxConcurrentCalls: number;
    maxBacklogEvents: number;
    aiMaxAttempts: number;
    aiRetryBaseMs: number;
    completionGraceSeconds: number;
  }
}

const SETTINGS = {
  MAX_CONCURRENT_CALLS: '4',
  EVENT_WORK_MS: '20',
  // Small, so that the backpressure test meets the limit quickly.
  MAX_BACKLOG_EVENTS: '300',
  FAULT_INJECTION: 'on',
  // The lifecycle's done-when settings: a flaky, fast AI and a short completion grace period.
  AI_FAILURE_RATE: '0.5',
  AI_LATENCY_MS_MIN: '50',
  AI_LATENCY_MS_MAX: '150',
  AI_RETRY_BASE_MS: '100',
  AI_MAX_ATTEMPTS: '4',
  COMPLETION_GRACE_S: '3',
  // The saga's done-when settings, and a short saga timeout for its timeout test.
  PAYMENT_FAILURE_RATE: '0.3',
  SAGA_TIMEOUT_S: '10',
  HTTP_PORT: '3100',
  WEBSOCKET_PORT: '3101',
  LAMBDA_PORT: '3102',
};

export default async function setup(project: TestProject) {
  const stack = spawn('node_modules/.bin/tsx', ['local/start.ts'], {
    env: { ...process.env, ...SETTINGS },
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  stack.stderr!.on('data', (chunk) => (output += chunk));
  const readyLine = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`local stack not ready after 150 s:\n${output}`)), 150_000);
    stack.stdout!.on('data', (chunk: Buffer) => {
      output += chunk;
      const line = output.split('\n').find((l) => l.startsWith('ready'));
      if (line) {
        clearTimeout(timer);
        resolve(line);
      }
    });
    stack.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`local stack exited (${code}) before ready:\n${output}`));
    });
  });

  project.provide('baseUrl', `http://127.0.0.1:${SETTINGS.HTTP_PORT}`);
  project.provide('websocketUrl', `ws://127.0.0.1:${SETTINGS.WEBSOCKET_PORT}`);
  project.provide('awsEndpoint', /aws=(\S+)/.exec(readyLine)![1]);
  project.provide('maxConcurrentCalls', Number(SETTINGS.MAX_CONCURRENT_CALLS));
  project.provide('maxBacklogEvents', Number(SETTINGS.MAX_BACKLOG_EVENTS));
  project.provide('aiMaxAttempts', Number(SETTINGS.AI_MAX_ATTEMPTS));
  project.provide('aiRetryBaseMs', Number(SETTINGS.AI_RETRY_BASE_MS));
  project.provide('completionGraceSeconds', Number(SETTINGS.COMPLETION_GRACE_S));

  return () => stop(stack);
}

async function stop(stack: ChildProcess) {
  if (stack.exitCode !== null) return;
  const exited = new Promise((resolve) => stack.once('exit', resolve));
  process.kill(-stack.pid!, 'SIGTERM');
  const timer = setTimeout(() => process.kill(-stack.pid!, 'SIGKILL'), 20_000);
  await exited;
  clearTimeout(timer);
}
