/*
 * Every AWS limit the publishers respect, once, with the page that states it.
 * Sizes are in bytes; "MiB" means 1,048,576 bytes.
 */

const MiB = 1024 * 1024;

/**
 * Entries in one `PutEvents` call (the `Entries` array holds 1 to 10 items).
 * https://docs.aws.amazon.com/eventbridge/latest/APIReference/API_PutEvents.html
 */
export const PUT_EVENTS_MAX_ENTRIES = 10;

/**
 * Total size of the entries of one `PutEvents` call, each entry sized as
 * https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-putevent-size.html documents.
 * Raised from 256 KB to 1 MB on 29 January 2026:
 * https://aws.amazon.com/blogs/compute/more-room-to-build-serverless-services-now-support-payloads-up-to-1-mb
 * The API reference words it as "the total entry size must be less than 1MB"; we read it as at most 1 MiB.
 * A single entry above it cannot be sent at all, so it is also the claim-check threshold.
 */
export const PUT_EVENTS_MAX_REQUEST_BYTES = 1 * MiB;

/**
 * What a `Time` parameter adds to an entry's size, whatever its value.
 * https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-putevent-size.html
 */
export const PUT_EVENTS_TIME_BYTES = 14;

/**
 * Records in one Kinesis `PutRecords` call.
 * https://docs.aws.amazon.com/kinesis/latest/APIReference/API_PutRecords.html
 */
export const PUT_RECORDS_MAX_RECORDS = 500;

/**
 * Total size of one `PutRecords` call, data blobs plus partition keys. Raised from 5 MiB to 10 MiB
 * together with large-record support: https://docs.aws.amazon.com/streams/latest/dev/large-records.html
 * and https://docs.aws.amazon.com/kinesis/latest/APIReference/API_PutRecords.html
 */
export const PUT_RECORDS_MAX_REQUEST_BYTES = 10 * MiB;

/**
 * Default size of one Kinesis record (data blob plus UTF-8 partition key) on every stream,
 * existing or new, until its maximum record size is raised.
 * https://docs.aws.amazon.com/streams/latest/dev/large-records.html
 */
export const KINESIS_DEFAULT_MAX_RECORD_BYTES = 1 * MiB;

/**
 * Highest maximum record size a stream can be configured with (`MaxRecordSizeInKiB` 1024 to 10240).
 * https://docs.aws.amazon.com/streams/latest/dev/large-records.html
 * https://docs.aws.amazon.com/kinesis/latest/APIReference/API_UpdateMaxRecordSize.html
 */
export const KINESIS_MAX_RECORD_BYTES_LIMIT = 10 * MiB;

/**
 * Length of a partition key, in Unicode characters (1 to 256).
 * https://docs.aws.amazon.com/kinesis/latest/APIReference/API_PutRecordsRequestEntry.html
 */
export const KINESIS_MAX_PARTITION_KEY_LENGTH = 256;
