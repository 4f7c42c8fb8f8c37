import { DynamoDBStreamSchema } from '@aws-lambda-powertools/parser/schemas/dynamodb';
import { CreateTableCommand, DeleteItemCommand, DynamoDBClient, PutItemCommand, UpdateItemCommand, type StreamViewType } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDynamoDbLocal, type RunningDynamoDbLocal } from '../../engines/dynamodb-local.ts';
import { EventSourceNotFoundError } from '../../esm/index.ts';
import { fakeFunction } from './support/fake-function.ts';
import { eventually, startMappings } from './support/harness.ts';
import { mappingSpec, REGION, tableStreamArn } from './support/topology.ts';

const FAST = { dynamodbIntervalMs: 20 };

describe('DynamoDB stream event source mapping', () => {
  let engine: RunningDynamoDbLocal;
  let dynamodb: DynamoDBClient;
  beforeAll(async () => {
    engine = await startDynamoDbLocal();
    dynamodb = new DynamoDBClient({ endpoint: engine.endpoint, region: REGION, credentials: { accessKeyId: 'test', secretAccessKey: 'test' } });
  });
  afterAll(async () => {
    dynamodb?.destroy();
    await engine?.stop();
  });

  async function createTable(name: string, viewType?: StreamViewType): Promise<string> {
    await dynamodb.send(
      new CreateTableCommand({
        TableName: name,
        AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
        KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
        BillingMode: 'PAY_PER_REQUEST',
        ...(viewType ? { StreamSpecification: { StreamEnabled: true, StreamViewType: viewType } } : {}),
      }),
    );
    return tableStreamArn(name);
  }

  /** An insert, a modification and a removal of one order. */
  async function writeOrderLifecycle(table: string): Promise<void> {
    await dynamodb.send(
      new PutItemCommand({ TableName: table, Item: { pk: { S: 'order#1' }, status: { S: 'placed' }, total: { N: '42' }, receipt: { B: Buffer.from('pdf') } } }),
    );
    await dynamodb.send(
      new UpdateItemCommand({
        TableName: table,
        Key: { pk: { S: 'order#1' } },
        UpdateExpression: 'SET #status = :shipped',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':shipped': { S: 'shipped' } },
      }),
    );
    await dynamodb.send(new DeleteItemCommand({ TableName: table, Key: { pk: { S: 'order#1' } } }));
  }

  it('sends INSERT, MODIFY and REMOVE records as AWS shapes them, from real DynamoDB Local writes', async () => {
    // Prepare
    const arn = await createTable('orders', 'NEW_AND_OLD_IMAGES');
    const fn = fakeFunction();
    await startMappings([mappingSpec('dynamodb', arn)], { endpoints: { dynamodb: engine.endpoint }, invoke: fn.invoke, polling: FAST });

    // Act
    await writeOrderLifecycle('orders');

    // Assess
    await eventually(() => expect(fn.calls.flatMap((call) => call.event.Records)).toHaveLength(3));
    const records = fn.calls.flatMap((call) => call.event.Records);
    const placed = { pk: { S: 'order#1' }, status: { S: 'placed' }, total: { N: '42' }, receipt: { B: Buffer.from('pdf').toString('base64') } };
    const shipped = { ...placed, status: { S: 'shipped' } };
    const change = (images: object) => ({
      ApproximateCreationDateTime: expect.any(Number),
      Keys: { pk: { S: 'order#1' } },
      ...images,
      SequenceNumber: expect.stringMatching(/^\d+$/),
      SizeBytes: expect.any(Number),
      StreamViewType: 'NEW_AND_OLD_IMAGES',
    });
    const common = { eventID: expect.any(String), eventVersion: '1.1', eventSource: 'aws:dynamodb', awsRegion: REGION, eventSourceARN: arn };
    expect(records).toEqual([
      { ...common, eventName: 'INSERT', dynamodb: change({ NewImage: placed }) },
      { ...common, eventName: 'MODIFY', dynamodb: change({ NewImage: shipped, OldImage: placed }) },
      { ...common, eventName: 'REMOVE', dynamodb: change({ OldImage: shipped }) },
    ]);
    expect(Object.keys(records[0])).toEqual(['eventID', 'eventName', 'eventVersion', 'eventSource', 'awsRegion', 'dynamodb', 'eventSourceARN']);
    expect(Number.isInteger(records[0].dynamodb.ApproximateCreationDateTime)).toBe(true);
    expect(Math.abs(records[0].dynamodb.ApproximateCreationDateTime * 1000 - Date.now())).toBeLessThan(120_000);
    const sequence = records.map((record: { dynamodb: { SequenceNumber: string } }) => BigInt(record.dynamodb.SequenceNumber));
    expect(sequence).toEqual([...sequence].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));
    expect(new Set(sequence).size).toBe(3);
    for (const call of fn.calls) expect(DynamoDBStreamSchema.safeParse(call.event).success).toBe(true);
  });

  it('sends only the keys from a KEYS_ONLY stream', async () => {
    // Prepare
    const arn = await createTable('orders-keys', 'KEYS_ONLY');
    const fn = fakeFunction();
    await startMappings([mappingSpec('dynamodb', arn)], { endpoints: { dynamodb: engine.endpoint }, invoke: fn.invoke, polling: FAST });

    // Act
    await writeOrderLifecycle('orders-keys');

    // Assess
    await eventually(() => expect(fn.calls.flatMap((call) => call.event.Records)).toHaveLength(3));
    for (const record of fn.calls.flatMap((call) => call.event.Records)) {
      expect(Object.keys(record.dynamodb)).toEqual(['ApproximateCreationDateTime', 'Keys', 'SequenceNumber', 'SizeBytes', 'StreamViewType']);
      expect(record.dynamodb.StreamViewType).toBe('KEYS_ONLY');
    }
  });

  it('filters on the event name and typed attribute values, skipping the other records', async () => {
    // Prepare
    const arn = await createTable('orders-filtered', 'NEW_AND_OLD_IMAGES');
    const fn = fakeFunction();
    const pattern = { eventName: ['MODIFY'], dynamodb: { NewImage: { status: { S: ['shipped'] } } } };
    const { activitiesOf } = await startMappings([mappingSpec('dynamodb', arn, { filterPatterns: [pattern] })], {
      endpoints: { dynamodb: engine.endpoint },
      invoke: fn.invoke,
      polling: FAST,
    });

    // Act
    await writeOrderLifecycle('orders-filtered');

    // Assess
    await eventually(() => expect(activitiesOf('filtered').reduce((total, activity) => total + activity.count, 0)).toBe(2));
    await eventually(() => expect(fn.calls.flatMap((call) => call.event.Records)).toHaveLength(1));
    const [record] = fn.calls.flatMap((call) => call.event.Records);
    expect(record).toMatchObject({ eventName: 'MODIFY', dynamodb: { NewImage: { status: { S: 'shipped' } }, OldImage: { status: { S: 'placed' } } } });
  });

  it('sends a DDBStreamBatchInfo on-failure record, arrival times in whole seconds, once retries are exhausted', async () => {
    // Prepare
    const arn = await createTable('orders-failing', 'NEW_AND_OLD_IMAGES');
    const fn = fakeFunction(() => {
      throw new Error('projection failed');
    });
    const destination = 'arn:aws:sns:us-east-1:000000000000:order-stream-failures';
    const { deliveries } = await startMappings([mappingSpec('dynamodb', arn, { maximumRetryAttempts: 0, onFailureDestination: destination })], {
      endpoints: { dynamodb: engine.endpoint },
      invoke: fn.invoke,
      polling: FAST,
    });

    // Act
    await writeOrderLifecycle('orders-failing');

    // Assess
    await eventually(() => expect(deliveries.flatMap((delivery) => delivery.payload.DDBStreamBatchInfo.batchSize).reduce((a, b) => a + b, 0)).toBe(3));
    const records = fn.calls.flatMap((call) => call.event.Records);
    const { payload } = deliveries[0]!;
    expect(Object.keys(payload)).toEqual(['requestContext', 'responseContext', 'version', 'timestamp', 'DDBStreamBatchInfo']);
    expect(payload.DDBStreamBatchInfo).toEqual({
      shardId: expect.stringMatching(/^shardId-/),
      startSequenceNumber: records[0].dynamodb.SequenceNumber,
      endSequenceNumber: expect.stringMatching(/^\d+$/),
      approximateArrivalOfFirstRecord: new Date(records[0].dynamodb.ApproximateCreationDateTime * 1000).toISOString().replace('.000Z', 'Z'),
      approximateArrivalOfLastRecord: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/),
      batchSize: expect.any(Number),
      streamArn: arn,
    });
    expect(payload.requestContext).toMatchObject({ condition: 'RetryAttemptsExhausted', approximateInvokeCount: 1 });
  });

  it.each(['TRIM_HORIZON', 'LATEST'] as const)(
    'reads a shard that was empty when a %s mapping started, after another table was written first',
    async (startingPosition) => {
      // Prepare: DynamoDB Local numbers stream records across tables, which once stranded this mapping's iterator.
      await createTable(`unrelated-${startingPosition.toLowerCase()}`);
      await dynamodb.send(new PutItemCommand({ TableName: `unrelated-${startingPosition.toLowerCase()}`, Item: { pk: { S: 'before' } } }));
      const arn = await createTable(`empty-at-start-${startingPosition.toLowerCase()}`, 'NEW_IMAGE');
      const fn = fakeFunction();
      const { activitiesOf } = await startMappings([mappingSpec('dynamodb', arn, { startingPosition })], {
        endpoints: { dynamodb: engine.endpoint },
        invoke: fn.invoke,
        polling: FAST,
      });
      await eventually(() => expect(activitiesOf('shard-started')).toHaveLength(1));
      await new Promise((resolve) => setTimeout(resolve, 100));

      // Act
      for (const pk of ['a', 'b', 'c'])
        await dynamodb.send(new PutItemCommand({ TableName: `unrelated-${startingPosition.toLowerCase()}`, Item: { pk: { S: pk } } }));
      await dynamodb.send(new PutItemCommand({ TableName: `empty-at-start-${startingPosition.toLowerCase()}`, Item: { pk: { S: 'order#1' } } }));

      // Assess
      await eventually(() => expect(fn.calls.flatMap((call) => call.event.Records)).toHaveLength(1));
      expect(fn.calls[0]?.event.Records[0]).toMatchObject({ eventName: 'INSERT', dynamodb: { Keys: { pk: { S: 'order#1' } } } });
      expect(activitiesOf('poll-error')).toEqual([]);
    },
  );

  it('refuses to start, naming the mapping, when the table has no stream', async () => {
    // Prepare
    const arn = await createTable('orders-no-stream');
    const fn = fakeFunction();
    const spec = mappingSpec('dynamodb', arn);

    // Act
    const starting = startMappings([spec], { endpoints: { dynamodb: engine.endpoint }, invoke: fn.invoke });

    // Assess
    await expect(starting).rejects.toThrow(EventSourceNotFoundError);
    await expect(starting).rejects.toThrow(`EsmTestStack/${spec.logicalId}: event source ${arn} not found: table orders-no-stream has no stream`);
  });
});
