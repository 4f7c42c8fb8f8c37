import type { _Record as SdkKinesisRecord } from '@aws-sdk/client-kinesis';
import type { KinesisStreamEvent, KinesisStreamRecord, KinesisStreamTumblingWindowEvent } from 'aws-lambda';
import { arn, isoSeconds, DEFAULT_ACCOUNT, DEFAULT_REGION, type Placement } from './common.ts';

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
  return record(
    {
      partitionKey: options.partitionKey ?? '1',
      sequenceNumber: options.sequenceNumber ?? String(sequence++),
      data: toBytes(data),
      arrivedAtMs: (options.arrivedAt ?? new Date()).getTime(),
    },
    options.shardId ?? 'shardId-000000000000',
    {
      arn: arn('kinesis', `stream/${options.streamName ?? 'test-stream'}`, options),
      region: options.region ?? DEFAULT_REGION,
      invokeIdentityArn: options.invokeIdentityArn ?? `arn:aws:iam::${options.account ?? DEFAULT_ACCOUNT}:role/lambda-kinesis-role`,
    },
  );
}

/** Where the records come from: the stream's ARN as the function sees it, its region, and the mapping's role. */
export interface KinesisSource {
  arn: string;
  region: string;
  invokeIdentityArn: string;
}

/**
 * A record as the SDK's GetRecords returns it (timestamps as Dates, data as bytes), as a record of the event
 * Lambda sends: what the runtime's Kinesis event source mapping delivers.
 */
export function kinesisRecordOf(raw: SdkKinesisRecord, shardId: string, source: KinesisSource): KinesisStreamRecord {
  return record(
    {
      partitionKey: raw.PartitionKey ?? '',
      sequenceNumber: raw.SequenceNumber ?? '',
      data: raw.Data ?? new Uint8Array(),
      arrivedAtMs: raw.ApproximateArrivalTimestamp?.getTime() ?? 0,
    },
    shardId,
    source,
  );
}

/** The record, keys in Lambda's order; `eventID` is the shard and the sequence number. */
function record(
  parts: { partitionKey: string; sequenceNumber: string; data: Uint8Array; arrivedAtMs: number },
  shardId: string,
  source: KinesisSource,
): KinesisStreamRecord {
  return {
    kinesis: {
      kinesisSchemaVersion: '1.0',
      partitionKey: parts.partitionKey,
      sequenceNumber: parts.sequenceNumber,
      data: Buffer.from(parts.data).toString('base64'),
      approximateArrivalTimestamp: parts.arrivedAtMs / 1000,
    },
    eventSource: 'aws:kinesis',
    eventVersion: '1.0',
    eventID: `${shardId}:${parts.sequenceNumber}`,
    eventName: 'aws:kinesis:record',
    invokeIdentityArn: source.invokeIdentityArn,
    awsRegion: source.region,
    eventSourceARN: source.arn,
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
  const start = (options.start ?? new Date(Math.floor(Date.now() / 60_000) * 60_000)).getTime();
  return {
    Records: records,
    ...tumblingWindowFields({
      window: { start, end: start + seconds * 1000 },
      state: options.state ?? {},
      shardId: options.shardId ?? 'shardId-000000000000',
      eventSourceArn: arn('kinesis', `stream/${options.streamName ?? 'test-stream'}`, options),
      final: options.isFinalInvokeForWindow ?? false,
      terminatedEarly: options.isWindowTerminatedEarly ?? false,
    }),
  } as KinesisTumblingWindowEvent;
}

/** The fields Lambda adds after `Records` to the event of a mapping with tumbling windows (Kinesis and DynamoDB streams). */
export interface TumblingWindowFields {
  window: { start: string; end: string };
  state: Record<string, unknown>;
  shardId: string;
  eventSourceARN: string;
  isFinalInvokeForWindow: boolean;
  isWindowTerminatedEarly: boolean;
}

/**
 * Those fields in AWS's order; window bounds to the second, without milliseconds (`2020-12-09T07:04:00Z`).
 * https://docs.aws.amazon.com/lambda/latest/dg/services-kinesis-windows.html
 */
export function tumblingWindowFields(input: {
  /** Epoch milliseconds, start inclusive, end exclusive. */
  window: { start: number; end: number };
  state: Record<string, unknown>;
  shardId: string;
  eventSourceArn: string;
  final: boolean;
  terminatedEarly: boolean;
}): TumblingWindowFields {
  return {
    window: { start: isoSeconds(input.window.start), end: isoSeconds(input.window.end) },
    state: input.state,
    shardId: input.shardId,
    eventSourceARN: input.eventSourceArn,
    isFinalInvokeForWindow: input.final,
    isWindowTerminatedEarly: input.terminatedEarly,
  };
}
