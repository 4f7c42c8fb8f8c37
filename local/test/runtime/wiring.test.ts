import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { DescribeStreamCommand, GetRecordsCommand, GetShardIteratorCommand, KinesisClient } from '@aws-sdk/client-kinesis';
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { GetQueueUrlCommand, ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_REQUEST_HEADER, startLocalRuntime, type LocalRuntime } from '../../runtime/index.ts';
import { SCHEDULE_INPUT, synthesizeWiringFixture, WIRING_NAMES } from './fixtures/wiring-fixture-app.ts';
import { eventually } from './support/eventually.ts';

const eventuallyWithin = <T>(probe: () => Promise<T | undefined>) => eventually(probe, 10_000);

const client = { region: 'us-east-1', credentials: { accessKeyId: 'test', secretAccessKey: 'test' } };

describe('startLocalRuntime wiring beyond bus → queue', () => {
  let assemblyDir: string;
  let runtime: LocalRuntime;
  let sqs: SQSClient;

  async function receiveOne(queueName: string): Promise<string> {
    const { QueueUrl } = await sqs.send(new GetQueueUrlCommand({ QueueName: queueName }));
    const message = await eventuallyWithin(async () => (await sqs.send(new ReceiveMessageCommand({ QueueUrl, WaitTimeSeconds: 1 }))).Messages?.[0]);
    return message.Body ?? '';
  }

  beforeAll(async () => {
    assemblyDir = synthesizeWiringFixture();
    runtime = await startLocalRuntime({ assemblyDir, port: 0, apiPort: 0 });
    sqs = new SQSClient({ ...client, endpoint: runtime.endpointUrl });
  });

  afterAll(async () => {
    sqs?.destroy();
    await runtime?.stop();
    if (assemblyDir) rmSync(assemblyDir, { recursive: true, force: true });
  });

  it('feeds S3 object creations to a default-bus rule when the bucket has EventBridge notifications on', async () => {
    // Prepare
    const s3 = new S3Client({ ...client, endpoint: runtime.endpointUrl, forcePathStyle: true });
    // Act
    await s3.send(new PutObjectCommand({ Bucket: WIRING_NAMES.bucket, Key: 'inbox/a.json', Body: '{"a":1}' }));
    // Assess
    const event = JSON.parse(await receiveOne(WIRING_NAMES.uploadsQueue));
    expect(event).toMatchObject({
      source: 'aws.s3',
      'detail-type': 'Object Created',
      detail: { bucket: { name: WIRING_NAMES.bucket }, object: { key: 'inbox/a.json' } },
    });
    s3.destroy();
  });

  it('puts a matched event on a Kinesis stream target under the partition key its path selects', async () => {
    // Prepare
    const events = new EventBridgeClient({ ...client, endpoint: runtime.endpointUrl });
    const kinesis = new KinesisClient({ ...client, endpoint: runtime.endpointUrl });
    // Act
    const put = await events.send(
      new PutEventsCommand({ Entries: [{ EventBusName: WIRING_NAMES.bus, Source: 'wiring.orders', DetailType: 'OrderPlaced', Detail: '{"orderId":"k-7"}' }] }),
    );
    // Assess
    expect(put.FailedEntryCount).toBe(0);
    const { StreamDescription } = await kinesis.send(new DescribeStreamCommand({ StreamName: WIRING_NAMES.stream }));
    const { ShardIterator } = await kinesis.send(
      new GetShardIteratorCommand({ StreamName: WIRING_NAMES.stream, ShardId: StreamDescription?.Shards?.[0]?.ShardId, ShardIteratorType: 'TRIM_HORIZON' }),
    );
    const record = await eventuallyWithin(async () => (await kinesis.send(new GetRecordsCommand({ ShardIterator }))).Records?.[0]);
    expect(record.PartitionKey).toBe('k-7');
    expect(JSON.parse(Buffer.from(record.Data ?? new Uint8Array()).toString('utf8'))).toMatchObject({
      id: put.Entries?.[0]?.EventId,
      'detail-type': 'OrderPlaced',
      detail: { orderId: 'k-7' },
    });
    events.destroy();
    kinesis.destroy();
  });

  it("sends a Scheduler schedule's Input to its SQS target when fired through the admin route", async () => {
    // Act
    const response = await fetch(`${runtime.endpointUrl}/_eventful/schedules/${WIRING_NAMES.schedule}/fire`, {
      method: 'POST',
      headers: { [ADMIN_REQUEST_HEADER]: '1' },
    });
    // Assess
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ name: WIRING_NAMES.schedule, outcome: { status: 'delivered' } });
    expect(JSON.parse(await receiveOne(WIRING_NAMES.scheduleQueue))).toEqual(SCHEDULE_INPUT);
  });
});
