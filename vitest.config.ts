import { defineConfig, type TestProjectInlineConfiguration } from 'vitest/config';

/*
 * Four tiers, so the loop a developer runs most is the fastest (README, "Test"):
 * - unit: modules and handlers with mocked clients; no JVM, no network, no bundling. Seconds.
 * - infra: the CDK app synthesized for assertions and the cdk-nag gate.
 * - local: the local runtime's engines and emulated services (DynamoDB Local needs Java), and the
 *   shared code that must hold on a real engine (test/integration, `*.dynamodb-local.test.ts`).
 * - e2e: the whole app synthesized, bundled and run on the local runtime.
 * `npm test` runs them all; `npm run test:<tier>` one of them.
 */

const ON_A_REAL_ENGINE = 'test/unit/**/*.dynamodb-local.test.ts';
// The local package's pure tests (AWS event shapes, sample events): unit-fast, no engine.
const LOCAL_PACKAGE_UNIT = ['local/test/aws-events/**/*.test.ts', 'local/test/invoke/**/*.test.ts', 'local/test/cli/**/*.test.ts'];

const shared = {
  // Refuse `.only` anywhere: a focused test would silently skip the rest of the suite in CI.
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
};

function isPowertoolsLogLine(log: string): boolean {
  return log.trimStart().startsWith('{') && log.includes('"level"') && log.includes('"timestamp"');
}

function tier(name: string, test: TestProjectInlineConfiguration['test']): TestProjectInlineConfiguration {
  return { test: { ...shared, ...test, name } };
}

export default defineConfig({
  test: {
    // Lines no test captured are Powertools' JSON logs (the unit tier logs at DEBUG): not test output.
    onConsoleLog: (log) => !isPowertoolsLogLine(log),
    projects: [
      tier('unit', {
        include: ['test/unit/**/*.test.ts', ...LOCAL_PACKAGE_UNIT],
        exclude: [ON_A_REAL_ENGINE],
        testTimeout: 10_000,
        hookTimeout: 10_000,
        // One module graph per worker instead of one per file: importing the AWS SDK and Powertools
        // again for each of 70 files was most of the tier's time. Tests therefore set what they read
        // on the objects themselves, not through import-time state: the Logger logs at DEBUG for every
        // file, and each test's captureLogs keeps the levels it asserts on.
        isolate: false,
        env: { ...shared.env, POWERTOOLS_LOG_LEVEL: 'DEBUG' },
      }),
      // Synthesizing the app takes seconds; bundling (NodejsFunction + esbuild) more.
      tier('infra', { include: ['test/infra/**/*.test.ts'], testTimeout: 60_000, hookTimeout: 120_000 }),
      // The local package's own tests (local/test), and the app's tests on the runtime (test/local: its hooks, its contract).
      tier('local', {
        include: ['local/test/**/*.test.ts', 'test/local/**/*.test.ts', 'test/integration/**/*.test.ts', ON_A_REAL_ENGINE],
        exclude: LOCAL_PACKAGE_UNIT,
        testTimeout: 60_000,
        hookTimeout: 60_000,
      }),
      tier('e2e', {
        include: ['test/e2e/**/*.test.ts'],
        // Gives the end-to-end tests a run id, so they share one synthesized app per test run.
        globalSetup: ['test/e2e/support/global-setup.ts'],
        testTimeout: 60_000,
        hookTimeout: 180_000,
      }),
    ],
  },
});
