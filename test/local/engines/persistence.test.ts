import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateTableCommand, DynamoDBClient, GetItemCommand, PutItemCommand } from '@aws-sdk/client-dynamodb';
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
import { startEngines, type Engines } from '../../../local/engines/start-engines.ts';
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
    await before.dynamodb.send(new CreateTableCommand({
      TableName: 'orders',
      AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
      KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
      BillingMode: 'PAY_PER_REQUEST',
    }));
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
      const { ShardIterator } = await after.kinesis.send(new GetShardIteratorCommand({ StreamName: 'clicks', ShardId: Shards![0]!.ShardId!, ShardIteratorType: 'TRIM_HORIZON' }));
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
