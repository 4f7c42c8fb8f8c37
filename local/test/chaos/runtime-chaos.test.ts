import { DynamoDBClient, GetItemCommand } from '@aws-sdk/client-dynamodb';
import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCommand, UsageError } from '../../cli/index.ts';
import { ADMIN_REQUEST_HEADER } from '../../runtime/index.ts';
import { synthesizeRuntimeFixture } from '../runtime/fixtures/runtime-fixture-app.ts';

describe('eventful start --chaos', () => {
  let assemblyDir: string;

  beforeAll(() => {
    assemblyDir = synthesizeRuntimeFixture();
  });

  afterAll(() => {
    if (assemblyDir) rmSync(assemblyDir, { recursive: true, force: true });
  });

  it('refuses a bad spec before starting anything, naming the part', async () => {
    // Act
    const starting = startCommand(['--assembly', assemblyDir, '--chaos', 'seed=1,lambda.eror=0.1'], { out: () => {}, err: () => {} });

    // Assess
    await expect(starting).rejects.toBeInstanceOf(UsageError);
    await expect(starting).rejects.toThrow(/--chaos "lambda\.eror=0\.1": unknown key "lambda\.eror"/);
  });

  it('marks each injected fault in the live log, counts it at GET /_eventful/chaos, and prints the summary at stop', async () => {
    // Prepare
    let summary: unknown;

    // Act
    const { code, out } = await startThrottled(assemblyDir, async ({ endpointUrl, getItem }) => {
      await getItem();
      summary = await (await fetch(`${endpointUrl}/_eventful/chaos`)).json();
    });

    // Assess
    expect(code).toBe(0);
    expect(out).toContain('chaos on: seed=42,dynamodb.throttle=1');
    expect(out).toContain('chaos ▸ dynamodb.throttle GetItem anything');
    expect(summary).toMatchObject({
      enabled: true,
      spec: 'seed=42,dynamodb.throttle=1',
      seed: 42,
      total: 1,
      injected: { 'dynamodb.throttle': 1, 'lambda.error': 0 },
    });
    const printed = out.indexOf('chaos: 1 fault(s) injected (seed=42,dynamodb.throttle=1)');
    expect(printed).toBeGreaterThan(out.indexOf('test over: stopping …'));
    expect(out[printed + 1]).toMatch(/^ {2}dynamodb\.throttle +1 +\(rate 1\)$/);
  });

  it('pauses and resumes injection over the admin API, keeping the counts, and says when the runtime is quiet', async () => {
    // Prepare
    const seen: { pausedCode?: string; resumedCode?: string; paused?: unknown; quiet?: unknown; unguarded?: number } = {};

    // Act
    const { code, out } = await startThrottled(assemblyDir, async ({ endpointUrl, getItem }) => {
      const admin = (action: string) => fetch(`${endpointUrl}/_eventful/chaos/${action}`, { method: 'POST', headers: { [ADMIN_REQUEST_HEADER]: '1' } });
      seen.unguarded = (await fetch(`${endpointUrl}/_eventful/chaos/pause`, { method: 'POST' })).status;
      seen.paused = await (await admin('pause')).json();
      seen.pausedCode = await getItem();
      seen.quiet = await (await fetch(`${endpointUrl}/_eventful/quiet`)).json();
      await admin('resume');
      seen.resumedCode = await getItem();
    });

    // Assess
    expect(code).toBe(0);
    expect(seen.unguarded).toBe(403);
    expect(seen.paused).toMatchObject({ enabled: true, paused: true, total: 0 });
    expect(seen.pausedCode).toBe('ResourceNotFoundException');
    expect(seen.resumedCode).toBe('ThrottlingException');
    expect(seen.quiet).toEqual({ quiet: true, executions: 0, asyncInvocations: 0, eventBridgeDeliveries: 0, sqsMessages: 0, streamsDrained: true });
    expect(out).toContain('chaos paused');
    expect(out).toContain('chaos resumed');
  });
});

interface Running {
  endpointUrl: string;
  /** A GetItem through the runtime's endpoint: the name of the error it answers. */
  getItem: () => Promise<string>;
}

/**
 * `eventful start --chaos` on the fixture app with every DynamoDB call throttled; `whileRunning` gets its endpoint once
 * it is ready, then the runtime stops. The exit code, and everything it printed.
 */
async function startThrottled(assemblyDir: string, whileRunning: (running: Running) => Promise<void>): Promise<{ code: number; out: string[] }> {
  const out: string[] = [];
  const untilStopped = async () => {
    while (!out.some((line) => line.startsWith('ready in'))) await new Promise((resolve) => setTimeout(resolve, 50));
    const endpointUrl = /http:\/\/127\.0\.0\.1:\d+/.exec(out.find((line) => line.startsWith('AWS endpoint')) ?? '')![0];
    const client = new DynamoDBClient({
      endpoint: endpointUrl,
      region: 'us-east-1',
      credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
      maxAttempts: 1,
    });
    const getItem = async () =>
      ((await client.send(new GetItemCommand({ TableName: 'anything', Key: { pk: { S: '1' } } })).catch((error: unknown) => error)) as Error).name;
    try {
      await whileRunning({ endpointUrl, getItem });
    } finally {
      client.destroy();
    }
    return 'test over';
  };
  const code = await startCommand(
    ['--port', '0', '--api-port', '0', '--assembly', assemblyDir, '--no-seed', '--chaos', 'seed=42,dynamodb.throttle=1'],
    { out: (line) => out.push(line), err: (line) => out.push(line) },
    { untilStopped },
  );
  return { code, out };
}
