import { DynamoDBClient, GetItemCommand } from '@aws-sdk/client-dynamodb';
import { SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCommand } from '../../cli/index.ts';
import type { LocalRuntime } from '../../runtime/index.ts';

const FIXTURE = fileURLToPath(new URL('./fixtures/hot-reload-app', import.meta.url));
// Inside the project (bundles resolve the AWS SDK from its node_modules), under a git-ignored cdk.out/ folder.
const COPIES = fileURLToPath(new URL('./fixtures/cdk.out', import.meta.url));

/** A running `eventful start` on a copy of the fixture app, with what it printed. */
interface Started {
  appDir: string;
  lines: string[];
  runtime(): LocalRuntime;
  stop(): Promise<number>;
}

async function startOnCopy(): Promise<Started> {
  mkdirSync(COPIES, { recursive: true });
  const appDir = mkdtempSync(join(COPIES, 'hot-reload-'));
  cpSync(FIXTURE, appDir, { recursive: true });
  const lines: string[] = [];
  let runtime: LocalRuntime | undefined;
  let stop: (reason: string) => void = () => {};
  const stopped = new Promise<string>((resolve) => (stop = resolve));
  let isReady: () => void = () => {};
  const ready = new Promise<void>((resolve) => (isReady = resolve));
  const print = (line: string) => {
    lines.push(line);
    if (line.startsWith('ready in')) isReady();
  };
  const exit = startCommand(
    ['--port', '0', '--api-port', '0'],
    { out: print, err: print },
    { appDir, untilStopped: () => stopped, onRuntime: (started) => (runtime = started) },
  );
  await Promise.race([ready, exit.then((code) => Promise.reject(new Error(`start exited with ${code} before ready:\n${lines.join('\n')}`)))]);
  return {
    appDir,
    lines,
    runtime: () => runtime as LocalRuntime,
    async stop() {
      stop('test over');
      const code = await exit;
      rmSync(appDir, { recursive: true, force: true });
      return code;
    },
  };
}

const clientConfig = (runtime: LocalRuntime) => ({
  endpoint: runtime.endpointUrl,
  region: 'us-east-1',
  credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
});

async function greeting(runtime: LocalRuntime): Promise<unknown> {
  return (await runtime.lambda.invoke('hot-greet', {})).response;
}

async function recorded(runtime: LocalRuntime, id: string): Promise<string | undefined> {
  const { Item } = await new DynamoDBClient(clientConfig(runtime)).send(new GetItemCommand({ TableName: 'hot-results', Key: { id: { S: id } } }));
  return Item?.['greeting']?.S;
}

describe('eventful start: hot reload', () => {
  let app: Started;

  beforeAll(async () => {
    app = await startOnCopy();
  }, 300_000);

  afterAll(async () => {
    if (app) expect(await app.stop()).toBe(0);
  }, 60_000);

  it('rebundles the functions a changed shared file is in: the next invocation runs the new code, a message in flight finishes on the old one', async () => {
    // Prepare
    const runtime = app.runtime();
    const queueUrl = runtime.topology.queues.find((queue) => queue.name === 'hot-work')?.url;
    expect(await greeting(runtime)).toEqual({ greeting: 'hello v1' });
    await new SQSClient(clientConfig(runtime)).send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: JSON.stringify({ id: 'in-flight', ms: 1500 }) }));
    await expect.poll(() => runtime.lambda.executions().some((e) => e.functionName === 'hot-record'), { timeout: 20_000, interval: 20 }).toBe(true);
    const edited = Date.now();

    // Act
    const file = join(app.appDir, 'shared', 'greeting.ts');
    writeFileSync(file, readFileSync(file, 'utf8').replace('hello v1', 'hello v2'));

    // Assess
    await expect.poll(() => greeting(runtime), { timeout: 15_000, interval: 50 }).toEqual({ greeting: 'hello v2' });
    const reloadedAfterMs = Date.now() - edited;
    await new SQSClient(clientConfig(runtime)).send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: JSON.stringify({ id: 'after-edit' }) }));
    await expect.poll(() => recorded(runtime, 'after-edit'), { timeout: 20_000, interval: 100 }).toBe('hello v2');
    await expect.poll(() => recorded(runtime, 'in-flight'), { timeout: 20_000, interval: 100 }).toBe('hello v1');
    expect(app.lines).toContainEqual(expect.stringMatching(/^hot reload: shared\/greeting\.ts changed → rebundled (Greet, Record|Record, Greet) in \d+ ms/));
    expect(app.runtime()).toBe(runtime); // no restart
    expect(reloadedAfterMs).toBeGreaterThan(0); // how fast: printed by the log line above, not a timed assertion
  }, 60_000);

  it('synthesizes again on an infrastructure change and restarts on the same engines, keeping the data', async () => {
    // Prepare
    const before = app.runtime();
    const infra = join(app.appDir, 'infra', 'app.ts');

    // Act
    writeFileSync(infra, readFileSync(infra, 'utf8').replace('app.synth();', "new sqs.Queue(stack, 'Added', { queueName: 'hot-added' });\napp.synth();"));

    // Assess
    await expect.poll(() => app.runtime() !== before, { timeout: 240_000, interval: 200 }).toBe(true);
    const after = app.runtime();
    expect(after.topology.queues.map((queue) => queue.name)).toContain('hot-added');
    expect(after.endpointUrl).toBe(before.endpointUrl);
    expect(await recorded(after, 'after-edit')).toBe('hello v2');
    expect(app.lines).toContainEqual(expect.stringMatching(/^hot reload: queues\b.* changed → restarting the runtime on the same engines, keeping the data/));
    expect(await greeting(after)).toEqual({ greeting: 'hello v2' });
  }, 300_000);
});
