import { DynamoDBClient, GetItemCommand, PutItemCommand, TransactWriteItemsCommand, type DynamoDBServiceException } from '@aws-sdk/client-dynamodb';
import { KinesisClient, PutRecordsCommand } from '@aws-sdk/client-kinesis';
import { describe, expect, it } from 'vitest';
import { ACCOUNT, endpointWith, fakeEngine } from './support/fake-engine.ts';

// One attempt: the SDKs retry throttling errors, which would hide the fault's shape.
const clientConfig = (url: string) => ({ endpoint: url, region: 'us-east-1', credentials: { accessKeyId: 'test', secretAccessKey: 'test' }, maxAttempts: 1 });

async function rejection(promise: Promise<unknown>): Promise<DynamoDBServiceException> {
  try {
    await promise;
  } catch (error) {
    return error as DynamoDBServiceException;
  }
  throw new Error('expected the call to fail');
}

describe('DynamoDB faults under --chaos (the endpoint answers instead of forwarding)', () => {
  const put = new PutItemCommand({ TableName: 'orders', Item: { pk: { S: 'o-1' } } });

  it('dynamodb.throughput at rate 1: 400 ProvisionedThroughputExceededException, nothing reaches DynamoDB Local', async () => {
    // Prepare
    const engine = await fakeEngine(() => ({}));
    const endpoint = await endpointWith('seed=1,dynamodb.throughput=1', { dynamodb: engine });
    const client = new DynamoDBClient(clientConfig(endpoint.url));

    // Act
    const error = await rejection(client.send(put));

    // Assess
    expect(error.name).toBe('ProvisionedThroughputExceededException');
    expect(error.$metadata.httpStatusCode).toBe(400);
    expect(error.message).toMatch(/provisioned throughput for the table was exceeded/);
    expect(engine.bodies).toEqual([]);
    client.destroy();
  });

  it('dynamodb.throttle at rate 1: 400 ThrottlingException', async () => {
    // Prepare
    const engine = await fakeEngine(() => ({}));
    const endpoint = await endpointWith('seed=1,dynamodb.throttle=1', { dynamodb: engine });
    const client = new DynamoDBClient(clientConfig(endpoint.url));

    // Act
    const error = await rejection(client.send(new GetItemCommand({ TableName: 'orders', Key: { pk: { S: 'o-1' } } })));

    // Assess
    expect(error.name).toBe('ThrottlingException');
    expect(error.$metadata.httpStatusCode).toBe(400);
    expect(engine.bodies).toEqual([]);
    client.destroy();
  });

  it('dynamodb.conflict at rate 1: a single write gets TransactionConflictException, a transaction TransactionCanceledException with one TransactionConflict reason', async () => {
    // Prepare
    const engine = await fakeEngine(() => ({}));
    const endpoint = await endpointWith('seed=1,dynamodb.conflict=1', { dynamodb: engine });
    const client = new DynamoDBClient(clientConfig(endpoint.url));
    const transaction = new TransactWriteItemsCommand({
      TransactItems: [
        { Put: { TableName: 'orders', Item: { pk: { S: 'o-1' } } } },
        { Put: { TableName: 'stock', Item: { pk: { S: 'SKU-1' } } } },
        { Put: { TableName: 'outbox', Item: { pk: { S: 'e-1' } } } },
      ],
    });

    // Act
    const single = await rejection(client.send(put));
    const cancelled = (await rejection(client.send(transaction))) as DynamoDBServiceException & { CancellationReasons?: Array<{ Code?: string }> };
    const read = await client.send(new GetItemCommand({ TableName: 'orders', Key: { pk: { S: 'o-1' } } }));

    // Assess
    expect(single.name).toBe('TransactionConflictException');
    expect(cancelled.name).toBe('TransactionCanceledException');
    const codes = (cancelled.CancellationReasons ?? []).map((reason) => reason.Code);
    expect(codes).toHaveLength(3);
    expect(codes.filter((code) => code === 'TransactionConflict')).toHaveLength(1);
    expect(codes.filter((code) => code === 'None')).toHaveLength(2);
    // Reads do not conflict: forwarded.
    expect(read.$metadata.httpStatusCode).toBe(200);
    expect(engine.bodies).toHaveLength(1);
    client.destroy();
  });

  it('without chaos every call is forwarded', async () => {
    // Prepare
    const engine = await fakeEngine(() => ({}));
    const endpoint = await endpointWith(undefined, { dynamodb: engine });
    const client = new DynamoDBClient(clientConfig(endpoint.url));

    // Act
    await client.send(put);

    // Assess
    expect(engine.bodies).toEqual([{ TableName: 'orders', Item: { pk: { S: 'o-1' } } }]);
    client.destroy();
  });
});

describe('Kinesis PutRecords faults under --chaos', () => {
  const records = (count: number) => Array.from({ length: count }, (_, i) => ({ Data: Buffer.from(`r-${i}`), PartitionKey: `k-${i}` }));
  const kinesalite = () =>
    fakeEngine((body) => ({
      FailedRecordCount: 0,
      Records: (body['Records'] as unknown[]).map((_, i) => ({ SequenceNumber: `seq-${i}`, ShardId: 'shardId-000000000000' })),
    }));

  it('kinesis.throughput at rate 1: every record fails with ProvisionedThroughputExceededException in a 200 answer; none is written', async () => {
    // Prepare
    const engine = await kinesalite();
    const endpoint = await endpointWith('seed=1,kinesis.throughput=1', { kinesis: engine });
    const client = new KinesisClient(clientConfig(endpoint.url));

    // Act
    const result = await client.send(new PutRecordsCommand({ StreamName: 'clicks', Records: records(2) }));

    // Assess
    expect(result.FailedRecordCount).toBe(2);
    expect(result.Records).toEqual([
      {
        ErrorCode: 'ProvisionedThroughputExceededException',
        ErrorMessage: `Rate exceeded for shard shardId-000000000000 in stream clicks under account ${ACCOUNT}.`,
      },
      {
        ErrorCode: 'ProvisionedThroughputExceededException',
        ErrorMessage: `Rate exceeded for shard shardId-000000000000 in stream clicks under account ${ACCOUNT}.`,
      },
    ]);
    expect(engine.bodies).toEqual([]);
    client.destroy();
  });

  it('fails some records and writes the others, each answer in its record place', async () => {
    // Prepare
    const engine = await kinesalite();
    const endpoint = await endpointWith('seed=3,kinesis.throughput=0.5', { kinesis: engine });
    const client = new KinesisClient(clientConfig(endpoint.url));

    // Act
    const result = await client.send(new PutRecordsCommand({ StreamName: 'clicks', Records: records(10) }));

    // Assess
    const failed = (result.Records ?? []).flatMap((record, i) => (record.ErrorCode ? [i] : []));
    expect(failed.length).toBeGreaterThan(0);
    expect(failed.length).toBeLessThan(10);
    expect(result.FailedRecordCount).toBe(failed.length);
    const written = (engine.bodies[0] as { Records: Array<{ PartitionKey: string }> }).Records.map((record) => record.PartitionKey);
    expect(written).toEqual(records(10).flatMap((record, i) => (failed.includes(i) ? [] : [record.PartitionKey])));
    expect((result.Records ?? []).filter((record) => record.SequenceNumber).map((record) => record.SequenceNumber)).toEqual(written.map((_, i) => `seq-${i}`));
    client.destroy();
  });
});
