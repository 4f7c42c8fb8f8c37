import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixtureApp } from '../lambda/support/fixture-app.ts';
import { harness } from '../lambda/support/harness.ts';
import { eventually, startMappings } from './support/harness.ts';
import { kinesisFixture, type KinesisFixture } from './support/kinesis-streams.ts';
import { sqsFixture, type SqsFixture } from './support/sqs-queues.ts';
import { functionArn, mappingSpec, queueArn } from './support/topology.ts';

/** A bundle as cdk.out holds it: reports the messages whose body starts with "bad", records what it saw. */
const partialSqsHandler = `
export const handler = async (event) => {
  console.log(JSON.stringify({ bodies: event.Records.map((record) => record.body) }));
  return {
    batchItemFailures: event.Records.filter((record) => record.body.startsWith('bad')).map((record) => ({ itemIdentifier: record.messageId })),
  };
};
`;

/** Throws on any batch holding the number 13. */
const unluckyKinesisHandler = `
export const handler = async (event) => {
  const numbers = event.Records.map((record) => JSON.parse(Buffer.from(record.kinesis.data, 'base64').toString()));
  if (numbers.includes(13)) throw new RangeError('unlucky number');
  return null;
};
`;

const app = fixtureApp();
const sqsConsumer = app.bundle('orders-consumer', { 'index.mjs': partialSqsHandler });
const kinesisConsumer = app.bundle('clicks-consumer', { 'index.mjs': unluckyKinesisHandler });
afterAll(() => app.remove());

describe('event source mappings through the local Lambda service', () => {
  let sqs: SqsFixture;
  let kinesis: KinesisFixture;
  beforeAll(async () => {
    [sqs, kinesis] = await Promise.all([sqsFixture(), kinesisFixture()]);
  });
  afterAll(async () => {
    await Promise.all([sqs?.stop(), kinesis?.stop()]);
  });

  it('invokes a bundled function with the SQS batch and honours its partial batch response', async () => {
    // Prepare
    const lambda = harness([sqsConsumer]);
    const queue = await sqs.createQueue('bundled', { VisibilityTimeout: '30' });
    await sqs.send(queue.url, ['good-1', 'bad-1', 'good-2']);

    // Act
    const { activitiesOf } = await startMappings([mappingSpec('sqs', queue.arn, { functionName: 'orders-consumer', reportBatchItemFailures: true })], {
      endpoints: { sqs: sqs.engine.endpoint },
      invoke: (name, event) => lambda.service.invoke(name, event),
      defaultSqsConcurrency: 1,
      functions: [sqsConsumer],
    });

    // Assess
    await eventually(() => expect(activitiesOf('deleted')).toHaveLength(1), 10_000);
    expect(lambda.logs.filter((line) => line.stream === 'stdout').map((line) => JSON.parse(line.message))).toEqual([{ bodies: ['good-1', 'bad-1', 'good-2'] }]);
    expect(activitiesOf('deleted')[0]!.count).toBe(2);
    expect(await sqs.counts(queue.url)).toEqual({ visible: 0, inFlight: 1 });
  });

  it("sends the on-failure record of a function error with the runtime's error type and the function's ARN", async () => {
    // Prepare
    const lambda = harness([kinesisConsumer]);
    const arn = await kinesis.createStream('bundled');
    await kinesis.put('bundled', [{ data: 12 }, { data: 13 }]);
    const destination = queueArn('bundled-failures');

    // Act
    const { deliveries, activitiesOf } = await startMappings(
      [mappingSpec('kinesis', arn, { functionName: 'clicks-consumer', maximumRetryAttempts: 1, onFailureDestination: destination })],
      {
        endpoints: { kinesis: kinesis.engine.endpoint },
        invoke: (name, event) => lambda.service.invoke(name, event),
        polling: { kinesisIntervalMs: 20 },
        retryBackoff: { initialMs: 5, maxMs: 5 },
        functions: [kinesisConsumer],
      },
    );

    // Assess
    await eventually(() => expect(deliveries).toHaveLength(1), 10_000);
    expect(activitiesOf('invoked').map((activity) => [activity.outcome, activity.reason])).toEqual([
      ['function-error', 'RangeError'],
      ['function-error', 'RangeError'],
    ]);
    expect(deliveries[0]!.payload).toMatchObject({
      requestContext: { functionArn: functionArn('clicks-consumer'), condition: 'RetryAttemptsExhausted', approximateInvokeCount: 2 },
      responseContext: { statusCode: 200, executedVersion: '$LATEST', functionError: 'Unhandled' },
      KinesisBatchInfo: { batchSize: 2, streamArn: arn },
    });
  });
});
