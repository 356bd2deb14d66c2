import { defineConfig } from 'vitest/config';

// Tests run on the machine's Node 20; the SDK's notice about Node 22 concerns them not (the functions run
// on nodejs22.x). Unit tests keep the domain's logs quiet unless they fail.
const env = { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' };

export default defineConfig({
  test: {
    projects: [
      {
        test: { name: 'unit', include: ['test/unit/**/*.test.ts'], environment: 'node', env: { ...env, POWERTOOLS_LOG_LEVEL: 'SILENT' } },
      },
      {
        // The supervisor page's script in Debian's chromium, against a fake websocket: no stack needed.
        test: { name: 'browser', include: ['test/browser/**/*.test.ts'], environment: 'node', env, testTimeout: 30_000 },
      },
      {
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts'],
          environment: 'node',
          env,
          globalSetup: ['test/helpers/local-stack-setup.ts'],
          // One shared stack with a concurrency cap: files run one after another so that one file's
          // load does not distort another's concurrency measurements.
          fileParallelism: false,
          testTimeout: 120_000,
          hookTimeout: 180_000,
        },
      },
    ],
  },
});
