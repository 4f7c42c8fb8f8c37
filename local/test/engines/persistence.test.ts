import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateTableCommand, DescribeTableCommand, DynamoDBClient, GetItemCommand, PutItemCommand } from '@aws-sdk/client-dynamodb';
import {
  DescribeStreamCommand,
  DynamoDBStreamsClient,
  GetRecordsCommand as GetStreamRecordsCommand,
  GetShardIteratorCommand as GetStreamShardIteratorCommand,
} from '@aws-sdk/client-dynamodb-streams';
import {
  CreateStreamCommand,
  GetRecordsCommand,
  GetShardIteratorCommand,
  KinesisClient,
  ListShardsCommand,
  PutRecordCommand,
  waitUntilStreamExists,
} from '@aws-sdk/client-kinesis';
import { CreateBucketCommand, GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { CreateQueueCommand, ReceiveMessageCommand, SQSClient, SendMessageCommand } from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEngines, type Engines } from '../../engines/start-engines.ts';
import { localClientConfig } from './support/clients.ts';

function clientsFor(engines: Engines) {
  return {
    dynamodb: new DynamoDBClient(localClientConfig(engines.dynamodb.endpoint)),
    kinesis: new KinesisClient(localClientConfig(engines.kinesis.endpoint)),
    sqs: new SQSClient(localClientConfig(engines.sqs.endpoint)),
    s3: new S3Client(localClientConfig(engines.s3.endpoint)),
    destroy() {
      for (const client of [this.dynamodb, this.kinesis, this.sqs, this.s3]) client.destroy();
    },
  };
}

describe('engines with a persist directory', () => {
  let persistDir: string;

  beforeAll(async () => {
    persistDir = await mkdtemp(join(tmpdir(), 'eventful-persist-'));
  });
  afterAll(async () => {
    await rm(persistDir, { recursive: true, force: true });
  });

  it('keep tables, stream records, queued messages and objects across a restart', async () => {
    // Prepare: write to every engine, then stop them all
    const first = await startEngines({ persistDir });
    const before = clientsFor(first);
    await before.dynamodb.send(
      new CreateTableCommand({
        TableName: 'orders',
        AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
        KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
        BillingMode: 'PAY_PER_REQUEST',
      }),
    );
    await before.dynamodb.send(new PutItemCommand({ TableName: 'orders', Item: { pk: { S: 'o-1' }, status: { S: 'paid' } } }));
    await before.kinesis.send(new CreateStreamCommand({ StreamName: 'clicks', ShardCount: 1 }));
    await waitUntilStreamExists({ client: before.kinesis, maxWaitTime: 10, minDelay: 0.05, maxDelay: 0.1 } as never, { StreamName: 'clicks' });
    await before.kinesis.send(new PutRecordCommand({ StreamName: 'clicks', PartitionKey: 'u', Data: Buffer.from('click-1') }));
    const { QueueUrl } = await before.sqs.send(new CreateQueueCommand({ QueueName: 'jobs' }));
    await before.sqs.send(new SendMessageCommand({ QueueUrl, MessageBody: 'job-1' }));
    await before.s3.send(new CreateBucketCommand({ Bucket: 'claims' }));
    await before.s3.send(new PutObjectCommand({ Bucket: 'claims', Key: 'c-1.json', Body: '{"claim":1}' }));
    before.destroy();
    await first.stop();

    // Act
    const second = await startEngines({ persistDir });
    const after = clientsFor(second);
    try {
      const item = await after.dynamodb.send(new GetItemCommand({ TableName: 'orders', Key: { pk: { S: 'o-1' } } }));
      const { Shards } = await after.kinesis.send(new ListShardsCommand({ StreamName: 'clicks' }));
      const { ShardIterator } = await after.kinesis.send(
        new GetShardIteratorCommand({ StreamName: 'clicks', ShardId: Shards![0]!.ShardId!, ShardIteratorType: 'TRIM_HORIZON' }),
      );
      const { Records } = await after.kinesis.send(new GetRecordsCommand({ ShardIterator }));
      const { Messages } = await after.sqs.send(new ReceiveMessageCommand({ QueueUrl, MaxNumberOfMessages: 10 }));
      const object = await after.s3.send(new GetObjectCommand({ Bucket: 'claims', Key: 'c-1.json' }));

      // Assess
      expect(item.Item?.status?.S).toBe('paid');
      expect(Records?.map((record) => Buffer.from(record.Data!).toString())).toEqual(['click-1']);
      expect(Messages?.map((message) => message.Body)).toEqual(['job-1']);
      expect(await object.Body!.transformToString()).toBe('{"claim":1}');
    } finally {
      after.destroy();
      await second.stop();
    }
  });

  it('keep stream ARNs, shard ids and sequence numbers across a restart, so a checkpoint resumes after its record', async () => {
    // Prepare: two tables with streams (DynamoDB Local numbers their records with one counter) and a Kinesis stream.
    const dir = await mkdtemp(join(tmpdir(), 'eventful-persist-streams-'));
    const tables = ['stream-a', 'stream-b'];
    const write = async (engines: Engines, value: string) => {
      const { dynamodb, kinesis } = clientsFor(engines);
      for (const TableName of tables) await dynamodb.send(new PutItemCommand({ TableName, Item: { pk: { S: value } } }));
      const { SequenceNumber } = await kinesis.send(new PutRecordCommand({ StreamName: 'views', PartitionKey: 'u', Data: Buffer.from(value) }));
      dynamodb.destroy();
      kinesis.destroy();
      return SequenceNumber!;
    };
    /** Per table: stream ARN, shard id, the sequence numbers after `after` (all when absent). */
    const readStreams = async (engines: Engines, after?: Record<string, string>) => {
      const dynamodb = new DynamoDBClient(localClientConfig(engines.dynamodb.endpoint));
      const streams = new DynamoDBStreamsClient(localClientConfig(engines.dynamodb.endpoint));
      const read: Record<string, { arn: string; shardId: string; sequenceNumbers: string[] }> = {};
      for (const TableName of tables) {
        const arn = (await dynamodb.send(new DescribeTableCommand({ TableName }))).Table!.LatestStreamArn!;
        const shardId = (await streams.send(new DescribeStreamCommand({ StreamArn: arn }))).StreamDescription!.Shards![0]!.ShardId!;
        const from = after?.[TableName];
        const { ShardIterator } = await streams.send(
          new GetStreamShardIteratorCommand({
            StreamArn: arn,
            ShardId: shardId,
            ...(from ? { ShardIteratorType: 'AFTER_SEQUENCE_NUMBER', SequenceNumber: from } : { ShardIteratorType: 'TRIM_HORIZON' }),
          }),
        );
        const { Records = [] } = await streams.send(new GetStreamRecordsCommand({ ShardIterator }));
        read[TableName] = { arn, shardId, sequenceNumbers: Records.map((record) => record.dynamodb!.SequenceNumber!) };
      }
      dynamodb.destroy();
      streams.destroy();
      return read;
    };
    try {
      const first = await startEngines({ persistDir: dir });
      const setup = clientsFor(first);
      for (const TableName of tables) {
        await setup.dynamodb.send(
          new CreateTableCommand({
            TableName,
            AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
            KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
            BillingMode: 'PAY_PER_REQUEST',
            StreamSpecification: { StreamEnabled: true, StreamViewType: 'NEW_IMAGE' },
          }),
        );
      }
      await setup.kinesis.send(new CreateStreamCommand({ StreamName: 'views', ShardCount: 1 }));
      await waitUntilStreamExists({ client: setup.kinesis, maxWaitTime: 10, minDelay: 0.05, maxDelay: 0.1 } as never, { StreamName: 'views' });
      setup.destroy();
      const firstKinesis = await write(first, 'before');
      const before = await readStreams(first);
      await first.stop();

      // Act
      const second = await startEngines({ persistDir: dir });
      try {
        const secondKinesis = await write(second, 'after');
        const checkpoints = Object.fromEntries(tables.map((table) => [table, before[table]!.sequenceNumbers.at(-1)!]));
        const resumed = await readStreams(second, checkpoints);
        const kinesis = new KinesisClient(localClientConfig(second.kinesis.endpoint));
        const { Shards } = await kinesis.send(new ListShardsCommand({ StreamName: 'views' }));
        const { ShardIterator } = await kinesis.send(
          new GetShardIteratorCommand({
            StreamName: 'views',
            ShardId: Shards![0]!.ShardId!,
            ShardIteratorType: 'AFTER_SEQUENCE_NUMBER',
            StartingSequenceNumber: firstKinesis,
          }),
        );
        const { Records = [] } = await kinesis.send(new GetRecordsCommand({ ShardIterator }));
        kinesis.destroy();

        // Assess: same stream and shard; after the checkpoint, exactly the record written since.
        for (const table of tables) {
          expect(resumed[table]).toMatchObject({ arn: before[table]!.arn, shardId: before[table]!.shardId });
          expect(resumed[table]!.sequenceNumbers).toHaveLength(1);
          expect(BigInt(resumed[table]!.sequenceNumbers[0]!)).toBeGreaterThan(BigInt(checkpoints[table]!));
        }
        expect(Records.map((record) => [record.SequenceNumber, Buffer.from(record.Data!).toString()])).toEqual([[secondKinesis, 'after']]);
      } finally {
        await second.stop();
      }
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }, 120_000);

  it('start empty again without one', async () => {
    // Act
    const engines = await startEngines();
    const clients = clientsFor(engines);
    try {
      const error = await clients.dynamodb.send(new GetItemCommand({ TableName: 'orders', Key: { pk: { S: 'o-1' } } })).catch((caught: unknown) => caught);

      // Assess
      expect((error as Error).name).toBe('ResourceNotFoundException');
    } finally {
      clients.destroy();
      await engines.stop();
    }
  });
});
