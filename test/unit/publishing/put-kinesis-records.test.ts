import { KinesisClient, PutRecordsCommand, type PutRecordsCommandInput, type PutRecordsResultEntry } from '@aws-sdk/client-kinesis';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { ActivityRecord } from '../../../shared/events/index.ts';
import {
  InvalidRecordError,
  KINESIS_DEFAULT_MAX_RECORD_BYTES,
  PUT_RECORDS_MAX_REQUEST_BYTES,
  PutRecordsFailedError,
  putKinesisRecords,
  RecordTooLargeError,
  type KinesisRecordInput,
  type PutKinesisRecordsOptions,
} from '../../../shared/publishing/index.ts';
import { instantRetry } from './fixtures.ts';

const kinesis = mockClient(KinesisClient);
const client = new KinesisClient({});
const streamArn = 'arn:aws:kinesis:us-east-1:123456789012:stream/activity';

/** One activity record, validated by the catalog schema, keyed by user. */
function activity(n: number): KinesisRecordInput {
  const record = ActivityRecord.parse({ type: 'product_view', userId: `user-${n}`, sku: 'SKU-1', at: '2026-03-02T10:00:00.000Z' });
  return { data: record, partitionKey: record.userId };
}

/** A record weighing exactly `bytes`, data plus partition key, tagged with `n` to follow it. */
function recordOfSize(n: number, bytes: number): KinesisRecordInput {
  const partitionKey = `user-${n}`;
  return { data: new Uint8Array(bytes - partitionKey.length), partitionKey };
}

function options(extra: Partial<PutKinesisRecordsOptions> = {}): PutKinesisRecordsOptions {
  return { client, streamArn, ...instantRetry(), ...extra } as PutKinesisRecordsOptions;
}

const inputOf = (n: number) => kinesis.commandCalls(PutRecordsCommand)[n]?.args[0].input as PutRecordsCommandInput;
const keysOfCall = (n: number) => (inputOf(n).Records ?? []).map((r) => r.PartitionKey);

/**
 * Makes the mocked Kinesis answer one result per record, in order: written unless
 * `failures[partitionKey]` still holds error codes, in which case it fails with the next one.
 */
function answerPutRecords(failures: Record<string, string[]> = {}): void {
  const remaining = new Map(Object.entries(failures).map(([key, codes]) => [key, [...codes]]));
  let sequence = 0;
  kinesis.on(PutRecordsCommand).callsFake((input: PutRecordsCommandInput) => {
    const Records = (input.Records ?? []).map((record): PutRecordsResultEntry => {
      const code = remaining.get(record.PartitionKey ?? '')?.shift();
      return code
        ? { ErrorCode: code, ErrorMessage: `${code} for ${record.PartitionKey}` }
        : { ShardId: 'shardId-000000000000', SequenceNumber: String(++sequence) };
    });
    return { FailedRecordCount: Records.filter((r) => r.ErrorCode).length, Records };
  });
}

describe('putKinesisRecords', () => {
  afterEach(() => kinesis.reset());

  describe('packing', () => {
    it('sends 501 records in 2 PutRecords calls of 500 and 1, in order', async () => {
      // Prepare
      answerPutRecords();
      const records = Array.from({ length: 501 }, (_, i) => activity(i));

      // Act
      const { succeeded, failed } = await putKinesisRecords(records, options());

      // Assess
      expect(kinesis.commandCalls(PutRecordsCommand).map((c) => c.args[0].input.Records?.length)).toEqual([500, 1]);
      expect([...keysOfCall(0), ...keysOfCall(1)]).toEqual(records.map((r) => r.partitionKey));
      expect(succeeded.map((s) => s.index)).toEqual(records.map((_, i) => i));
      expect(failed).toEqual([]);
    });

    it('closes a call before its records go over 10 MiB, partition keys included', async () => {
      // Prepare: 1 MiB records, so 10 fill a call exactly; the 11th starts the next one.
      answerPutRecords();
      const records = Array.from({ length: 11 }, (_, i) => recordOfSize(i, KINESIS_DEFAULT_MAX_RECORD_BYTES));
      expect(10 * KINESIS_DEFAULT_MAX_RECORD_BYTES).toBe(PUT_RECORDS_MAX_REQUEST_BYTES);

      // Act
      await putKinesisRecords(records, options());

      // Assess
      expect(kinesis.commandCalls(PutRecordsCommand).map((c) => c.args[0].input.Records?.length)).toEqual([10, 1]);
      expect(keysOfCall(1)).toEqual(['user-10']);
    });

    it.each([
      ['an object, as its JSON', { sku: 'é' }, '{"sku":"é"}'],
      ['a string, as its UTF-8 bytes', 'plain é', 'plain é'],
      ['bytes, as they are', new Uint8Array([104, 105]), 'hi'],
    ])('writes %s', async (_case, data, expected) => {
      answerPutRecords();

      await putKinesisRecords([{ data, partitionKey: 'k', explicitHashKey: '42' }], options());

      const [record] = inputOf(0).Records ?? [];
      expect(Buffer.from(record?.Data as Uint8Array).toString('utf8')).toBe(expected);
      expect(record).toMatchObject({ PartitionKey: 'k', ExplicitHashKey: '42' });
    });

    it.each([
      ['its ARN', { streamArn }, { StreamARN: streamArn }],
      ['its name', { streamName: 'activity', streamArn: undefined }, { StreamName: 'activity' }],
    ])('addresses the stream by %s', async (_case, target, expected) => {
      answerPutRecords();

      await putKinesisRecords([activity(1)], options(target as Partial<PutKinesisRecordsOptions>));

      expect(inputOf(0)).toMatchObject(expected);
      expect(Object.keys(inputOf(0)).sort()).toEqual([...Object.keys(expected), 'Records'].sort());
    });
  });

  describe('partial failures', () => {
    it('retries only the records that failed, and reports each outcome by input index', async () => {
      // Prepare
      answerPutRecords({ 'user-1': ['ProvisionedThroughputExceededException'], 'user-3': ['InternalFailure', 'InternalFailure'] });
      const retry = instantRetry([0.5]);

      // Act
      const { succeeded, failed } = await putKinesisRecords([0, 1, 2, 3].map(activity), options({ ...retry, baseDelayMs: 100 }));

      // Assess
      expect([0, 1, 2].map(keysOfCall)).toEqual([['user-0', 'user-1', 'user-2', 'user-3'], ['user-1', 'user-3'], ['user-3']]);
      expect(retry.delays).toEqual([50, 100]);
      expect(succeeded.map((s) => s.index)).toEqual([0, 1, 2, 3]);
      expect(succeeded[0]).toEqual({ index: 0, shardId: 'shardId-000000000000', sequenceNumber: '1' });
      expect(failed).toEqual([]);
    });

    it('returns the records still failing after maxAttempts with their index, code and message', async () => {
      answerPutRecords({ 'user-2': ['ProvisionedThroughputExceededException', 'ProvisionedThroughputExceededException'] });

      const { succeeded, failed } = await putKinesisRecords([0, 1, 2].map(activity), options({ maxAttempts: 2 }));

      expect(kinesis.commandCalls(PutRecordsCommand)).toHaveLength(2);
      expect(succeeded.map((s) => s.index)).toEqual([0, 1]);
      expect(failed).toEqual([
        { index: 2, errorCode: 'ProvisionedThroughputExceededException', errorMessage: 'ProvisionedThroughputExceededException for user-2' },
      ]);
    });

    it('does not retry a code outside the retryable ones', async () => {
      answerPutRecords({ 'user-0': ['ValidationException'] });

      const { failed } = await putKinesisRecords([activity(0)], options());

      expect(kinesis.commandCalls(PutRecordsCommand)).toHaveLength(1);
      expect(failed.map((f) => f.errorCode)).toEqual(['ValidationException']);
    });

    it('retries a call that KMS throttled as a whole', async () => {
      kinesis
        .on(PutRecordsCommand)
        .rejectsOnce(Object.assign(new Error('Rate exceeded'), { name: 'KMSThrottlingException' }))
        .resolves({ FailedRecordCount: 0, Records: [{ ShardId: 's', SequenceNumber: '1' }] });

      const { succeeded } = await putKinesisRecords([activity(0)], options());

      expect(kinesis.commandCalls(PutRecordsCommand)).toHaveLength(2);
      expect(succeeded.map((s) => s.index)).toEqual([0]);
    });

    it('throws PutRecordsFailedError with the indexes when asked to fail on any failure', async () => {
      answerPutRecords({ 'user-1': ['InternalFailure'] });

      const putting = putKinesisRecords([0, 1].map(activity), options({ maxAttempts: 1, throwOnFailure: true }));

      await expect(putting).rejects.toThrow(PutRecordsFailedError);
      await expect(putting).rejects.toMatchObject({
        failed: [{ index: 1, errorCode: 'InternalFailure', errorMessage: 'InternalFailure for user-1' }],
        succeededIndexes: [0],
        message: '1 of 2 records not put: record 1 (InternalFailure: InternalFailure for user-1)',
      });
    });
  });

  describe('validation', () => {
    it('rejects a record over the maximum record size, naming its index and size, before any call', async () => {
      const records = [activity(0), recordOfSize(1, KINESIS_DEFAULT_MAX_RECORD_BYTES + 1)];

      const putting = putKinesisRecords(records, options());

      await expect(putting).rejects.toThrow(RecordTooLargeError);
      await expect(putting).rejects.toThrow(`Record 1 cannot be put: it is ${KINESIS_DEFAULT_MAX_RECORD_BYTES + 1} bytes (data + partition key)`);
      expect(kinesis.calls().length).toBe(0);
    });

    it('accepts the same record on a stream whose maximum record size was raised', async () => {
      answerPutRecords();

      const { succeeded } = await putKinesisRecords(
        [recordOfSize(1, 2 * KINESIS_DEFAULT_MAX_RECORD_BYTES)],
        options({ maxRecordBytes: 10 * KINESIS_DEFAULT_MAX_RECORD_BYTES }),
      );

      expect(succeeded.map((s) => s.index)).toEqual([0]);
    });

    it.each([0, 10 * KINESIS_DEFAULT_MAX_RECORD_BYTES + 1])('refuses a maxRecordBytes of %i, outside what a stream can be set to', async (maxRecordBytes) => {
      await expect(putKinesisRecords([activity(0)], options({ maxRecordBytes }))).rejects.toThrow(RangeError);
    });

    it.each([
      ['empty', ''],
      ['over 256 characters', 'k'.repeat(257)],
    ])('rejects a partition key that is %s, naming the record, before any call', async (_case, partitionKey) => {
      const putting = putKinesisRecords([activity(0), { data: {}, partitionKey }], options());

      await expect(putting).rejects.toThrow(InvalidRecordError);
      await expect(putting).rejects.toThrow(/^Record 1 cannot be put: the partition key must be 1 to 256 characters/);
      expect(kinesis.calls().length).toBe(0);
    });
  });
});
