import { DynamoDBClient, GetItemCommand } from '@aws-sdk/client-dynamodb';
import { DescribeReplayCommand, EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { GetQueueAttributesCommand, GetQueueUrlCommand, ReceiveMessageCommand, SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localCommands, runCli, tailCommand } from '../../cli/index.ts';
import { startLocalRuntime, type LocalRuntime } from '../../runtime/index.ts';
import { FIXTURE_NAMES, synthesizeRuntimeFixture } from './fixtures/runtime-fixture-app.ts';
import { eventually } from './support/eventually.ts';

const client = { region: 'us-east-1', credentials: { accessKeyId: 'test', secretAccessKey: 'test' } };
const EVENT = JSON.stringify({
  id: 'e-1',
  account: '000000000000',
  source: 'fixture.orders',
  time: '2026-01-01T00:00:00Z',
  region: 'us-east-1',
  'detail-type': 'OrderPlaced',
  resources: [],
  detail: { orderId: 'o-1', total: 12 },
});

describe('CLI commands against a running local runtime', () => {
  let assemblyDir: string;
  let runtime: LocalRuntime;
  const run = async (...argv: string[]) => {
    const out: string[] = [];
    const err: string[] = [];
    const code = await runCli([...argv, '--endpoint', runtime.endpointUrl], localCommands(), { out: (l) => out.push(l), err: (l) => err.push(l) });
    return { code, out: out.join('\n'), err: err.join('\n') };
  };

  beforeAll(async () => {
    assemblyDir = synthesizeRuntimeFixture();
    runtime = await startLocalRuntime({ assemblyDir, port: 0, apiPort: 0 });
  });

  afterAll(async () => {
    await runtime?.stop();
    if (assemblyDir) rmSync(assemblyDir, { recursive: true, force: true });
  });

  it.each([
    ['{"detail":{"total":[{"numeric":[">",10]}]}}', 'true'],
    ['{"detail":{"total":[{"numeric":["<",10]}]}}', 'false'],
  ])('test-pattern %s prints %s', async (pattern, expected) => {
    // Act
    const result = await run('test-pattern', '--pattern', pattern, '--event', EVENT);
    // Assess
    expect(result).toMatchObject({ code: 0, out: expected });
  });

  it('test-pattern reports an invalid pattern with the AWS error and exit code 1', async () => {
    // Act
    const result = await run('test-pattern', '--pattern', '{"detail":{"total":[{"numeric":[">"]}]}}', '--event', EVENT);
    // Assess
    expect(result.code).toBe(1);
    expect(result.err).toContain('InvalidEventPatternException');
  });

  it('redrive moves DLQ messages back to the source queue, where the function consumes them', async () => {
    // Prepare
    const sqs = new SQSClient({ ...client, endpoint: runtime.endpointUrl });
    const dynamodb = new DynamoDBClient({ ...client, endpoint: runtime.endpointUrl });
    const { QueueUrl } = await sqs.send(new GetQueueUrlCommand({ QueueName: FIXTURE_NAMES.deadLetterQueue }));
    for (const orderId of ['r-1', 'r-2']) {
      await sqs.send(new SendMessageCommand({ QueueUrl, MessageBody: JSON.stringify({ 'detail-type': 'OrderPlaced', detail: { orderId } }) }));
    }
    // Act
    const result = await run('redrive', FIXTURE_NAMES.deadLetterQueue);
    // Assess
    expect(result).toMatchObject({ code: 0, out: `moved 2 messages from ${FIXTURE_NAMES.deadLetterQueue} to ${FIXTURE_NAMES.workQueue}` });
    const left = await sqs.send(new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ['ApproximateNumberOfMessages'] }));
    expect(left.Attributes?.['ApproximateNumberOfMessages']).toBe('0');
    for (const orderId of ['r-1', 'r-2']) {
      const item = await eventually(
        async () => (await dynamodb.send(new GetItemCommand({ TableName: FIXTURE_NAMES.table, Key: { orderId: { S: orderId } } }))).Item,
      );
      expect(item['orderId']).toEqual({ S: orderId });
    }
    sqs.destroy();
    dynamodb.destroy();
  });

  it('redrive refuses a queue nothing dead-letters to, asking for --to', async () => {
    // Act
    const result = await run('redrive', FIXTURE_NAMES.auditQueue);
    // Assess
    expect(result.code).toBe(2);
    expect(result.err).toContain(`no queue uses ${FIXTURE_NAMES.auditQueue} as its dead-letter queue: give --to <queue>`);
  });

  it('replay starts a replay of the archive that completes', async () => {
    // Prepare
    const events = new EventBridgeClient({ ...client, endpoint: runtime.endpointUrl });
    const from = new Date(Date.now() - 60_000).toISOString();
    await events.send(
      new PutEventsCommand({
        Entries: [{ EventBusName: FIXTURE_NAMES.bus, Source: 'fixture.orders', DetailType: 'OrderPlaced', Detail: '{"orderId":"p-1"}' }],
      }),
    );
    await new Promise((resolve) => setTimeout(resolve, 50));
    // Act
    const result = await run('replay', '--archive', FIXTURE_NAMES.archive, '--from', from, '--to', new Date().toISOString(), '--name', 'cli-replay');
    // Assess
    expect(result.code).toBe(0);
    expect(result.out).toMatch(/^replay cli-replay (STARTING|RUNNING|COMPLETED)$/);
    const replay = await eventually(async () => {
      const r = await events.send(new DescribeReplayCommand({ ReplayName: 'cli-replay' }));
      return r.State === 'COMPLETED' ? r : undefined;
    });
    expect(replay.State).toBe('COMPLETED');
    events.destroy();
  });

  it("fire sends a scheduled rule's event now and prints the outcome", async () => {
    // Prepare
    const sqs = new SQSClient({ ...client, endpoint: runtime.endpointUrl });
    const { QueueUrl } = await sqs.send(new GetQueueUrlCommand({ QueueName: FIXTURE_NAMES.scheduledQueue }));
    // Act
    const result = await run('fire', FIXTURE_NAMES.scheduledRule);
    // Assess
    expect(result.code).toBe(0);
    expect(result.out).toMatch(new RegExp(`^${FIXTURE_NAMES.scheduledRule} fired \\(execution \\S+\\): delivered after 1 attempt$`));
    const message = await eventually(async () => (await sqs.send(new ReceiveMessageCommand({ QueueUrl, WaitTimeSeconds: 1 }))).Messages?.[0]);
    expect(JSON.parse(message.Body ?? '')).toMatchObject({ source: 'aws.events', 'detail-type': 'Scheduled Event' });
    sqs.destroy();
  });

  it('fire names the known schedules when the name is unknown', async () => {
    // Act
    const result = await run('fire', 'no-such-schedule');
    // Assess
    expect(result.code).toBe(1);
    expect(result.err).toContain('No schedule or scheduled rule named "no-such-schedule"');
    expect(result.err).toContain(FIXTURE_NAMES.scheduledRule);
  });

  it('tail streams the live log lines of what flows', async () => {
    // Prepare
    const out: string[] = [];
    const events = new EventBridgeClient({ ...client, endpoint: runtime.endpointUrl });
    let connected!: () => void;
    const isConnected = new Promise<void>((resolve) => (connected = resolve));
    const tailing = tailCommand(['--count', '1', '--endpoint', runtime.endpointUrl], { out: (l) => out.push(l), err: () => {} }, { onConnected: connected });
    await isConnected;
    // Act
    await events.send(
      new PutEventsCommand({
        Entries: [{ EventBusName: FIXTURE_NAMES.bus, Source: 'fixture.orders', DetailType: 'OrderShipped', Detail: '{"orderId":"t-1"}' }],
      }),
    );
    // Assess
    expect(await tailing).toBe(0);
    expect(out).toEqual([expect.stringMatching(/^event OrderShipped → rule RuntimeFixture-AuditRule\S* → target Target0 → delivered$/)]);
    events.destroy();
  });

  it.each([
    [['tail', '--count', '0'], '--count must be a positive integer'],
    [['fire'], 'missing <schedule-name>'],
    [['replay', '--archive', 'a', '--from', 'yesterday', '--to', '2026-01-01T00:00:00Z'], '--from is not an ISO-8601 date'],
    [['test-pattern', '--pattern', '{'], '--pattern is not valid JSON'],
    [['redrive'], 'missing <dlq-name-or-url>'],
  ])('%j is bad usage', async (argv, message) => {
    // Act
    const result = await run(...argv);
    // Assess
    expect(result.code).toBe(2);
    expect(result.err).toContain(message);
  });
});
