import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// The deployment artifacts as `serverless package` builds them for AWS: each function's zip size, and
// each function's memory from the generated CloudFormation (provider.memorySize unless a function sets
// its own), which the Lambda duration price needs.

const STAGE = 'bench';

export interface Bundles {
  /** Function name as in serverless.yml -> zip size in KB. */
  sizeKb: Record<string, number>;
  memoryMb: Record<string, number>;
}

interface Template {
  Resources: Record<string, { Type: string; Properties: { FunctionName?: string; MemorySize?: number } }>;
}

export function packageBundles(): Bundles {
  const dir = mkdtempSync(join(tmpdir(), 'calls-bench-package-'));
  try {
    // Packaging needs no AWS account: no credentials are passed on.
    const env: NodeJS.ProcessEnv = { ...process.env, AWS_REGION: 'us-east-1' };
    for (const name of ['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN', 'AWS_PROFILE']) delete env[name];
    const result = spawnSync('node_modules/.bin/serverless', ['package', '--stage', STAGE, '--package', dir], { env, encoding: 'utf8' });
    if (result.status !== 0) throw new Error(`serverless package failed:\n${`${result.stdout}${result.stderr}`.split('\n').slice(-25).join('\n')}`);

    const sizeKb: Record<string, number> = {};
    for (const file of readdirSync(dir).filter((name) => name.endsWith('.zip'))) {
      sizeKb[file.replace(/\.zip$/, '')] = statSync(join(dir, file)).size / 1024;
    }
    const template = JSON.parse(readFileSync(join(dir, 'cloudformation-template-update-stack.json'), 'utf8')) as Template;
    const memoryMb: Record<string, number> = {};
    for (const resource of Object.values(template.Resources)) {
      const { FunctionName, MemorySize } = resource.Properties;
      if (resource.Type !== 'AWS::Lambda::Function' || !FunctionName || !MemorySize) continue;
      memoryMb[FunctionName.replace(new RegExp(`^.*?-${STAGE}-`), '')] = MemorySize;
    }
    return { sizeKb, memoryMb };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
