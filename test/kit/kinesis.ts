import type { KinesisStreamEvent, KinesisStreamRecord, KinesisStreamTumblingWindowEvent } from 'aws-lambda';
import { arn, isoSeconds, TEST_ACCOUNT, TEST_REGION, type Placement } from './aws.ts';

export interface KinesisRecordOptions extends Placement {
  /** @default 'test-stream' */
  streamName?: string;
  /** @default 'shardId-000000000000' */
  shardId?: string;
  /** @default '1' */
  partitionKey?: string;
  /** @default the next of an increasing sequence, so records built in order are in shard order */
  sequenceNumber?: string;
  /** @default now */
  arrivedAt?: Date;
  /** The role of the event source mapping. @default `arn:aws:iam::<account>:role/lambda-kinesis-role` */
  invokeIdentityArn?: string;
}

// Kinesis sequence numbers are decimal strings that increase within a shard.
let sequence = 49_590_338_271_490_256_608_559_692_538_361_571_095_921_575_989_136_588_898n;

/** Bytes as a producer puts them: a string or bytes as is, anything else as JSON. */
function toBytes(data: unknown): Buffer {
  if (typeof data === 'string') return Buffer.from(data, 'utf8');
  if (data instanceof Uint8Array) return Buffer.from(data);
  return Buffer.from(JSON.stringify(data), 'utf8');
}

/**
 * One Kinesis record as a Lambda event source mapping delivers it
 * (https://docs.aws.amazon.com/lambda/latest/dg/with-kinesis.html): data base64-encoded,
 * `approximateArrivalTimestamp` in seconds (with milliseconds as the fraction).
 *
 * @example
 * const record = kinesisRecord({ type: 'product_view', userId: 'u-1', sku: 'SKU-1', at }, { partitionKey: 'u-1' });
 */
export function kinesisRecord(data: unknown, options: KinesisRecordOptions = {}): KinesisStreamRecord {
  const shardId = options.shardId ?? 'shardId-000000000000';
  const sequenceNumber = options.sequenceNumber ?? String(sequence++);
  return {
    kinesis: {
      kinesisSchemaVersion: '1.0',
      partitionKey: options.partitionKey ?? '1',
      sequenceNumber,
      data: toBytes(data).toString('base64'),
      approximateArrivalTimestamp: (options.arrivedAt ?? new Date()).getTime() / 1000,
    },
    eventSource: 'aws:kinesis',
    eventVersion: '1.0',
    eventID: `${shardId}:${sequenceNumber}`,
    eventName: 'aws:kinesis:record',
    invokeIdentityArn: options.invokeIdentityArn ?? `arn:aws:iam::${options.account ?? TEST_ACCOUNT}:role/lambda-kinesis-role`,
    awsRegion: options.region ?? TEST_REGION,
    eventSourceARN: arn('kinesis', `stream/${options.streamName ?? 'test-stream'}`, options),
  };
}

/** The event a function receives from a Kinesis event source mapping: a batch of records. */
export function kinesisEvent(records: KinesisStreamRecord[]): KinesisStreamEvent {
  return { Records: records };
}

/** A tumbling-window invocation; AWS also sends `shardId` and `eventSourceARN`, missing from @types/aws-lambda. */
export interface KinesisTumblingWindowEvent extends KinesisStreamTumblingWindowEvent {
  state: Record<string, unknown>;
  shardId: string;
  eventSourceARN: string;
}

export interface KinesisWindowOptions extends Placement {
  /** Window start. @default the start of the current minute */
  start?: Date;
  /** Window length in seconds (TumblingWindowInSeconds, 1 to 900). @default 60 */
  seconds?: number;
  /** State returned by the previous invocation of this window. @default {} (first invocation) */
  state?: Record<string, unknown>;
  /** @default 'shardId-000000000000' */
  shardId?: string;
  /** @default 'test-stream' */
  streamName?: string;
  /** Last invocation of the window: the function should act on the aggregate. @default false */
  isFinalInvokeForWindow?: boolean;
  /** The state grew past 1 MB and the window was closed early. @default false */
  isWindowTerminatedEarly?: boolean;
}

/**
 * An invocation of a Kinesis event source mapping with tumbling windows
 * (https://docs.aws.amazon.com/lambda/latest/dg/services-kinesis-windows.html): the records, plus the
 * window, the state carried from the previous invocation and the window flags.
 */
export function kinesisTumblingWindowEvent(records: KinesisStreamRecord[], options: KinesisWindowOptions = {}): KinesisTumblingWindowEvent {
  const seconds = options.seconds ?? 60;
  const start = options.start ?? new Date(Math.floor(Date.now() / 60_000) * 60_000);
  return {
    Records: records,
    window: { start: isoSeconds(start), end: isoSeconds(new Date(start.getTime() + seconds * 1000)) },
    state: options.state ?? {},
    shardId: options.shardId ?? 'shardId-000000000000',
    eventSourceARN: arn('kinesis', `stream/${options.streamName ?? 'test-stream'}`, options),
    isFinalInvokeForWindow: options.isFinalInvokeForWindow ?? false,
    isWindowTerminatedEarly: options.isWindowTerminatedEarly ?? false,
  };
}
