/**
 * The faults `--chaos` can inject: each one AWS documents that it can produce, with the page that says so. A
 * kind's name is `<area>.<fault>`; the area alone (`lambda=0.1`) sets every kind of the area.
 */
export const FAULT_KINDS = {
  /**
   * The handler fails before doing anything (errorType `Error`): sync callers get `FunctionError: Unhandled`,
   * async invocations and event source mappings retry.
   * https://docs.aws.amazon.com/lambda/latest/dg/invocation-retries.html
   */
  'lambda.error': {
    source: 'https://docs.aws.amazon.com/lambda/latest/dg/invocation-retries.html',
    says: 'function error (errorType Error); async and event source mappings retry',
  },
  /**
   * The handler runs to its end, then the invocation is reported as `Sandbox.Timedout` and the environment is
   * discarded: its effects happened, the caller sees a failure and retries ("Your function's code might have run
   * completely, partially, or not at all").
   * https://docs.aws.amazon.com/lambda/latest/dg/configuration-timeout.html
   */
  'lambda.timeout': {
    source: 'https://docs.aws.amazon.com/lambda/latest/dg/configuration-timeout.html',
    says: 'Sandbox.Timedout after the handler ran; environment discarded',
  },
  /**
   * The worker is killed mid-invocation, as out of memory kills it (`Runtime.ExitError`, `signal: killed`): the
   * handler may have done part of its work.
   * https://docs.aws.amazon.com/lambda/latest/dg/invocation-retries.html
   */
  'lambda.crash': {
    source: 'https://docs.aws.amazon.com/lambda/latest/dg/invocation-retries.html',
    says: 'Runtime.ExitError (signal: killed) mid-invocation; environment discarded',
  },
  /**
   * Throttling: a synchronous invoke gets 429 `TooManyRequestsException`; an asynchronous one goes back to the
   * queue and is retried, as AWS does; an event source mapping's batch is retried.
   * https://docs.aws.amazon.com/lambda/latest/api/API_Invoke.html
   * https://docs.aws.amazon.com/lambda/latest/dg/invocation-async-error-handling.html
   */
  'lambda.throttle': {
    source: 'https://docs.aws.amazon.com/lambda/latest/dg/invocation-async-error-handling.html',
    says: '429 TooManyRequestsException (sync); returned to the queue and retried (async, event source mappings)',
  },
  /**
   * One entry of an otherwise successful PutEvents answer fails with the retryable `InternalFailure`; the event
   * is not put on the bus.
   * https://docs.aws.amazon.com/eventbridge/latest/APIReference/API_PutEventsResultEntry.html
   */
  'putevents.internal': {
    source: 'https://docs.aws.amazon.com/eventbridge/latest/APIReference/API_PutEventsResultEntry.html',
    says: 'entry ErrorCode InternalFailure in a 200 answer',
  },
  /** Likewise with `ThrottlingException`. https://docs.aws.amazon.com/eventbridge/latest/APIReference/API_PutEventsResultEntry.html */
  'putevents.throttle': {
    source: 'https://docs.aws.amazon.com/eventbridge/latest/APIReference/API_PutEventsResultEntry.html',
    says: 'entry ErrorCode ThrottlingException in a 200 answer',
  },
  /**
   * An event delivered to a target is delivered again: Lambda targets are invoked asynchronously, and "it's
   * possible for [a function] to receive the same event from Lambda multiple times".
   * https://docs.aws.amazon.com/lambda/latest/dg/invocation-async-error-handling.html
   * https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-rule-retry-policy.html
   */
  'eventbridge.duplicate': {
    source: 'https://docs.aws.amazon.com/lambda/latest/dg/invocation-async-error-handling.html',
    says: 'a target receives the same event twice (at-least-once)',
  },
  /**
   * A message processed successfully is received again: standard queues deliver at least once, and event source
   * mappings "process each event at least once".
   * https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/standard-queues-at-least-once-delivery.html
   * https://docs.aws.amazon.com/lambda/latest/dg/invocation-eventsourcemapping.html
   */
  'sqs.duplicate': {
    source: 'https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/standard-queues-at-least-once-delivery.html',
    says: 'a processed message is received again at once',
  },
  /**
   * The consumer crashes after processing a batch and before deleting it: the messages come back once their
   * visibility timeout has passed, with a higher receive count.
   * https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-visibility-timeout.html
   */
  'sqs.crash': {
    source: 'https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-visibility-timeout.html',
    says: 'a processed batch is not deleted; it reappears after the visibility timeout',
  },
  /**
   * One record of a PutRecords call fails with `ProvisionedThroughputExceededException` (in a 200 answer with
   * `FailedRecordCount`); it is not written.
   * https://docs.aws.amazon.com/kinesis/latest/APIReference/API_PutRecords.html
   */
  'kinesis.throughput': {
    source: 'https://docs.aws.amazon.com/kinesis/latest/APIReference/API_PutRecords.html',
    says: 'record ErrorCode ProvisionedThroughputExceededException in a 200 answer',
  },
  /**
   * A DynamoDB data call answers 400 `ProvisionedThroughputExceededException` (the SDKs retry it).
   * https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Programming.Errors.html
   */
  'dynamodb.throughput': {
    source: 'https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Programming.Errors.html',
    says: '400 ProvisionedThroughputExceededException',
  },
  /** A DynamoDB data call answers 400 `ThrottlingException`. https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Programming.Errors.html */
  'dynamodb.throttle': { source: 'https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Programming.Errors.html', says: '400 ThrottlingException' },
  /**
   * A write conflicts with a transaction in progress: `TransactionConflictException` for a single-item write,
   * `TransactionCanceledException` with a `TransactionConflict` reason for a transaction.
   * https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/transaction-apis.html#transaction-conflict-handling
   */
  'dynamodb.conflict': {
    source: 'https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/transaction-apis.html#transaction-conflict-handling',
    says: '400 TransactionConflictException / TransactionCanceledException (TransactionConflict)',
  },
} as const satisfies Record<string, { source: string; says: string }>;

export type FaultKind = keyof typeof FAULT_KINDS;

export const ALL_FAULT_KINDS = Object.keys(FAULT_KINDS) as FaultKind[];

/** The areas (`lambda`, `putevents`, …): a spec key that sets every kind of one. */
export const FAULT_AREAS = [...new Set(ALL_FAULT_KINDS.map((kind) => kind.split('.')[0] as string))];

export function isFaultKind(name: string): name is FaultKind {
  return Object.hasOwn(FAULT_KINDS, name);
}
