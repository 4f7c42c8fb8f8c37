/**
 * What AWS uses when a template leaves a property out, each with the page that states it. Builders fill these in
 * so emulated services never guess.
 */

/** https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-lambda-function.html (Timeout, MemorySize, Architectures) */
export const LAMBDA_DEFAULTS = { timeoutSeconds: 3, memoryMb: 128, architecture: 'x86_64' } as const;

/** https://docs.aws.amazon.com/lambda/latest/dg/invocation-async-error-handling.html: two retries, events kept up to six hours. */
export const LAMBDA_ASYNC_DEFAULTS = { maximumRetryAttempts: 2, maximumEventAgeSeconds: 21_600 } as const;

/**
 * https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_CreateQueue.html. The maximum message
 * size default is 1 MiB since SQS raised the quota in August 2025 (the CreateQueue reference in the current SDK model).
 */
export const SQS_DEFAULTS = {
  visibilityTimeoutSeconds: 30,
  messageRetentionSeconds: 345_600,
  delaySeconds: 0,
  receiveMessageWaitTimeSeconds: 0,
  maximumMessageSizeBytes: 1_048_576,
} as const;

/** https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-kinesis-stream.html */
export const KINESIS_DEFAULTS = {
  retentionPeriodHours: 24,
  shardCount: 1,
  /** An on-demand stream starts with 4 MB/s of write capacity: four shards. https://docs.aws.amazon.com/streams/latest/dev/how-do-i-size-a-stream.html */
  onDemandShardCount: 4,
} as const;

/** https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-dynamodb-table.html (BillingMode defaults to PROVISIONED) */
export const DYNAMODB_DEFAULTS = { billingMode: 'PROVISIONED' } as const;

/** Rule targets: https://docs.aws.amazon.com/eventbridge/latest/APIReference/API_RetryPolicy.html (185 attempts, 24 hours). */
export const EVENTBRIDGE_TARGET_RETRY_DEFAULTS = { maximumRetryAttempts: 185, maximumEventAgeInSeconds: 86_400 } as const;

/** https://docs.aws.amazon.com/scheduler/latest/APIReference/API_RetryPolicy.html (185 attempts, 24 hours) */
export const SCHEDULER_RETRY_DEFAULTS = { maximumRetryAttempts: 185, maximumEventAgeInSeconds: 86_400 } as const;

/** https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-scheduler-schedule.html */
export const SCHEDULER_DEFAULTS = { groupName: 'default', timezone: 'UTC', state: 'ENABLED' } as const;

/** https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-events-archive.html: 0 keeps events indefinitely. */
export const ARCHIVE_DEFAULTS = { retentionDays: 0 } as const;

/** HTTP APIs: https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-quotas.html (integration timeout 30 s). */
export const HTTP_API_DEFAULTS = { timeoutMillis: 30_000, payloadFormatVersion: '2.0', quickCreateRouteKey: '$default' } as const;

/**
 * Event source mappings, per source: https://docs.aws.amazon.com/lambda/latest/api/API_CreateEventSourceMapping.html
 * (BatchSize: Kinesis 100, DynamoDB Streams 100, SQS 10; MaximumBatchingWindowInSeconds 0; MaximumRetryAttempts and
 * MaximumRecordAgeInSeconds -1 = infinite; ParallelizationFactor 1; BisectBatchOnFunctionError false).
 */
export const EVENT_SOURCE_MAPPING_DEFAULTS = {
  sqs: { batchSize: 10, maximumBatchingWindowSeconds: 0 },
  kinesis: { batchSize: 100, maximumBatchingWindowSeconds: 0 },
  dynamodb: { batchSize: 100, maximumBatchingWindowSeconds: 0 },
  streams: {
    maximumRetryAttempts: -1,
    maximumRecordAgeInSeconds: -1,
    parallelizationFactor: 1,
    bisectBatchOnFunctionError: false,
    tumblingWindowInSeconds: 0,
  },
} as const;
