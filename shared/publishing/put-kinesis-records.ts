import { PutRecordsCommand, type KinesisClient, type PutRecordsRequestEntry } from '@aws-sdk/client-kinesis';
import { InvalidRecordError, PutRecordsFailedError, RecordTooLargeError } from './errors.ts';
import {
  KINESIS_DEFAULT_MAX_RECORD_BYTES,
  KINESIS_MAX_PARTITION_KEY_LENGTH,
  KINESIS_MAX_RECORD_BYTES_LIMIT,
  PUT_RECORDS_MAX_RECORDS,
  PUT_RECORDS_MAX_REQUEST_BYTES,
} from './limits.ts';
import { packBatches } from './pack-batches.ts';
import { retryFailedItems, type ItemOutcome, type RetryOptions } from './retry.ts';
import type { FailedRecord, PutRecord } from './types.ts';

/** One record to write. */
export interface KinesisRecordInput {
  /** An object is written as its JSON, a string as its UTF-8 bytes, bytes as they are. */
  data: object | Uint8Array | string;
  /** Records with the same key go to the same shard, in order (e.g. the user id). */
  partitionKey: string;
  /** Overrides the partition key's hash to pick the shard explicitly. */
  explicitHashKey?: string;
}

/** The stream, by ARN (what AWS recommends) or by name. */
export type StreamTarget = { streamArn: string; streamName?: never } | { streamName: string; streamArn?: never };

export type PutKinesisRecordsOptions = StreamTarget &
  RetryOptions & {
    /** Created once per execution environment by the caller, never per call. */
    client: KinesisClient;
    /**
     * The stream's maximum record size (data + partition key), when it was raised for large records.
     * @default KINESIS_DEFAULT_MAX_RECORD_BYTES (1 MiB), every stream's default
     */
    maxRecordBytes?: number;
    /**
     * Throw `PutRecordsFailedError` when any record is still failing after its retries, instead of
     * returning it in `failed`.
     * @default false
     */
    throwOnFailure?: boolean;
  };

export interface PutKinesisRecordsResult {
  /** Records written, in input order. */
  succeeded: PutRecord[];
  /** Records not written, in input order, each with the reason. Empty when all were written. */
  failed: FailedRecord[];
}

/*
 * Codes worth another try. Per record, PutRecords reports only ProvisionedThroughputExceededException
 * and InternalFailure: https://docs.aws.amazon.com/kinesis/latest/APIReference/API_PutRecordsResultEntry.html
 * KMSThrottlingException fails a whole call (https://docs.aws.amazon.com/kinesis/latest/APIReference/API_PutRecords.html)
 * and the SDK does not count it as throttling, so its records are retried here.
 */
const RETRYABLE_ERROR_CODES: ReadonlySet<string> = new Set(['ProvisionedThroughputExceededException', 'InternalFailure', 'KMSThrottlingException']);

interface Pending {
  index: number;
  entry: PutRecordsRequestEntry;
  size: number;
}

/**
 * Writes records to a Kinesis stream and reports the outcome of each one, by its position in the input.
 *
 * Every record is checked first (partition key, size against `maxRecordBytes`), so a bad record
 * fails the call before anything is sent. Records are packed, in order, into `PutRecords` calls of at
 * most 500 records and 10 MiB; the records of a call that failed with a retryable code (throughput
 * exceeded, internal failure) are retried alone, with exponential backoff and full jitter.
 *
 * Ordering: `PutRecords` does not guarantee order within a call, and a retried record lands after
 * records sent later with the same partition key. Consumers that need order sort on a timestamp.
 *
 * @throws InvalidRecordError / RecordTooLargeError naming the record's index; nothing sent.
 * @throws PutRecordsFailedError only with `throwOnFailure: true`; otherwise failures are in `failed`.
 * @example
 * const { succeeded, failed } = await putKinesisRecords(
 *   events.map((e) => ({ data: e, partitionKey: e.userId })),
 *   { client: kinesis, streamArn: process.env.ACTIVITY_STREAM_ARN! },
 * );
 * return { accepted: succeeded.length, rejected: failed.map(({ index, errorMessage }) => ({ index, reason: errorMessage })) };
 */
export async function putKinesisRecords(records: readonly KinesisRecordInput[], options: PutKinesisRecordsOptions): Promise<PutKinesisRecordsResult> {
  const maxRecordBytes = options.maxRecordBytes ?? KINESIS_DEFAULT_MAX_RECORD_BYTES;
  if (!(maxRecordBytes > 0 && maxRecordBytes <= KINESIS_MAX_RECORD_BYTES_LIMIT)) {
    throw new RangeError(`maxRecordBytes must be between 1 and ${KINESIS_MAX_RECORD_BYTES_LIMIT}, got ${maxRecordBytes}`);
  }
  const pending = records.map((record, index) => toPending(record, index, maxRecordBytes));
  const stream = 'streamArn' in options && options.streamArn !== undefined ? { StreamARN: options.streamArn } : { StreamName: options.streamName };

  const succeeded: PutRecord[] = [];
  const failed: FailedRecord[] = [];
  for (const batch of packBatches(pending, (p) => p.size, { maxCount: PUT_RECORDS_MAX_RECORDS, maxBytes: PUT_RECORDS_MAX_REQUEST_BYTES })) {
    const report = await retryFailedItems(
      batch,
      async (items): Promise<ItemOutcome<Omit<PutRecord, 'index'>>[]> => {
        const response = await options.client.send(new PutRecordsCommand({ ...stream, Records: items.map((p) => p.entry) }));
        // Result records match request records by position.
        return (response.Records ?? []).map((result) => {
          if (result.ErrorCode) return { ok: false, errorCode: result.ErrorCode, errorMessage: result.ErrorMessage ?? '' };
          if (result.SequenceNumber && result.ShardId) return { ok: true, value: { shardId: result.ShardId, sequenceNumber: result.SequenceNumber } };
          return { ok: false, errorCode: 'MissingSequenceNumber', errorMessage: 'The result record has neither a SequenceNumber nor an ErrorCode' };
        });
      },
      (code) => RETRYABLE_ERROR_CODES.has(code),
      options,
    );
    for (const { item, value } of report.succeeded) succeeded.push({ index: item.index, ...value });
    for (const { item, errorCode, errorMessage } of report.failed) failed.push({ index: item.index, errorCode, errorMessage });
  }

  const result = { succeeded: succeeded.sort((a, b) => a.index - b.index), failed: failed.sort((a, b) => a.index - b.index) };
  if (options.throwOnFailure && result.failed.length > 0)
    throw new PutRecordsFailedError(
      result.failed,
      result.succeeded.map((s) => s.index),
    );
  return result;
}

function toPending(record: KinesisRecordInput, index: number, maxRecordBytes: number): Pending {
  const { partitionKey, explicitHashKey } = record;
  // Counted in code points; https://docs.aws.amazon.com/kinesis/latest/APIReference/API_PutRecordsRequestEntry.html
  const keyLength = typeof partitionKey === 'string' ? [...partitionKey].length : 0;
  if (keyLength < 1 || keyLength > KINESIS_MAX_PARTITION_KEY_LENGTH) {
    throw new InvalidRecordError(index, `the partition key must be 1 to ${KINESIS_MAX_PARTITION_KEY_LENGTH} characters, got ${JSON.stringify(partitionKey)}`);
  }
  const data = toBytes(record.data);
  // The record size limit covers the data blob and the partition key, not the explicit hash key.
  const size = data.byteLength + Buffer.byteLength(partitionKey, 'utf8');
  if (size > maxRecordBytes) throw new RecordTooLargeError(index, size, maxRecordBytes);
  const entry: PutRecordsRequestEntry = { Data: data, PartitionKey: partitionKey };
  if (explicitHashKey !== undefined) entry.ExplicitHashKey = explicitHashKey;
  return { index, entry, size };
}

function toBytes(data: KinesisRecordInput['data']): Uint8Array {
  if (data instanceof Uint8Array) return data;
  if (typeof data === 'string') return Buffer.from(data, 'utf8');
  return Buffer.from(JSON.stringify(data), 'utf8');
}
