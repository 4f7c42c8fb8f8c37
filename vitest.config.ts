import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Gives the end-to-end tests a run id, so they share one synthesized app per run.
    globalSetup: ['test/e2e/support/global-setup.ts'],
    // Synthesizing a CDK app bundles every function with esbuild: seconds, not milliseconds.
    testTimeout: 60_000,
    hookTimeout: 60_000,
    allowOnly: false,
    env: {
      // Powertools reads these at import time; tests must not depend on the developer's shell.
      POWERTOOLS_DEV: 'true',
      POWERTOOLS_LOG_LEVEL: 'SILENT',
      POWERTOOLS_METRICS_NAMESPACE: 'eventful-test',
      POWERTOOLS_TRACE_ENABLED: 'false',
      AWS_REGION: 'us-east-1',
      AWS_ACCESS_KEY_ID: 'test',
      AWS_SECRET_ACCESS_KEY: 'test',
    },
  },
});
