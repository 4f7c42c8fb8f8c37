import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../clock.ts';
import { fakeFunction } from './support/fake-function.ts';
import { driveUntil, eventually, startMappings, stillAfter } from './support/harness.ts';
import { kinesisData, kinesisFixture, type KinesisFixture } from './support/kinesis-streams.ts';
import { functionArn, mappingSpec, queueArn } from './support/topology.ts';

type KinesisEvent = { Records: { kinesis: { data: string; sequenceNumber: string } }[] };

const FAST = { kinesisIntervalMs: 20 };
const QUICK_RETRIES = { initialMs: 5, maxMs: 5 };
const DESTINATION = queueArn('stream-failures');

const batchesOf = (calls: { event: KinesisEvent }[]) => calls.map((call) => kinesisData(call.event));

describe('Kinesis and DynamoDB stream mappings: failures', () => {
  let fixture: KinesisFixture;
  let streams = 0;
  beforeAll(async () => {
    fixture = await kinesisFixture();
  });
  afterAll(async () => {
    await fixture?.stop();
  });

  /** A one-shard stream holding records whose data are the given numbers, in order. */
  async function streamWith(numbers: number[]): Promise<{ name: string; arn: string; sequence: string[] }> {
    streams += 1;
    const name = `failures-${streams}`;
    const arn = await fixture.createStream(name);
    const puts =
      numbers.length > 0
        ? await fixture.put(
            name,
            numbers.map((n) => ({ data: n })),
          )
        : [];
    return { name, arn, sequence: puts.map((put) => put.sequenceNumber) };
  }

  it('retries a failing batch, holding the shard, until it succeeds', async () => {
    // Prepare
    const stream = await streamWith([1, 2, 3, 4]);
    const fn = fakeFunction((_event, call) => {
      if (call <= 2) throw new Error('database down');
    });

    // Act
    await startMappings([mappingSpec('kinesis', stream.arn, { batchSize: 3 })], {
      endpoints: { kinesis: fixture.engine.endpoint },
      invoke: fn.invoke,
      polling: FAST,
      retryBackoff: QUICK_RETRIES,
    });

    // Assess
    await eventually(() => expect(fn.calls).toHaveLength(4));
    expect(batchesOf(fn.calls)).toEqual([[1, 2, 3], [1, 2, 3], [1, 2, 3], [4]]);
  });

  it('bisects a failing batch until the poison record is alone, without spending retries on the halves', async () => {
    // Prepare
    const stream = await streamWith([1, 2, 3, 4]);
    const fn = fakeFunction((event: KinesisEvent) => {
      if (kinesisData(event).includes(3)) throw new Error('poison');
    });

    // Act
    const { deliveries, activitiesOf } = await startMappings(
      [mappingSpec('kinesis', stream.arn, { batchSize: 4, bisectBatchOnFunctionError: true, maximumRetryAttempts: 0, onFailureDestination: DESTINATION })],
      { endpoints: { kinesis: fixture.engine.endpoint }, invoke: fn.invoke, polling: FAST, retryBackoff: QUICK_RETRIES },
    );

    // Assess
    await eventually(() => expect(fn.calls).toHaveLength(5));
    expect(batchesOf(fn.calls)).toEqual([[1, 2, 3, 4], [1, 2], [3, 4], [3], [4]]);
    expect(activitiesOf('bisected').map((activity) => activity.sizes)).toEqual([
      [2, 2],
      [1, 1],
    ]);
    expect(deliveries).toHaveLength(1);
    expect(deliveries[0]!.payload.KinesisBatchInfo).toMatchObject({
      startSequenceNumber: stream.sequence[2],
      endSequenceNumber: stream.sequence[2],
      batchSize: 1,
    });
  });

  it('checkpoints before the lowest sequence number the function reports and retries from there', async () => {
    // Prepare
    const stream = await streamWith([1, 2, 3, 4, 5]);
    const fn = fakeFunction((event: KinesisEvent, call) => {
      if (call > 1) return { batchItemFailures: [] };
      const [, second, , fourth] = event.Records;
      return { batchItemFailures: [{ itemIdentifier: fourth!.kinesis.sequenceNumber }, { itemIdentifier: second!.kinesis.sequenceNumber }] };
    });

    // Act
    await startMappings([mappingSpec('kinesis', stream.arn, { batchSize: 5, reportBatchItemFailures: true })], {
      endpoints: { kinesis: fixture.engine.endpoint },
      invoke: fn.invoke,
      polling: FAST,
      retryBackoff: QUICK_RETRIES,
    });

    // Assess
    await eventually(() => expect(fn.calls).toHaveLength(2));
    await stillAfter(150, () => expect(fn.calls).toHaveLength(2));
    expect(batchesOf(fn.calls)).toEqual([
      [1, 2, 3, 4, 5],
      [2, 3, 4, 5],
    ]);
  });

  it("gives up after MaximumRetryAttempts, sends AWS's on-failure record, and moves on", async () => {
    // Prepare
    const stream = await streamWith([1, 2, 3]);
    const fn = fakeFunction((event: KinesisEvent) => {
      if (kinesisData(event).includes(1)) throw new TypeError('bad record');
    });
    const { deliveries } = await startMappings(
      [mappingSpec('kinesis', stream.arn, { batchSize: 3, maximumRetryAttempts: 2, onFailureDestination: DESTINATION })],
      { endpoints: { kinesis: fixture.engine.endpoint }, invoke: fn.invoke, polling: FAST, retryBackoff: QUICK_RETRIES },
    );

    // Act
    await eventually(() => expect(deliveries).toHaveLength(1));
    await fixture.put(stream.name, [{ data: 4 }]);

    // Assess
    await eventually(() => expect(batchesOf(fn.calls)).toEqual([[1, 2, 3], [1, 2, 3], [1, 2, 3], [4]]));
    const [delivery] = deliveries;
    const shardId = 'shardId-000000000000';
    expect(delivery!.targetArn).toBe(DESTINATION);
    expect(delivery!.details).toMatchObject({ reason: 'on-failure', functionName: 'consumer', requestId: fn.calls[2]!.requestId });
    expect(JSON.parse(delivery!.details.body)).toEqual(delivery!.payload);
    expect(delivery!.payload).toEqual({
      requestContext: { requestId: fn.calls[2]!.requestId, functionArn: functionArn(), condition: 'RetryAttemptsExhausted', approximateInvokeCount: 3 },
      responseContext: { statusCode: 200, executedVersion: '$LATEST', functionError: 'Unhandled' },
      version: '1.0',
      timestamp: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
      KinesisBatchInfo: {
        shardId,
        startSequenceNumber: stream.sequence[0],
        endSequenceNumber: stream.sequence[2],
        approximateArrivalOfFirstRecord: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
        approximateArrivalOfLastRecord: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
        batchSize: 3,
        streamArn: stream.arn,
      },
    });
    const arrivals = fn.calls[0]!.event.Records.map(
      (record: { kinesis: { approximateArrivalTimestamp: number } }) => record.kinesis.approximateArrivalTimestamp,
    );
    expect(delivery!.payload.KinesisBatchInfo.approximateArrivalOfFirstRecord).toBe(new Date(arrivals[0] * 1000).toISOString());
  });

  it('discards the batch without a destination when it has none, and still moves on', async () => {
    // Prepare
    const stream = await streamWith([1, 2]);
    const fn = fakeFunction((event: KinesisEvent) => {
      if (kinesisData(event).includes(1)) throw new Error('bad record');
    });

    // Act
    const { deliveries, activitiesOf } = await startMappings([mappingSpec('kinesis', stream.arn, { batchSize: 1, maximumRetryAttempts: 0 })], {
      endpoints: { kinesis: fixture.engine.endpoint },
      invoke: fn.invoke,
      polling: FAST,
    });

    // Assess
    await eventually(() => expect(batchesOf(fn.calls)).toEqual([[1], [2]]));
    expect(activitiesOf('discarded')).toMatchObject([{ condition: 'RetryAttemptsExhausted', count: 1 }]);
    expect(deliveries).toEqual([]);
  });

  it('gives up on records older than MaximumRecordAgeInSeconds, with a RecordAgeExceeded record', async () => {
    // Prepare
    const clock = new ManualClock(Date.now());
    const stream = await streamWith([1, 2]);
    const fn = fakeFunction(() => {
      throw new Error('still failing');
    });
    const { deliveries } = await startMappings(
      [mappingSpec('kinesis', stream.arn, { batchSize: 2, maximumRecordAgeInSeconds: 60, maximumRetryAttempts: -1, onFailureDestination: DESTINATION })],
      { endpoints: { kinesis: fixture.engine.endpoint }, invoke: fn.invoke, clock, polling: FAST, retryBackoff: { initialMs: 10_000, maxMs: 10_000 } },
    );
    await eventually(() => expect(fn.calls).toHaveLength(1));
    const arrivedAt = fn.calls[0]!.event.Records[0].kinesis.approximateArrivalTimestamp * 1000;

    // Act
    await driveUntil(clock, () => clock.now() >= arrivedAt + 59_000, { stepMs: 1_000 });
    const callsWithinAge = fn.calls.length;
    await stillAfter(50, () => expect(deliveries).toEqual([]));
    await driveUntil(clock, () => deliveries.length > 0, { stepMs: 1_000 });

    // Assess
    expect(callsWithinAge).toBeGreaterThanOrEqual(5); // retried every 10 s while the records were young enough
    const { requestContext, KinesisBatchInfo, timestamp } = deliveries[0]!.payload;
    // AWS counts the read that found the records too old as an attempt, and sends no response context.
    expect(requestContext).toMatchObject({ condition: 'RecordAgeExceeded', approximateInvokeCount: fn.calls.length + 1 });
    expect(deliveries[0]!.payload).not.toHaveProperty('responseContext');
    expect(Date.parse(timestamp) - arrivedAt).toBeGreaterThan(60_000);
    expect(KinesisBatchInfo).toMatchObject({ startSequenceNumber: stream.sequence[0], endSequenceNumber: stream.sequence[1], batchSize: 2 });
  });

  it.each([
    { failure: 'batchItemFailures', respond: (event: KinesisEvent) => ({ batchItemFailures: [{ itemIdentifier: event.Records[0]!.kinesis.sequenceNumber }] }) },
    { failure: 'an invalid response', respond: () => ({ batchItemFailures: [{ itemIdentifier: 'not-in-the-batch' }] }) },
  ])('writes functionError null in the on-failure record of a batch that failed through $failure', async ({ respond }) => {
    // Prepare
    const stream = await streamWith([1, 2]);
    const fn = fakeFunction(respond);

    // Act
    const { deliveries } = await startMappings(
      [mappingSpec('kinesis', stream.arn, { batchSize: 2, reportBatchItemFailures: true, maximumRetryAttempts: 1, onFailureDestination: DESTINATION })],
      { endpoints: { kinesis: fixture.engine.endpoint }, invoke: fn.invoke, polling: FAST, retryBackoff: QUICK_RETRIES },
    );

    // Assess
    await eventually(() => expect(deliveries).toHaveLength(1));
    expect(deliveries[0]!.payload.responseContext).toEqual({ statusCode: 200, executedVersion: '$LATEST', functionError: null });
    expect(deliveries[0]!.payload.requestContext).toMatchObject({ condition: 'RetryAttemptsExhausted', approximateInvokeCount: 2 });
  });

  it('counts the read as the only attempt of a batch that was already too old when read, with no response context', async () => {
    // Prepare
    const stream = await streamWith([1]);
    const fn = fakeFunction(() => undefined);
    const twoMinutesLater = new ManualClock(Date.now() + 120_000);

    // Act
    const { deliveries } = await startMappings(
      [mappingSpec('kinesis', stream.arn, { batchSize: 1, maximumRecordAgeInSeconds: 60, onFailureDestination: DESTINATION })],
      { endpoints: { kinesis: fixture.engine.endpoint }, invoke: fn.invoke, clock: twoMinutesLater, polling: FAST },
    );
    await driveUntil(twoMinutesLater, () => deliveries.length > 0, { stepMs: 100 });

    // Assess
    expect(fn.calls).toEqual([]);
    expect(deliveries[0]!.payload.requestContext).toMatchObject({ condition: 'RecordAgeExceeded', approximateInvokeCount: 1 });
    expect(Object.keys(deliveries[0]!.payload)).toEqual(['requestContext', 'version', 'timestamp', 'KinesisBatchInfo']);
  });
});
