import { randomUUID } from 'node:crypto';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { GetRecordsCommand, GetShardIteratorCommand, KinesisClient, ListShardsCommand, PutRecordsCommand } from '@aws-sdk/client-kinesis';
import { GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { untilQuiet } from '../../local/runtime/index.ts';
import { eventually } from '../../local/test/runtime/support/eventually.ts';
import { startEventfulApp, type EventfulAppRuntime } from './support/eventful-app-runtime.ts';
import { E2E_CONTEXT } from './support/shared-assembly.ts';

/*
 * Issue 5 end to end on the real app, with a 5-second tumbling window and a trending threshold of 3
 * views (app settings from the context, see E2E_CONTEXT) so windows close while the test waits.
 */
const WINDOW_SECONDS = E2E_CONTEXT['eventful:activityWindowSeconds'];
const THRESHOLD = E2E_CONTEXT['eventful:trendingThreshold'];

interface Stats {
  sku: string;
  windows: { start: string; end: string; counts: Record<string, number> }[];
}

describe('activity and imports flows through the local runtime', () => {
  let app: EventfulAppRuntime;
  let documents: DynamoDBDocumentClient;
  let s3: S3Client;
  let sqs: SQSClient;
  let kinesis: KinesisClient;

  beforeAll(async () => {
    // Every function invocation times out (after its handler ran) while a test resumes chaos.
    app = await startEventfulApp({ pausedChaos: 'seed=1,lambda.timeout=1' });
    documents = DynamoDBDocumentClient.from(new DynamoDBClient(app.client));
    s3 = new S3Client({ ...app.client, forcePathStyle: true });
    sqs = new SQSClient(app.client);
    kinesis = new KinesisClient(app.client);
  }, 180_000);

  afterAll(async () => {
    for (const client of [documents, s3, sqs, kinesis]) client?.destroy();
    await app?.stop();
  });

  async function postActivity(events: unknown[]) {
    const response = await app.api('/activity', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ events }) });
    return { status: response.status, body: (await response.json()) as { accepted?: number; rejected?: { index: number; reason: string }[] } };
  }

  async function closedWindows(sku: string, atLeast = 1): Promise<Stats['windows']> {
    return eventually(
      async () => {
        const response = await app.api(`/products/${encodeURIComponent(sku)}/stats`);
        const stats = (await response.json()) as Stats;
        return stats.windows.length >= atLeast ? stats.windows : undefined;
      },
      (WINDOW_SECONDS + 25) * 1_000,
    );
  }

  /** The data of every record on the activity stream naming `sku`, with repeats. */
  async function recordsOf(sku: string): Promise<string[]> {
    const StreamName = app.envOf('ACTIVITY_STREAM_NAME');
    const found: string[] = [];
    const { Shards = [] } = await kinesis.send(new ListShardsCommand({ StreamName }));
    for (const { ShardId } of Shards) {
      let iterator = (await kinesis.send(new GetShardIteratorCommand({ StreamName, ShardId, ShardIteratorType: 'TRIM_HORIZON' }))).ShardIterator;
      while (iterator) {
        const page = await kinesis.send(new GetRecordsCommand({ ShardIterator: iterator }));
        for (const record of page.Records ?? []) {
          const data = Buffer.from(record.Data ?? new Uint8Array()).toString('utf8');
          if (data.includes(`"${sku}"`)) found.push(data);
        }
        if ((page.Records ?? []).length === 0 && (page.MillisBehindLatest ?? 0) === 0) break;
        iterator = page.NextShardIterator;
      }
    }
    return found;
  }

  function view(sku: string, type = 'product_view') {
    return { type, userId: `u-${randomUUID().slice(0, 8)}`, sku, at: new Date().toISOString() };
  }

  it.each([
    ['no events', []],
    ['501 events', Array.from({ length: 501 }, () => view('E2E-MANY'))],
  ])('answers 400 to a request with %s', async (_case, events) => {
    // Act
    const { status } = await postActivity(events);
    // Assess
    expect(status).toBe(400);
  });

  it('counts activity per product in closed windows and flags a trending product once', async () => {
    // Prepare
    const sku = `E2E-HOT-${randomUUID().slice(0, 6)}`;
    const events = [
      ...Array.from({ length: 4 }, () => view(sku)),
      view(sku, 'add_to_cart'),
      view(sku, 'checkout'),
      { type: 'product_view', userId: 'u-1', at: 'yesterday' },
    ];
    // Act
    const { status, body } = await postActivity(events);
    // Assess
    expect(status).toBe(202);
    expect(body.accepted).toBe(6);
    expect(body.rejected).toEqual([expect.objectContaining({ index: 6 })]);
    const windows = await closedWindows(sku);
    const total = (type: string) => windows.reduce((sum, window) => sum + (window.counts[type] ?? 0), 0);
    expect([total('product_view'), total('add_to_cart'), total('checkout')]).toEqual([4, 1, 1]);
    const hot = windows.filter((window) => (window.counts.product_view ?? 0) >= THRESHOLD);
    await eventually(async () => (app.lines.filter((line) => line.startsWith('event ProductTrending')).length >= hot.length ? true : undefined), 20_000);
    const promotionsOf = async () => {
      const { Items = [] } = await documents.send(
        new QueryCommand({ TableName: app.envOf('PROMOTIONS_TABLE'), KeyConditionExpression: 'sku = :sku', ExpressionAttributeValues: { ':sku': sku } }),
      );
      return Items;
    };
    await eventually(async () => ((await promotionsOf()).length >= hot.length ? true : undefined), 20_000);
    // Every window closed and every ProductTrending delivered: a second crossing would be stored by now.
    await untilQuiet(app.runtime);
    // The four views arrive in one PutRecords call, so in one window: it crosses the threshold once.
    expect(hot).toHaveLength(1);
    expect(await promotionsOf()).toHaveLength(hot.length);
    expect(app.lines.filter((line) => line.startsWith('event ProductTrending') && line.includes('PromoteTrending'))).toHaveLength(hot.length);
  });

  it('counts the events of a POST /activity retried with its Idempotency-Key after a 5xx once', async () => {
    // Prepare: the first attempt writes its records, then times out (a 5xx to the client).
    const sku = `E2E-RETRY-${randomUUID().slice(0, 6)}`;
    const request = {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'idempotency-key': `e2e-retry-${sku}` },
      body: JSON.stringify({ events: [view(sku), view(sku), view(sku, 'add_to_cart')] }),
    };
    app.runtime.chaos?.resume();
    let first: Response;
    try {
      // Not through app.api: a 5xx is no answer docs/openapi.yaml documents, and is what this test provokes.
      first = await fetch(`${app.runtime.apiUrl.replace(/\/$/, '')}/activity`, request);
    } finally {
      app.runtime.chaos?.pause();
    }
    expect(first.status).toBeGreaterThanOrEqual(500);
    // Act
    const retry = await app.api('/activity', request);
    // Assess
    expect(retry.status).toBe(202);
    await closedWindows(sku);
    await untilQuiet(app.runtime);
    const windows = await closedWindows(sku);
    const total = (type: string) => windows.reduce((sum, window) => sum + (window.counts[type] ?? 0), 0);
    expect([total('product_view'), total('add_to_cart')]).toEqual([2, 1]);
    const records = await recordsOf(sku);
    expect(records).toHaveLength(6);
    expect(new Set(records).size).toBe(3);
  });

  it('sends a poison record to the on-failure destination and counts every other record once', async () => {
    // Prepare
    const sku = `E2E-POISON-${randomUUID().slice(0, 6)}`;
    const userId = 'u-poison';
    const good = (index: number) => ({ Data: Buffer.from(JSON.stringify({ ...view(sku), userId, eventId: `good-${index}` })), PartitionKey: userId });
    const poison = { Data: Buffer.from('{"type": "product_view", "userId": '), PartitionKey: userId };
    const mapping = app.runtime.topology.eventSourceMappings.find((m) => m.kind === 'kinesis');
    const destination = app.runtime.topology.queues.find((q) => q.arn === mapping?.onFailureDestination);
    if (!mapping || !destination) throw new Error('the activity stream mapping and its on-failure queue are missing from the topology');
    const streamName = mapping.eventSourceArn.split('/').pop() as string;
    // Act
    const put = await kinesis.send(new PutRecordsCommand({ StreamName: streamName, Records: [good(1), good(2), poison, good(3), good(4)] }));
    // Assess
    expect(put.FailedRecordCount).toBe(0);
    const poisonSequence = put.Records?.[2]?.SequenceNumber;
    const failure = await eventually(async () => {
      const { Messages = [] } = await sqs.send(new ReceiveMessageCommand({ QueueUrl: destination.url, MaxNumberOfMessages: 10, WaitTimeSeconds: 1 }));
      const records = Messages.map(
        (message) => JSON.parse(message.Body ?? '{}') as { KinesisBatchInfo?: { startSequenceNumber?: string; batchSize?: number } },
      );
      return records.find((record) => record.KinesisBatchInfo?.startSequenceNumber === poisonSequence);
    }, 60_000);
    expect(failure.KinesisBatchInfo?.batchSize).toBe(1);
    const windows = await closedWindows(sku);
    expect(windows.reduce((sum, window) => sum + (window.counts.product_view ?? 0), 0)).toBe(4);
  });

  it('imports a CSV dropped in the imports bucket and reports its bad lines', async () => {
    // Prepare
    const bucket = app.runtime.topology.buckets.find((b) => b.name.includes('imports'));
    if (!bucket) throw new Error(`no imports bucket among ${app.runtime.topology.buckets.map((b) => b.name).join(', ')}`);
    const csv = [
      'sku,name,unitPrice,stock',
      'E2E-IMP-1,Imported one,12.5,10',
      'E2E-IMP-2,Imported two,abc,5',
      'E2E-IMP-3,"Three, with a comma",3,7',
      ',No sku,1,1',
      '',
    ].join('\n');
    const key = `incoming/e2e-${randomUUID()}.csv`;
    // Act
    await s3.send(new PutObjectCommand({ Bucket: bucket.name, Key: key, Body: csv, ContentType: 'text/csv' }));
    // Assess
    const report = await eventually(async () => {
      try {
        const object = await s3.send(new GetObjectCommand({ Bucket: bucket.name, Key: `reports/${key}.report.json` }));
        return JSON.parse(await object.Body!.transformToString()) as { rowsOk: number; rowsRejected: number; rejected: { line: number; reason: string }[] };
      } catch {
        return undefined;
      }
    }, 60_000);
    expect(report).toMatchObject({ rowsOk: 2, rowsRejected: 2 });
    expect(report.rejected.map(({ line }) => line)).toEqual([3, 5]);
    const products = app.envOf('PRODUCTS_TABLE');
    for (const [sku, name, stock] of [
      ['E2E-IMP-1', 'Imported one', 10],
      ['E2E-IMP-3', 'Three, with a comma', 7],
    ] as const) {
      const { Item } = await documents.send(new GetCommand({ TableName: products, Key: { sku }, ConsistentRead: true }));
      expect(Item).toMatchObject({ sku, name, stock });
    }
  });
});
