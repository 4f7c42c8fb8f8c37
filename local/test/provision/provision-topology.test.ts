import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DescribeTableCommand, DescribeTimeToLiveCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DescribeStreamSummaryCommand, KinesisClient } from '@aws-sdk/client-kinesis';
import { HeadBucketCommand, S3Client } from '@aws-sdk/client-s3';
import { GetQueueAttributesCommand, GetQueueUrlCommand, SQSClient } from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEngines, type Engines } from '../../engines/index.ts';
import { provisionTopology, type ProvisionedTopology } from '../../provision/index.ts';
import { clientConfig, ordersTable, testTopology } from './support/topology.ts';

describe('provisionTopology', () => {
  let persistDir: string;
  let engines: Engines;
  let provisioned: ProvisionedTopology;
  const topology = testTopology();

  beforeAll(async () => {
    persistDir = await mkdtemp(join(tmpdir(), 'eventful-provision-'));
    engines = await startEngines({ persistDir });
    provisioned = await provisionTopology(topology, engines);
  }, 60_000);

  afterAll(async () => {
    await engines?.stop();
    await rm(persistDir, { recursive: true, force: true });
  });

  it('creates tables with their key schema, indexes, stream view type and TTL', async () => {
    // Prepare
    const dynamodb = new DynamoDBClient(clientConfig(engines.dynamodb.endpoint));

    // Act
    const { Table } = await dynamodb.send(new DescribeTableCommand({ TableName: 'orders' }));
    const { TimeToLiveDescription } = await dynamodb.send(new DescribeTimeToLiveCommand({ TableName: 'orders' }));
    const { Table: stock } = await dynamodb.send(new DescribeTableCommand({ TableName: 'stock' }));

    // Assess
    expect(Table?.KeySchema).toEqual([
      { AttributeName: 'pk', KeyType: 'HASH' },
      { AttributeName: 'sk', KeyType: 'RANGE' },
    ]);
    expect(Table?.GlobalSecondaryIndexes?.map((i) => [i.IndexName, i.KeySchema?.[0]?.AttributeName, i.Projection?.ProjectionType])).toEqual([
      ['byCustomer', 'customerId', 'ALL'],
    ]);
    expect(Table?.LocalSecondaryIndexes?.map((i) => [i.IndexName, i.Projection])).toEqual([
      ['byStatus', { ProjectionType: 'INCLUDE', NonKeyAttributes: ['total'] }],
    ]);
    expect(Table?.StreamSpecification).toEqual({ StreamEnabled: true, StreamViewType: 'NEW_AND_OLD_IMAGES' });
    expect(TimeToLiveDescription).toMatchObject({ TimeToLiveStatus: 'ENABLED', AttributeName: 'expiresAt' });
    expect(stock?.GlobalSecondaryIndexes?.[0]?.IndexName).toBe('byWarehouse');
    expect(stock?.StreamSpecification).toBeUndefined();
  });

  it("maps the topology's stream ARN to the one DynamoDB Local assigned", async () => {
    // Prepare
    const dynamodb = new DynamoDBClient(clientConfig(engines.dynamodb.endpoint));

    // Act
    const { Table } = await dynamodb.send(new DescribeTableCommand({ TableName: 'orders' }));

    // Assess
    expect(Table?.LatestStreamArn).toBeDefined();
    expect(Table?.LatestStreamArn).not.toBe(ordersTable.stream!.arn);
    expect(provisioned.arns.toEngine(ordersTable.stream!.arn)).toBe(Table?.LatestStreamArn);
    expect(provisioned.arns.toTopology(Table!.LatestStreamArn!)).toBe(ordersTable.stream!.arn);
  });

  it('creates queues with their attributes, redriving to the DLQ as the engine names it', async () => {
    // Prepare
    const sqs = new SQSClient(clientConfig(engines.sqs.endpoint));
    const attributesOf = async (name: string) => {
      const { QueueUrl } = await sqs.send(new GetQueueUrlCommand({ QueueName: name }));
      return (await sqs.send(new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ['All'] }))).Attributes ?? {};
    };

    // Act
    const [jobs, dlq, fifo] = await Promise.all([attributesOf('jobs'), attributesOf('jobs-dlq'), attributesOf('ordered.fifo')]);

    // Assess
    expect(jobs).toMatchObject({ VisibilityTimeout: '1', MessageRetentionPeriod: '3600', DelaySeconds: '0' });
    expect(JSON.parse(jobs['RedrivePolicy']!)).toEqual({ deadLetterTargetArn: dlq['QueueArn'], maxReceiveCount: 1 });
    expect(dlq['MessageRetentionPeriod']).toBe('1209600');
    expect(fifo).toMatchObject({ FifoQueue: 'true', ContentBasedDeduplication: 'true', DelaySeconds: '2' });
    expect(provisioned.arns.toEngine(topology.queues[1]!.arn)).toBe(dlq['QueueArn']);
  });

  it('creates Kinesis streams with their shard count and retention period, and buckets', async () => {
    // Prepare
    const kinesis = new KinesisClient(clientConfig(engines.kinesis.endpoint));
    const s3 = new S3Client({ ...clientConfig(engines.s3.endpoint), forcePathStyle: true });

    // Act
    const { StreamDescriptionSummary } = await kinesis.send(new DescribeStreamSummaryCommand({ StreamName: 'clicks' }));
    const head = await s3.send(new HeadBucketCommand({ Bucket: 'eventful-imports' }));

    // Assess
    expect(StreamDescriptionSummary).toMatchObject({ StreamStatus: 'ACTIVE', OpenShardCount: 2, RetentionPeriodHours: 48 });
    expect(head.$metadata.httpStatusCode).toBe(200);
    expect(provisioned.streams[0]?.engineArn).toBe(StreamDescriptionSummary?.StreamARN);
  });

  it('provisions again on the same engines without failing, reporting what existed', async () => {
    // Act
    const again = await provisionTopology(topology, engines);

    // Assess
    expect(again.tables.map((t) => t.existed)).toEqual([true, true]);
    expect(again.streams.map((s) => s.existed)).toEqual([true]);
    expect(again.buckets.map((b) => b.existed)).toEqual([true]);
    expect(again.arns.entries()).toEqual(provisioned.arns.entries());
  });

  it('provisions again after a restart on the persisted directory', async () => {
    // Prepare
    await engines.stop();
    engines = await startEngines({ persistDir });

    // Act
    const again = await provisionTopology(topology, engines);

    // Assess
    expect(again.tables.every((t) => t.existed)).toBe(true);
    expect(again.arns.toEngine(ordersTable.stream!.arn)).toBe(provisioned.arns.toEngine(ordersTable.stream!.arn));
    expect(again.queues.map((q) => q.name)).toEqual(['jobs-dlq', 'jobs', 'ordered.fifo']);
  }, 60_000);
});
