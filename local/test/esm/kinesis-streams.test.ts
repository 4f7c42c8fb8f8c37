import { KinesisDataStreamSchema } from '@aws-lambda-powertools/parser/schemas/kinesis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../clock.ts';
import { fakeFunction } from './support/fake-function.ts';
import { eventually, startMappings, stillAfter } from './support/harness.ts';
import { kinesisData, kinesisFixture, type KinesisFixture } from './support/kinesis-streams.ts';
import { ACCOUNT, FUNCTION_NAME, mappingSpec, REGION } from './support/topology.ts';

type KinesisEvent = { Records: { eventID: string; kinesis: { data: string; sequenceNumber: string; partitionKey: string } }[] };

const FAST = { kinesisIntervalMs: 20 };

describe('Kinesis event source mapping', () => {
  let fixture: KinesisFixture;
  beforeAll(async () => {
    fixture = await kinesisFixture();
  });
  afterAll(async () => {
    await fixture?.stop();
  });

  it('sends each record as the record AWS puts in a Kinesis event', async () => {
    // Prepare
    const arn = await fixture.createStream('shapes');
    const before = Date.now();
    const [put] = await fixture.put('shapes', [{ data: { sku: 'SKU-1' }, partitionKey: 'user-1' }]);
    const fn = fakeFunction();

    // Act
    await startMappings([mappingSpec('kinesis', arn)], { endpoints: { kinesis: fixture.engine.endpoint }, invoke: fn.invoke, polling: FAST });

    // Assess
    await eventually(() => expect(fn.calls).toHaveLength(1));
    const event = fn.calls[0]!.event;
    expect(event).toEqual({
      Records: [
        {
          kinesis: {
            kinesisSchemaVersion: '1.0',
            partitionKey: 'user-1',
            sequenceNumber: put!.sequenceNumber,
            data: Buffer.from('{"sku":"SKU-1"}').toString('base64'),
            approximateArrivalTimestamp: expect.any(Number),
          },
          eventSource: 'aws:kinesis',
          eventVersion: '1.0',
          eventID: `${put!.shardId}:${put!.sequenceNumber}`,
          eventName: 'aws:kinesis:record',
          invokeIdentityArn: `arn:aws:iam::${ACCOUNT}:role/${FUNCTION_NAME}-role`,
          awsRegion: REGION,
          eventSourceARN: arn,
        },
      ],
    });
    const arrival = event.Records[0].kinesis.approximateArrivalTimestamp;
    expect(arrival * 1000).toBeGreaterThanOrEqual(before - 1_000);
    expect(arrival * 1000).toBeLessThanOrEqual(Date.now());
    expect(KinesisDataStreamSchema.safeParse(event).success).toBe(true);
  });

  it.each([
    ['TRIM_HORIZON', ['old', 'middle', 'new']],
    ['LATEST', ['new']],
    ['AT_TIMESTAMP', ['middle', 'new']],
  ] as const)('starts reading at %s', async (startingPosition, expected) => {
    // Prepare
    const name = `positions-${startingPosition.toLowerCase()}`;
    const arn = await fixture.createStream(name);
    await fixture.put(name, [{ data: 'old' }]);
    await new Promise((resolve) => setTimeout(resolve, 30));
    const timestamp = Date.now() / 1000;
    await new Promise((resolve) => setTimeout(resolve, 30));
    await fixture.put(name, [{ data: 'middle' }]);
    const fn = fakeFunction();
    const { activitiesOf } = await startMappings(
      [mappingSpec('kinesis', arn, { startingPosition, ...(startingPosition === 'AT_TIMESTAMP' ? { startingPositionTimestamp: timestamp } : {}) })],
      { endpoints: { kinesis: fixture.engine.endpoint }, invoke: fn.invoke, polling: FAST },
    );
    await eventually(() => expect(activitiesOf('shard-started')).toHaveLength(1));

    // Act
    await fixture.put(name, [{ data: 'new' }]);

    // Assess
    await eventually(() => expect(fn.calls.flatMap((call) => kinesisData(call.event))).toContain('new'));
    expect(fn.calls.flatMap((call) => kinesisData(call.event))).toEqual(expected);
  });

  it('keeps each shard in order: one batch at a time per shard, sequence numbers increasing, each record once', async () => {
    // Prepare
    const arn = await fixture.createStream('ordering', 2);
    const keys = ['u1', 'u2', 'u3', 'u4', 'u5', 'u6'];
    const records = Array.from({ length: 30 }, (_, i) => ({ data: { key: keys[i % keys.length], n: i }, partitionKey: keys[i % keys.length]! }));
    const puts = await fixture.put('ordering', records);
    const inFlight = new Set<string>();
    const overlaps: string[] = [];
    const fn = fakeFunction(async (event: KinesisEvent) => {
      const shard = event.Records[0]!.eventID.split(':')[0]!;
      if (inFlight.has(shard)) overlaps.push(shard);
      inFlight.add(shard);
      await new Promise((resolve) => setTimeout(resolve, 10));
      inFlight.delete(shard);
    });

    // Act
    await startMappings([mappingSpec('kinesis', arn, { batchSize: 4 })], { endpoints: { kinesis: fixture.engine.endpoint }, invoke: fn.invoke, polling: FAST });

    // Assess
    await eventually(() => expect(fn.calls.flatMap((call) => call.event.Records)).toHaveLength(30));
    const batches = fn.calls.map((call) => call.event as KinesisEvent);
    expect(overlaps).toEqual([]);
    expect(new Set(puts.map((put) => put.shardId)).size).toBe(2);
    for (const shardId of new Set(puts.map((put) => put.shardId))) {
      const shardBatches = batches.filter((batch) => batch.Records[0]!.eventID.startsWith(`${shardId}:`));
      expect(shardBatches.every((batch) => batch.Records.every((record) => record.eventID.startsWith(`${shardId}:`)))).toBe(true);
      const seen = shardBatches.flatMap((batch) => batch.Records.map((record) => record.kinesis.sequenceNumber));
      expect(seen).toEqual(puts.filter((put) => put.shardId === shardId).map((put) => put.sequenceNumber));
    }
    for (const key of keys) {
      const order = batches.flatMap((batch) =>
        kinesisData(batch)
          .filter((data) => data.key === key)
          .map((data) => data.n),
      );
      expect(order).toEqual(records.filter((record) => record.partitionKey === key).map((record) => record.data.n));
    }
    expect(fn.calls.every((call) => call.event.Records.length <= 4)).toBe(true);
  });

  it('gathers records for the batching window before invoking', async () => {
    // Prepare
    const clock = new ManualClock(Date.now());
    const arn = await fixture.createStream('window');
    const fn = fakeFunction();
    await startMappings([mappingSpec('kinesis', arn, { maximumBatchingWindowSeconds: 5 })], {
      endpoints: { kinesis: fixture.engine.endpoint },
      invoke: fn.invoke,
      clock,
      polling: { kinesisIntervalMs: 100 },
    });
    await eventually(() => expect(clock.pending).toBe(2)); // the shard poller and the shard discovery wait on the clock

    // Act
    await fixture.put('window', [{ data: 'first' }]);
    await clock.advance(100); // the poller reads "first": the window opens
    await stillAfter(100, () => expect(fn.calls).toHaveLength(0));
    await fixture.put('window', [{ data: 'second' }]);
    await clock.advance(1_000);
    await stillAfter(200, () => expect(fn.calls).toHaveLength(0));
    await clock.advance(5_000);

    // Assess
    await eventually(() => expect(fn.calls).toHaveLength(1));
    expect(kinesisData(fn.calls[0]!.event)).toEqual(['first', 'second']);
  });

  it('skips records the filter criteria reject and moves on past them', async () => {
    // Prepare
    const arn = await fixture.createStream('filtered');
    await fixture.put('filtered', [{ data: { amount: 5 } }, { data: { amount: 500 } }, { data: { amount: 7 } }, { data: { amount: 900 } }]);
    const fn = fakeFunction();

    // Act
    const { activitiesOf } = await startMappings([mappingSpec('kinesis', arn, { filterPatterns: [{ data: { amount: [{ numeric: ['>=', 100] }] } }] })], {
      endpoints: { kinesis: fixture.engine.endpoint },
      invoke: fn.invoke,
      polling: FAST,
    });

    // Assess
    await eventually(() => expect(fn.calls.flatMap((call) => kinesisData(call.event))).toEqual([{ amount: 500 }, { amount: 900 }]));
    expect(activitiesOf('filtered').reduce((total, activity) => total + activity.count, 0)).toBe(2);
  });
});
