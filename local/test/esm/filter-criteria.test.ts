import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compileFilter, InvalidFilterCriteriaError } from '../../esm/index.ts';
import { dynamoDBStreamRecord } from '../../aws/events/index.ts';
import { kinesisRecord } from '../../aws/events/index.ts';
import { sqsRecord } from '../../aws/events/index.ts';
import { fakeFunction } from './support/fake-function.ts';
import { eventually, startMappings } from './support/harness.ts';
import { sqsFixture, type SqsFixture } from './support/sqs-queues.ts';
import { mappingSpec } from './support/topology.ts';

describe('FilterCriteria', () => {
  // https://docs.aws.amazon.com/lambda/latest/dg/invocation-eventfiltering.html
  it.each([
    ['SQS: a JSON body is matched on its fields', { body: { status: ['paid'] } }, sqsRecord({ status: 'paid' }), true],
    ['SQS: a JSON body whose field differs is dropped', { body: { status: ['paid'] } }, sqsRecord({ status: 'open' }), false],
    ['SQS: a plain-text body against a JSON pattern is dropped', { body: { status: ['paid'] } }, sqsRecord('status=paid'), false],
    ['SQS: a plain-text body against a plain-text pattern is matched', { body: ['status=paid'] }, sqsRecord('status=paid'), true],
    ['SQS: a JSON body against a plain-text pattern is dropped', { body: ['{"status":"paid"}'] }, sqsRecord({ status: 'paid' }), false],
    ['SQS: metadata is matched without a body pattern', { attributes: { ApproximateReceiveCount: ['1'] } }, sqsRecord('anything'), true],
    ['Kinesis: decoded JSON data is matched on its fields', { data: { amount: [{ numeric: ['>', 100] }] } }, kinesisRecord({ amount: 250 }), true],
    ['Kinesis: data under the threshold is dropped', { data: { amount: [{ numeric: ['>', 100] }] } }, kinesisRecord({ amount: 50 }), false],
    ['Kinesis: data that is not JSON is dropped by a data pattern', { data: { amount: [{ exists: true }] } }, kinesisRecord('amount=250'), false],
    ['Kinesis: the partition key is matched', { partitionKey: [{ prefix: 'user-' }] }, kinesisRecord({}, { partitionKey: 'user-1' }), true],
    [
      'DynamoDB: typed attribute values are matched',
      { eventName: ['INSERT'], dynamodb: { NewImage: { status: { S: ['paid'] } } } },
      dynamoDBStreamRecord({ keys: { pk: 'o#1' }, newImage: { pk: 'o#1', status: 'paid' } }),
      true,
    ],
    ['DynamoDB: another event name is dropped', { eventName: ['INSERT'] }, dynamoDBStreamRecord({ keys: { pk: 'o#1' }, oldImage: { pk: 'o#1' } }), false],
  ] as const)('%s', (_case, pattern, record, kept) => {
    // Prepare
    const kind = 'body' in record ? 'sqs' : 'kinesis' in record ? 'kinesis' : 'dynamodb';
    const filter = compileFilter(kind, [pattern as Record<string, unknown>], 'Stack/Mapping');

    // Act
    const result = filter(record);

    // Assess
    expect(result).toBe(kept);
  });

  it('keeps a record that any one of the filters matches', () => {
    // Prepare
    const filter = compileFilter('sqs', [{ body: { type: ['a'] } }, { body: { type: ['b'] } }], 'Stack/Mapping');

    // Act
    const kept = [sqsRecord({ type: 'a' }), sqsRecord({ type: 'b' }), sqsRecord({ type: 'c' })].map(filter);

    // Assess
    expect(kept).toEqual([true, true, false]);
  });

  it('names the mapping and the filter when a pattern is not valid', () => {
    // Act
    const compile = () => compileFilter('sqs', [{ body: { type: ['a'] } }, { body: { type: [] } }], 'Orders/ProjectorMapping');

    // Assess
    expect(compile).toThrow(InvalidFilterCriteriaError);
    expect(compile).toThrow(/^Orders\/ProjectorMapping: FilterCriteria\.Filters\[1\]\.Pattern is not valid: Empty arrays are not allowed/);
  });

  describe('on an SQS queue', () => {
    let fixture: SqsFixture;
    beforeAll(async () => {
      fixture = await sqsFixture();
    });
    afterAll(async () => {
      await fixture?.stop();
    });

    it('invokes with the matching messages only and deletes the others from the queue', async () => {
      // Prepare
      const queue = await fixture.createQueue('filtered', { VisibilityTimeout: '30' });
      const fn = fakeFunction();
      const { activitiesOf } = await startMappings([mappingSpec('sqs', queue.arn, { filterPatterns: [{ body: { status: ['paid'] } }] })], {
        endpoints: { sqs: fixture.engine.endpoint },
        invoke: fn.invoke,
        defaultSqsConcurrency: 1,
      });

      // Act
      await fixture.send(queue.url, ['{"id":1,"status":"paid"}', '{"id":2,"status":"open"}', 'not json', '{"id":3,"status":"paid"}']);

      // Assess
      await eventually(async () => expect(await fixture.counts(queue.url)).toEqual({ visible: 0, inFlight: 0 }));
      expect(fn.calls.flatMap((call) => call.event.Records.map((record: { body: string }) => JSON.parse(record.body).id))).toEqual([1, 3]);
      expect(activitiesOf('filtered').reduce((total, activity) => total + activity.count, 0)).toBe(2);
    });
  });
});
