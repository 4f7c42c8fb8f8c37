import { DynamoDBClient, ScanCommand } from '@aws-sdk/client-dynamodb';
import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NotQuietError, startLocalRuntime, untilQuiet, type LocalRuntime } from '../../runtime/index.ts';
import { FIXTURE_NAMES, synthesizeRuntimeFixture } from './fixtures/runtime-fixture-app.ts';

const client = { region: 'us-east-1', credentials: { accessKeyId: 'test', secretAccessKey: 'test' } };

describe('untilQuiet', () => {
  let assemblyDir: string;
  let runtime: LocalRuntime;

  beforeAll(async () => {
    assemblyDir = synthesizeRuntimeFixture();
    runtime = await startLocalRuntime({ assemblyDir, port: 0, apiPort: 0 });
  });

  afterAll(async () => {
    await runtime?.stop();
    if (assemblyDir) rmSync(assemblyDir, { recursive: true, force: true });
  });

  /** Orders put on the bus: rule → work queue → the writer function (slow ones sleep `delayMs`) → the table. */
  async function placeOrders(orders: { orderId: string; delayMs?: number }[]): Promise<void> {
    const events = new EventBridgeClient({ ...client, endpoint: runtime.endpointUrl });
    await events.send(
      new PutEventsCommand({
        Entries: orders.map((detail) => ({
          EventBusName: FIXTURE_NAMES.bus,
          Source: 'fixture.orders',
          DetailType: 'OrderPlaced',
          Detail: JSON.stringify(detail),
        })),
      }),
    );
    events.destroy();
  }

  async function storedOrderIds(): Promise<string[]> {
    const dynamodb = new DynamoDBClient({ ...client, endpoint: runtime.endpointUrl });
    const { Items = [] } = await dynamodb.send(new ScanCommand({ TableName: FIXTURE_NAMES.table, ConsistentRead: true }));
    dynamodb.destroy();
    return Items.map((item) => item['orderId']?.S ?? '').sort();
  }

  it('resolves only once the work events set off has been done, through rule, queue and function', async () => {
    // Prepare: slow consumers, so an answer that came early would find orders missing.
    await placeOrders([{ orderId: 'o-quiet-1', delayMs: 800 }, { orderId: 'o-quiet-2', delayMs: 400 }, { orderId: 'o-quiet-3' }]);

    // Act
    await untilQuiet(runtime);

    // Assess
    expect(await storedOrderIds()).toEqual(expect.arrayContaining(['o-quiet-1', 'o-quiet-2', 'o-quiet-3']));
    expect(runtime.lambda.executions()).toEqual([]);
  });

  it('says what is still busy when it does not become quiet in time', async () => {
    // Prepare
    await placeOrders([{ orderId: 'o-slow', delayMs: 3_000 }]);

    // Act
    const waited = untilQuiet(runtime, { timeoutMs: 300 });

    // Assess
    await expect(waited).rejects.toThrow(NotQuietError);
    await expect(waited).rejects.toThrow(/still busy after 300 ms: .*(messages? in mapped queues|functions? running|EventBridge deliver)/);
    await untilQuiet(runtime);
    expect(await storedOrderIds()).toContain('o-slow');
  });

  it('answers GET /_eventful/quiet?waitMs= once the work is done, for a process outside the runtime', async () => {
    // Prepare
    await placeOrders([{ orderId: 'o-quiet-http', delayMs: 500 }]);

    // Act
    const response = await fetch(`${runtime.endpointUrl}/_eventful/quiet?waitMs=60000`);

    // Assess
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ quiet: true, executions: 0, sqsMessages: 0 });
    expect(await storedOrderIds()).toContain('o-quiet-http');
  });

  it.each(['-1', 'soon', '1e3', '300001'])('refuses waitMs=%s with a 400 naming the parameter', async (waitMs) => {
    // Act
    const response = await fetch(`${runtime.endpointUrl}/_eventful/quiet?waitMs=${waitMs}`);

    // Assess
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ error: 'InvalidParameter', message: expect.stringContaining('waitMs') });
  });
});
