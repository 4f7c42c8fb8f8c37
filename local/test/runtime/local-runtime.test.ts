import { DynamoDBClient, GetItemCommand } from '@aws-sdk/client-dynamodb';
import { EventBridgeClient, PutEventsCommand, TestEventPatternCommand } from '@aws-sdk/client-eventbridge';
import { GetQueueUrlCommand, ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LiveLog, startLocalRuntime, type LocalRuntime } from '../../runtime/index.ts';
import { FIXTURE_NAMES, synthesizeRuntimeFixture } from './fixtures/runtime-fixture-app.ts';
import { eventually } from './support/eventually.ts';

const client = { region: 'us-east-1', credentials: { accessKeyId: 'test', secretAccessKey: 'test' } };
const SAMPLE_EVENT = {
  id: 'e-1',
  account: '000000000000',
  source: 'fixture.orders',
  time: '2026-01-01T00:00:00Z',
  region: 'us-east-1',
  'detail-type': 'OrderPlaced',
  resources: [],
  detail: { orderId: 'o-1' },
};

describe('startLocalRuntime on a synthesized fixture app', () => {
  let assemblyDir: string;
  let runtime: LocalRuntime;
  let events: EventBridgeClient;
  const lines: string[] = [];

  beforeAll(async () => {
    assemblyDir = synthesizeRuntimeFixture();
    runtime = await startLocalRuntime({ assemblyDir, port: 0, apiPort: 0, log: new LiveLog({ sink: (line) => lines.push(line) }) });
    events = new EventBridgeClient({ ...client, endpoint: runtime.endpointUrl });
  });

  afterAll(async () => {
    events?.destroy();
    await runtime?.stop();
    if (assemblyDir) rmSync(assemblyDir, { recursive: true, force: true });
  });

  // How fast it starts is measured in the bench (npm run bench: local runtime start to ready), not timed here.
  it('is ready with every resource of the template, and says how long it took', () => {
    // Assess
    expect(runtime.readyInMs).toBeGreaterThan(0);
    expect(runtime.topology.functions.map((f) => f.name)).toEqual([FIXTURE_NAMES.writer]);
    expect(runtime.topology.unsupported.filter((u) => u.severity === 'error')).toEqual([]);
  });

  it.each([
    [{ source: ['fixture.orders'] }, true],
    [{ detail: { orderId: [{ prefix: 'x-' }] } }, false],
  ])('answers TestEventPattern %j through the endpoint with %s', async (pattern, expected) => {
    // Act
    const { Result } = await events.send(new TestEventPatternCommand({ EventPattern: JSON.stringify(pattern), Event: JSON.stringify(SAMPLE_EVENT) }));
    // Assess
    expect(Result).toBe(expected);
  });

  it('answers an invalid pattern with the AWS error', async () => {
    // Act
    const call = events.send(new TestEventPatternCommand({ EventPattern: '{"source": "not-an-array"}', Event: JSON.stringify(SAMPLE_EVENT) }));
    // Assess
    await expect(call).rejects.toMatchObject({ name: 'InvalidEventPatternException' });
  });

  it('delivers PutEvents on the bus to the matching SQS target', async () => {
    // Prepare
    const sqs = new SQSClient({ ...client, endpoint: runtime.endpointUrl });
    const { QueueUrl } = await sqs.send(new GetQueueUrlCommand({ QueueName: FIXTURE_NAMES.auditQueue }));
    // Act
    const put = await events.send(
      new PutEventsCommand({
        Entries: [{ EventBusName: FIXTURE_NAMES.bus, Source: 'fixture.orders', DetailType: 'OrderShipped', Detail: '{"orderId":"s-1"}' }],
      }),
    );
    // Assess
    expect(put.FailedEntryCount).toBe(0);
    const message = await eventually(async () => (await sqs.send(new ReceiveMessageCommand({ QueueUrl, WaitTimeSeconds: 1 }))).Messages?.[0]);
    expect(JSON.parse(message.Body ?? '')).toMatchObject({ id: put.Entries?.[0]?.EventId, 'detail-type': 'OrderShipped', detail: { orderId: 's-1' } });
    sqs.destroy();
  });

  it('runs the flow bus → queue → function → table and logs each step', async () => {
    // Prepare
    const dynamodb = new DynamoDBClient({ ...client, endpoint: runtime.endpointUrl });
    // Act
    await events.send(
      new PutEventsCommand({
        Entries: [{ EventBusName: FIXTURE_NAMES.bus, Source: 'fixture.orders', DetailType: 'OrderPlaced', Detail: '{"orderId":"o-42"}' }],
      }),
    );
    // Assess
    const item = await eventually(
      async () => (await dynamodb.send(new GetItemCommand({ TableName: FIXTURE_NAMES.table, Key: { orderId: { S: 'o-42' } } }))).Item,
    );
    expect(item).toEqual({ orderId: { S: 'o-42' }, detailType: { S: 'OrderPlaced' } });
    expect(lines).toContainEqual(expect.stringMatching(/^event OrderPlaced → rule RuntimeFixture-WorkRule\S* → target Target0 → delivered$/));
    // The function writes the item before it returns, so its log lines may still be on their way.
    const invocationLine = new RegExp(`^λ ${FIXTURE_NAMES.writer} RequestResponse success in \\d+ ms`);
    await eventually(async () => (lines.some((line) => invocationLine.test(line)) ? true : undefined));
    await eventually(async () => (lines.includes(`esm sqs → ${FIXTURE_NAMES.writer} batch of 1 → success`) ? true : undefined));
    dynamodb.destroy();
  });
});
