import { KINESIS_DEFAULT_MAX_RECORD_BYTES, PUT_RECORDS_MAX_RECORDS, PUT_RECORDS_MAX_REQUEST_BYTES } from '../aws/limits.ts';

const MiB = 1024 * 1024;

/**
 * Kinesis Data Streams limits that the local engine enforces or works around.
 * Sources: the PutRecords API reference (as carried in @aws-sdk/client-kinesis's PutRecordsCommand
 * doc) and https://docs.aws.amazon.com/streams/latest/dev/service-sizes-and-limits.html
 */
export const KINESIS_LIMITS = {
  /** Records in one PutRecords request. */
  putRecordsMaxRecords: PUT_RECORDS_MAX_RECORDS,
  /** One PutRecords request: data blobs (before base64) plus partition keys. */
  putRecordsMaxBytes: PUT_RECORDS_MAX_REQUEST_BYTES,
  /** A record's data, by default; a stream's MaxRecordSizeInKiB can raise it to 10 MiB (kinesalite cannot). */
  defaultMaxRecordBytes: KINESIS_DEFAULT_MAX_RECORD_BYTES,
  /** The lowest default shard quota per account and region (1,000; 6,000 or 20,000 in some regions). */
  defaultShardQuota: 1_000,
} as const;

/**
 * kinesalite answers any request body above 7 MiB with a bare HTTP 413 (its index.js
 * `MAX_REQUEST_BYTES`): ~5 MiB of base64-encoded data, the PutRecords limit before AWS raised it
 * to 10 MiB. The front splits larger PutRecords requests below this size.
 */
export const KINESALITE_MAX_REQUEST_BYTES = 7 * MiB;
