import { IdempotencyConfig, makeIdempotent } from '@aws-lambda-powertools/idempotency';
import { DynamoDBPersistenceLayer } from '@aws-lambda-powertools/idempotency/dynamodb';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { Context } from 'aws-lambda';
import { loadConfig } from './config.ts';
import { tracer } from './observability.ts';

/**
 * How long a completed operation is remembered. 24 hours covers the longest redelivery we rely on:
 * EventBridge retries a target for up to 24 hours (MaximumEventAgeInSeconds, max 86 400 s), and a
 * Kinesis stream keeps records 24 hours by default.
 * https://docs.aws.amazon.com/eventbridge/latest/APIReference/API_RetryPolicy.html
 */
export const DEFAULT_IDEMPOTENCY_TTL_SECONDS = 24 * 60 * 60;

export interface IdempotencyOptions {
  /**
   * `false`: no check that a repeated key carries the same `detail.data`, for events whose data may
   * legitimately differ under one key (ProductTrending: a later part of the same window).
   * @default a known key with other `detail.data` fails with IdempotencyValidationError instead of returning a stale result
   */
  payloadValidationPath?: false;
  /**
   * Table holding the records (partition key `id`, TTL attribute `expiration`).
   * @default the IDEMPOTENCY_TABLE environment variable (required then), which `grantIdempotency` sets
   */
  tableName?: string;
}

/*
 * The operation's key is the event's idempotency key (`detail.metadata.idempotencyKey`), and the
 * same key with other data (`detail.data`) is refused rather than answered with a stale result
 * (unless `payloadValidationPath: false`).
 */
const KEY_PATH = 'detail.metadata.idempotencyKey';
const PAYLOAD_VALIDATION_PATH = 'detail.data';

// One DynamoDB client per execution environment, shared by every idempotent function.
let client: DynamoDBClient | undefined;
const dynamoDBClient = (): DynamoDBClient => (client ??= tracer.captureAWSv3Client(new DynamoDBClient({})));

/**
 * Makes a per-event function idempotent: for a key already completed, the stored result is returned
 * and `fn` is not run again; a duplicate arriving while the first is still running fails (and is
 * retried later); when `fn` throws, nothing is remembered, so a retry runs it again.
 *
 * Call it once, at module scope: it creates its persistence layer there (a Powertools persistence
 * layer keeps the first configuration it is given, so each idempotent function gets its own).
 * `fn`'s result is stored as JSON.
 *
 * @example
 * export const handler = createHandler(
 *   sqsBatchHandler(OrderPlaced, idempotent(async (event) => reserveStock(event.detail.data))),
 * );
 */
export function idempotent<TEvent, TContext extends { lambdaContext: Context }, TResult>(
  fn: (event: TEvent, context: TContext) => Promise<TResult> | TResult,
  options: IdempotencyOptions = {},
): (event: TEvent, context: TContext) => Promise<TResult> {
  const config = new IdempotencyConfig({
    eventKeyJmesPath: KEY_PATH,
    ...(options.payloadValidationPath !== false && { payloadValidationJmesPath: PAYLOAD_VALIDATION_PATH }),
    expiresAfterSeconds: DEFAULT_IDEMPOTENCY_TTL_SECONDS,
    // A missing key means the wrong path or an event outside the catalog: fail loudly, never run unguarded.
    throwOnNoIdempotencyKey: true,
  });
  const persistenceStore = new DynamoDBPersistenceLayer({
    tableName: options.tableName ?? loadConfig({ required: ['idempotencyTable'] }).idempotencyTable,
    awsSdkV3Client: dynamoDBClient(),
  });
  // Typed with the base context so Powertools sees a plain function (not a Lambda handler) and hashes argument 0.
  const guarded = makeIdempotent(async (event: TEvent, context: { lambdaContext: Context }) => fn(event, context as TContext), {
    persistenceStore,
    config,
    dataIndexArgument: 0,
  });

  return (event, context) => {
    // The remaining time bounds how long a record stays "in progress" if this invocation dies mid-way.
    config.registerLambdaContext(context.lambdaContext);
    return guarded(event, context) as Promise<TResult>;
  };
}
