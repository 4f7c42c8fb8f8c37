/**
 * Event source mapping limits and defaults, each in one place with the document that states it.
 */

/**
 * Lambda starts five pollers for an SQS queue and scales from there; `ScalingConfig.MaximumConcurrency`
 * (2 to 1,000) caps the concurrent invocations one mapping makes.
 * https://docs.aws.amazon.com/lambda/latest/dg/services-sqs-scaling.html
 */
export const DEFAULT_SQS_POLLERS = 5;
export const MIN_SQS_MAXIMUM_CONCURRENCY = 2;
export const MAX_SQS_MAXIMUM_CONCURRENCY = 1_000;

/**
 * Locally each SQS poller runs one batch at a time, so pollers = concurrency. AWS scales up to 1,250 concurrent
 * invocations per queue; on one machine this cap keeps a `MaximumConcurrency: 1000` mapping from opening a
 * thousand long polls. Only the count of pollers is capped: batches, deletes and receive counts are unchanged.
 */
export const MAX_LOCAL_SQS_POLLERS = 20;

/**
 * An SQS mapping's `BatchSize` goes above 10 only with a batching window, and never on a FIFO queue, which takes
 * no batching window at all. https://docs.aws.amazon.com/lambda/latest/dg/services-sqs-parameters.html ("For
 * standard queues, the maximum is 10,000. For FIFO queues, the maximum is 10."; "Batching window is not supported
 * for FIFO queues"); https://docs.aws.amazon.com/lambda/latest/api/API_CreateEventSourceMapping.html ("When you set
 * BatchSize to a value greater than 10, you must set MaximumBatchingWindowInSeconds to at least 1").
 */
export const SQS_BATCH_SIZE_WITHOUT_WINDOW_MAX = 10;
export const SQS_FIFO_BATCH_SIZE_MAX = 10;

/**
 * With a batching window, Lambda keeps the messages it gathers invisible for the window, the function's timeout
 * and 30 s more, when that is longer than the queue's visibility timeout, so a message is not handed out again
 * while the batch holding it is still being gathered or processed ("If you're using a batch window greater than 0
 * seconds, you must account for the increased processing time in your queue's visibility timeout",
 * https://docs.aws.amazon.com/lambda/latest/dg/services-sqs-configure.html; the extension as AWS measurably applies it).
 */
export const SQS_WINDOW_VISIBILITY_MARGIN_SECONDS = 30;

/** ReceiveMessage returns at most 10 messages; DeleteMessageBatch takes at most 10 entries. https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_ReceiveMessage.html */
export const SQS_RECEIVE_MAX_MESSAGES = 10;
export const SQS_BATCH_ENTRIES_MAX = 10;

/** Lambda long-polls SQS with the maximum wait, 20 seconds. https://docs.aws.amazon.com/lambda/latest/dg/services-sqs-scaling.html */
export const SQS_LONG_POLL_SECONDS = 20;

/**
 * Lambda polls each Kinesis shard once per second, and each DynamoDB stream shard four times per second, when no
 * records are waiting. https://docs.aws.amazon.com/lambda/latest/dg/with-kinesis.html,
 * https://docs.aws.amazon.com/lambda/latest/dg/with-ddb.html
 */
export const KINESIS_POLL_INTERVAL_MS = 1_000;
export const DYNAMODB_POLL_INTERVAL_MS = 250;

/** GetRecords `Limit`: 10,000 for Kinesis, 1,000 for DynamoDB Streams. */
export const KINESIS_GET_RECORDS_MAX = 10_000;
export const DYNAMODB_GET_RECORDS_MAX = 1_000;

/** How often a stream mapping looks for new shards (after a reshard). Not documented by AWS; local choice. */
export const SHARD_DISCOVERY_INTERVAL_MS = 10_000;

/**
 * A tumbling window's state may be at most 1 MB per shard; beyond it Lambda terminates the window early.
 * https://docs.aws.amazon.com/lambda/latest/dg/services-kinesis-windows.html
 */
export const WINDOW_STATE_LIMIT_BYTES = 1_048_576;

/** `TumblingWindowInSeconds`: 0 (off) to 900. */
export const MAX_TUMBLING_WINDOW_SECONDS = 900;

/**
 * Delay before retrying a failed stream batch. AWS documents none; it retries promptly and backs off. Locally the
 * delay doubles from 1 s to 30 s, so an always-failing function with infinite retries (the default) does not
 * flood the live log.
 */
export const STREAM_RETRY_BACKOFF = { initialMs: 1_000, maxMs: 30_000 } as const;

/** After an engine call fails (engine restarting, stream deleted), pollers wait this long before trying again. */
export const POLL_ERROR_BACKOFF_MS = 1_000;

/** DynamoDB Streams keep records 24 hours: with infinite retries and record age, records expire with the stream. https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Streams.html */
export const DYNAMODB_STREAM_RETENTION_HOURS = 24;

/** Failure conditions Lambda writes in the on-failure record of a stream batch. https://docs.aws.amazon.com/lambda/latest/dg/kinesis-on-failure-destination.html */
export const FAILURE_CONDITION = {
  retriesExhausted: 'RetryAttemptsExhausted',
  recordAgeExceeded: 'RecordAgeExceeded',
} as const;

/** While a batching window is open and the queue has nothing more, an SQS poller looks again this often (clock time). */
export const SQS_WINDOW_POLL_MS = 200;
