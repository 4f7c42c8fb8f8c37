import { KinesisDataStreamSchema } from '@aws-lambda-powertools/parser/schemas/kinesis';
import { describe, expect, it } from 'vitest';
import { kinesisEvent, kinesisRecord, kinesisTumblingWindowEvent } from '../../aws/events/index.ts';

const activity = { type: 'product_view', userId: 'u-1', sku: 'SKU-1', at: '2026-11-28T12:00:00.000Z' };

describe('kinesisRecord', () => {
  it('builds records the Powertools Kinesis schema accepts, decoding the data back to the JSON put', () => {
    // Act
    const parsed = KinesisDataStreamSchema.parse(kinesisEvent([kinesisRecord(activity, { partitionKey: 'u-1' })]));

    // Assess
    expect(parsed.Records[0]?.kinesis.data).toEqual(activity);
  });

  it('base64-encodes the data, a string as is and anything else as JSON', () => {
    expect(Buffer.from(kinesisRecord('hello').kinesis.data, 'base64').toString()).toBe('hello');
    expect(Buffer.from(kinesisRecord(activity).kinesis.data, 'base64').toString()).toBe(JSON.stringify(activity));
  });

  it('numbers records in increasing sequence, each event id being shard:sequence', () => {
    // Act
    const [first, second] = [kinesisRecord(activity), kinesisRecord(activity)];

    // Assess
    expect(BigInt(second!.kinesis.sequenceNumber)).toBeGreaterThan(BigInt(first!.kinesis.sequenceNumber));
    expect(first!.eventID).toBe(`shardId-000000000000:${first!.kinesis.sequenceNumber}`);
  });

  it('gives the arrival time in seconds, milliseconds as the fraction', () => {
    const record = kinesisRecord(activity, { arrivedAt: new Date(1_607_497_475_123) });

    expect(record.kinesis.approximateArrivalTimestamp).toBe(1_607_497_475.123);
  });

  it('uses the kinesis record envelope Lambda sends', () => {
    expect(kinesisRecord(activity, { streamName: 'activity' })).toMatchObject({
      eventSource: 'aws:kinesis',
      eventVersion: '1.0',
      eventName: 'aws:kinesis:record',
      eventSourceARN: 'arn:aws:kinesis:us-east-1:123456789012:stream/activity',
      invokeIdentityArn: 'arn:aws:iam::123456789012:role/lambda-kinesis-role',
      kinesis: { kinesisSchemaVersion: '1.0', partitionKey: '1' },
    });
  });
});

describe('kinesisTumblingWindowEvent', () => {
  it('builds an invocation the Powertools Kinesis schema accepts, window fields included', () => {
    // Act
    const event = kinesisTumblingWindowEvent([kinesisRecord(activity)], { state: { 'SKU-1': 3 } });

    // Assess
    const parsed = KinesisDataStreamSchema.parse(event);
    expect(parsed.state).toEqual({ 'SKU-1': 3 });
  });

  it('carries the window, the shard, the stream and the window flags', () => {
    // Act
    const event = kinesisTumblingWindowEvent([kinesisRecord(activity)], {
      start: new Date('2026-11-28T12:00:00Z'),
      seconds: 120,
      isFinalInvokeForWindow: true,
      streamName: 'activity',
    });

    // Assess
    expect(event).toMatchObject({
      window: { start: '2026-11-28T12:00:00Z', end: '2026-11-28T12:02:00Z' },
      state: {},
      shardId: 'shardId-000000000000',
      eventSourceARN: 'arn:aws:kinesis:us-east-1:123456789012:stream/activity',
      isFinalInvokeForWindow: true,
      isWindowTerminatedEarly: false,
    });
  });
});
