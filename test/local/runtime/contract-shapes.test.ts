import { DynamoDBClient, PutItemCommand, QueryCommand, ScanCommand, UpdateItemCommand } from '@aws-sdk/client-dynamodb';
import { KinesisClient, PutRecordCommand } from '@aws-sdk/client-kinesis';
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { main } from '../../../cli/main.ts';
import { ADMIN_REQUEST_HEADER, LiveLog, startLocalRuntime, type LocalRuntime } from '../../../local/runtime/index.ts';
import { seedDemoCatalog } from '../../../cli/seed-demo-catalog.ts';
import { DEMO_PRODUCTS } from '../../../shared/catalog/demo-products.ts';
import { CONTRACT_NAMES, PROBES, synthesizeContractFixture } from './fixtures/contract-fixture-app.ts';
import { eventually } from '../../../local/test/runtime/support/eventually.ts';

const client = { region: 'us-east-1', credentials: { accessKeyId: 'test', secretAccessKey: 'test' } };
const WEBHOOK_SECRET = 'whsec-contract-fixture';

/** The flows contract's shapes (issues 4 and 5), run end to end on the local runtime. */
describe('the local runtime on the shapes the flows contract uses', () => {
  let assemblyDir: string;
  let runtime: LocalRuntime;
  let dynamodb: DynamoDBClient;
  const lines: string[] = [];

  /** What the probe function `probe` has received so far, oldest first. */
  async function received(probe: string): Promise<Record<string, unknown>[]> {
    const { Items = [] } = await dynamodb.send(
      new QueryCommand({ TableName: CONTRACT_NAMES.probeTable, KeyConditionExpression: 'probe = :p', ExpressionAttributeValues: { ':p': { S: probe } } }),
    );
    return Items.map((item) => JSON.parse(item['event']?.S ?? '{}') as Record<string, unknown>);
  }

  /** The first event of `probe` that `accept` returns something for. */
  const receivedWhere = <T>(probe: string, accept: (event: Record<string, unknown>) => T | undefined) =>
    eventually(async () => (await received(probe)).map(accept).find((found) => found !== undefined), 20_000);

  beforeAll(async () => {
    vi.stubEnv('PAYMENT_WEBHOOK_SECRET', WEBHOOK_SECRET);
    assemblyDir = synthesizeContractFixture();
    runtime = await startLocalRuntime({ assemblyDir, port: 0, apiPort: 0, log: new LiveLog({ sink: (line) => lines.push(line) }) });
    dynamodb = new DynamoDBClient({ ...client, endpoint: runtime.endpointUrl });
  });

  afterAll(async () => {
    dynamodb?.destroy();
    await runtime?.stop();
    vi.unstubAllEnvs();
    if (assemblyDir) rmSync(assemblyDir, { recursive: true, force: true });
  });

  it('loads every contract resource without a warning', () => {
    // Assess
    expect(runtime.topology.unsupported).toEqual([]);
    expect(runtime.topology.secrets).toHaveLength(1);
  });

  describe('demo catalog seeding', () => {
    it('writes the demo products into the table named by PRODUCTS_TABLE, with AWS types, then keeps them on a second run', async () => {
      // Act
      const first = await seedDemoCatalog(runtime);
      const second = await seedDemoCatalog(runtime);

      // Assess
      const skus = DEMO_PRODUCTS.map((product) => product.sku).sort();
      expect(first).toEqual([{ seeded: true, tableName: CONTRACT_NAMES.productsTable, written: skus, kept: [] }]);
      expect(second).toEqual([{ seeded: true, tableName: CONTRACT_NAMES.productsTable, written: [], kept: skus }]);
      const { Items = [] } = await dynamodb.send(new ScanCommand({ TableName: CONTRACT_NAMES.productsTable }));
      expect(Items).toHaveLength(DEMO_PRODUCTS.length);
      expect(Items.find((item) => item['sku']?.S === 'SKU-1006')).toEqual({
        sku: { S: 'SKU-1006' },
        name: { S: 'Limited roast, 250 g' },
        unitPriceMinor: { N: '1850' },
        currency: { S: 'EUR' },
        stock: { N: '2' },
        updatedAt: { S: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/) },
      });
    });
  });

  describe('TableV2 stream → relay', () => {
    it('passes only INSERTs through the filter, with the new image', async () => {
      // Prepare
      const put = (version: number) =>
        new PutItemCommand({
          TableName: CONTRACT_NAMES.eventStore,
          Item: {
            aggregateId: { S: 'o-1' },
            version: { N: String(version) },
            aggregateType: { S: 'order' },
            occurredAt: { S: `2026-01-01T00:00:0${version}Z` },
          },
        });

      // Act
      await dynamodb.send(put(1));
      await dynamodb.send(
        new UpdateItemCommand({
          TableName: CONTRACT_NAMES.eventStore,
          Key: { aggregateId: { S: 'o-1' }, version: { N: '1' } },
          UpdateExpression: 'SET touched = :t',
          ExpressionAttributeValues: { ':t': { BOOL: true } },
        }),
      );
      await dynamodb.send(put(2));

      // Assess: records of one key arrive in order, so once version 2 is in, the MODIFY before it was filtered.
      type StreamRecord = { eventName: string; dynamodb: { NewImage: Record<string, { N?: string }> } };
      const records = () => received(PROBES.relay).then((events) => events.flatMap((event) => event['Records'] as StreamRecord[]));
      await eventually(async () => ((await records()).some((record) => record.dynamodb.NewImage['version']?.N === '2') ? true : undefined), 20_000);
      expect((await records()).map((record) => [record.eventName, record.dynamodb.NewImage['version']?.N])).toEqual([
        ['INSERT', '1'],
        ['INSERT', '2'],
      ]);
    });
  });

  describe('HTTP API', () => {
    it.each([
      ['/orders/o-42', 'GET /orders/{orderId}', { orderId: 'o-42' }],
      ['/products/SKU-1001/stats', 'GET /products/{sku}/stats', { sku: 'SKU-1001' }],
    ])('gives GET %s the path parameters of its route', async (path, routeKey, pathParameters) => {
      // Act
      const response = await fetch(`${runtime.apiUrl}${path}`);

      // Assess
      expect(response.status).toBe(200);
      expect(await response.json()).toEqual({ routeKey, pathParameters });
    });

    it('lets a function read the template secret by the ARN in its environment with Powertools getSecret', async () => {
      // Act
      const response = await fetch(`${runtime.apiUrl}/secret`);

      // Assess
      expect(await response.text()).toBe(WEBHOOK_SECRET);
      expect(lines).toContainEqual(expect.stringMatching(/^secret ContractFixture-WebhookSecret\S+ GetSecretValue → value from \$PAYMENT_WEBHOOK_SECRET$/));
      expect(lines.join('\n')).not.toContain(WEBHOOK_SECRET);
    });
  });

  describe('Scheduler', () => {
    const expectedInput = (executionId: string, scheduledTime: string) => ({
      scheduledTime,
      scheduleArn: `arn:aws:scheduler:us-east-1:000000000000:schedule/default/${CONTRACT_NAMES.schedule}`,
      executionId,
      attempt: '1',
    });

    it('replaces every context attribute of the Input when fired through the admin route', async () => {
      // Act
      const response = await fetch(`${runtime.endpointUrl}/_eventful/schedules/${CONTRACT_NAMES.schedule}/fire`, {
        method: 'POST',
        headers: { [ADMIN_REQUEST_HEADER]: '1' },
      });

      // Assess
      const { executionId, scheduledTime, outcome } = (await response.json()) as { executionId: string; scheduledTime: string; outcome: unknown };
      expect(outcome).toEqual({ status: 'delivered', attempts: 1 });
      expect(scheduledTime).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
      expect(await receivedWhere(PROBES.expire, (event) => (event['executionId'] === executionId ? event : undefined))).toEqual(
        expectedInput(executionId, scheduledTime),
      );
    });

    it('replaces them when fired by `eventful fire`', async () => {
      // Prepare
      const out: string[] = [];

      // Act
      const code = await main(['fire', CONTRACT_NAMES.schedule, '--endpoint', runtime.endpointUrl], {
        out: (line) => out.push(line),
        err: (line) => out.push(line),
      });

      // Assess
      expect(code).toBe(0);
      const executionId = /\(execution ([a-z0-9]+)\): delivered/.exec(out.join('\n'))?.[1] ?? 'none';
      const input = await receivedWhere(PROBES.expire, (event) => (event['executionId'] === executionId ? event : undefined));
      expect(input).toEqual(expectedInput(executionId, String(input['scheduledTime'])));
      expect(input['scheduledTime']).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    });
  });

  describe('Kinesis tumbling window', () => {
    it('invokes with the window, the carried state and the record', async () => {
      // Prepare
      const kinesis = new KinesisClient({ ...client, endpoint: runtime.endpointUrl });

      // Act
      await kinesis.send(
        new PutRecordCommand({
          StreamName: CONTRACT_NAMES.activityStream,
          PartitionKey: 'u-1',
          Data: Buffer.from('{"type":"PRODUCT_VIEWED","sku":"SKU-1001"}'),
        }),
      );

      // Assess
      const event = await receivedWhere(PROBES.aggregate, (candidate) => ((candidate['Records'] as unknown[]).length > 0 ? candidate : undefined));
      expect(event).toMatchObject({
        window: { start: expect.any(String), end: expect.any(String) },
        state: {},
        shardId: expect.stringMatching(/^shardId-/),
        isFinalInvokeForWindow: false,
        isWindowTerminatedEarly: false,
      });
      const [record] = event['Records'] as { kinesis: { data: string; partitionKey: string } }[];
      expect(record?.kinesis.partitionKey).toBe('u-1');
      expect(JSON.parse(Buffer.from(record?.kinesis.data ?? '', 'base64').toString('utf8'))).toEqual({ type: 'PRODUCT_VIEWED', sku: 'SKU-1001' });
      kinesis.destroy();
    });
  });

  describe('S3 → EventBridge → SQS → function', () => {
    it('delivers Object Created for a .csv key only, through the queue mapping', async () => {
      // Prepare
      const s3 = new S3Client({ ...client, endpoint: runtime.endpointUrl, forcePathStyle: true });

      // Act
      await s3.send(new PutObjectCommand({ Bucket: CONTRACT_NAMES.importsBucket, Key: 'incoming/readme.txt', Body: 'not a catalog' }));
      await s3.send(new PutObjectCommand({ Bucket: CONTRACT_NAMES.importsBucket, Key: 'incoming/products.csv', Body: 'sku,name,unitPrice,stock\n' }));

      // Assess
      const keys = async () =>
        (await received(PROBES.importer)).flatMap((event) =>
          (event['Records'] as { body: string }[]).map((record) => (JSON.parse(record.body) as { detail: { object: { key: string } } }).detail.object.key),
        );
      await eventually(async () => ((await keys()).includes('incoming/products.csv') ? true : undefined), 20_000);
      expect(await keys()).toEqual(['incoming/products.csv']);
      s3.destroy();
    });
  });
});
