import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import type { ChildProcess } from 'node:child_process';
import { startQueueRunner, type QueueRunner } from './queue-runner';
import { seedInventory } from './seed-products';
import { freePort, httpOk, logFile, startProcess, stopProcess, waitFor } from './processes';

// `npm start`: the whole stack on this machine, no AWS account, no Docker.
// 1. the local AWS endpoint: moto on 127.0.0.1, unless AWS_ENDPOINT_URL names one (LocalStack);
// 2. the stack's own CloudFormation deployed into it (`serverless deploy --stage local`);
// 3. serverless-offline: the HTTP API, the websocket and a Lambda invoke endpoint;
// 4. the queue runner, standing in for Lambda's SQS event source mappings.
// It prints `ready` once all of it answers. SIGINT/SIGTERM: the runner finishes the batches it holds,
// then every child stops.

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
const REGION = process.env.AWS_REGION ?? 'us-east-1';
const HTTP_PORT = Number(process.env.HTTP_PORT ?? 3000);
const WEBSOCKET_PORT = Number(process.env.WEBSOCKET_PORT ?? 3001);
const LAMBDA_PORT = Number(process.env.LAMBDA_PORT ?? 3002);
const SERVERLESS = 'node_modules/.bin/serverless';
const MOTO_SERVER = 'local/moto/moto_server.py';
const INVENTORY_TABLE = 'ordered-events-local-inventory';

const children: ChildProcess[] = [];
let runner: QueueRunner | undefined;
let stopping = false;

const say = (message: string) => console.log(`[local] ${message}`);

async function main() {
  const startedAt = Date.now();
  const endpoint = process.env.AWS_ENDPOINT_URL ?? (await startMoto());
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    AWS_ENDPOINT_URL: endpoint,
    AWS_REGION: REGION,
    AWS_ACCESS_KEY_ID: process.env.AWS_ACCESS_KEY_ID ?? 'test',
    AWS_SECRET_ACCESS_KEY: process.env.AWS_SECRET_ACCESS_KEY ?? 'test',
    HTTP_PORT: String(HTTP_PORT),
    WEBSOCKET_PORT: String(WEBSOCKET_PORT),
    LAMBDA_PORT: String(LAMBDA_PORT),
    // The SDK's notice about Node 22 concerns this local tooling only: the functions run on nodejs22.x.
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
  };

  say(`deploying the stack into ${endpoint} (log: ${logFile('deploy')})`);
  deploy(env);
  const seeded = await seedInventory(endpoint, INVENTORY_TABLE);
  say(`seeded products (existing stock is kept): ${seeded.map((p) => `${p.productId}=${p.stock}`).join(', ')}`);

  say(`starting serverless-offline on http://127.0.0.1:${HTTP_PORT} (log: ${logFile('offline')})`);
  const offline = startProcess('offline', SERVERLESS, ['offline', 'start', '--stage', 'local', '--region', REGION], env);
  children.push(offline);
  await waitFor('serverless-offline', () => httpOk(`http://127.0.0.1:${HTTP_PORT}/health`), 60_000, () => exitedMessage(offline, 'offline'));

  runner = await startQueueRunner({
    awsEndpoint: endpoint,
    lambdaEndpoint: `http://127.0.0.1:${LAMBDA_PORT}`,
    region: REGION,
    log: say,
    requestMetricsFile: process.env.REQUEST_METRICS_FILE || undefined,
  });
  for (const m of runner.mappings) {
    say(`queue runner: ${m.queueName} -> ${m.functionName} (batch ${m.batchSize}, ${m.maximumConcurrency} in flight)`);
  }

  const seconds = ((Date.now() - startedAt) / 1000).toFixed(1);
  console.log(`ready in ${seconds} s: http://127.0.0.1:${HTTP_PORT} ws://127.0.0.1:${WEBSOCKET_PORT} aws=${endpoint}`);
}

async function startMoto(): Promise<string> {
  // moto's own server, wrapped to serve one request at a time and without its FIFO slowdowns
  // (local/moto/moto_server.py says why). It needs the Python that has moto installed.
  const python = process.env.PYTHON ?? 'python3';
  if (spawnSync(python, ['-c', 'import moto.server'], { stdio: 'ignore' }).status !== 0) {
    throw new Error(
      `moto was not found for ${python}. Install it with \`pip install "moto[server]"\` (moto 5.x), ` +
        'set PYTHON to the Python that has it, or point at another AWS-compatible endpoint, ' +
        'e.g. LocalStack: AWS_ENDPOINT_URL=http://127.0.0.1:4566 npm start',
    );
  }
  const port = Number(process.env.MOTO_PORT ?? (await freePort()));
  const endpoint = `http://127.0.0.1:${port}`;
  say(`starting moto on ${endpoint} (log: ${logFile('moto')})`);
  const moto = startProcess('moto', python, [MOTO_SERVER, '-H', '127.0.0.1', '-p', String(port)], process.env);
  children.push(moto);
  await waitFor('moto', () => httpOk(`${endpoint}/moto-api/`), 20_000, () => exitedMessage(moto, 'moto'));
  return endpoint;
}

function deploy(env: NodeJS.ProcessEnv) {
  const result = spawnSync(SERVERLESS, ['deploy', '--stage', 'local', '--region', REGION], { env, encoding: 'utf8' });
  const output = `${result.stdout ?? ''}${result.stderr ?? ''}`;
  writeFileSync(logFile('deploy'), output);
  if (result.status !== 0) throw new Error(`serverless deploy failed:\n${output.split('\n').slice(-25).join('\n')}`);
}

function exitedMessage(child: ChildProcess, name: string): string | undefined {
  if (child.exitCode === null && child.signalCode === null) return undefined;
  const tail = readFileSync(logFile(name), 'utf8').split('\n').slice(-20).join('\n');
  return `exited (${child.exitCode ?? child.signalCode}):\n${tail}`;
}

async function shutdown(signal: string, exitCode = 0) {
  if (stopping) return;
  stopping = true;
  say(`${signal}: finishing the batches in flight, then stopping`);
  await runner?.stop();
  for (const child of children.reverse()) await stopProcess(child);
  say('stopped');
  process.exit(exitCode);
}

process.on('SIGINT', () => void shutdown('SIGINT'));
process.on('SIGTERM', () => void shutdown('SIGTERM'));

main().catch(async (error) => {
  console.error(`[local] failed to start: ${(error as Error).message}`);
  await shutdown('start failure', 1);
});
