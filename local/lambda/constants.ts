/**
 * Lambda's limits and defaults, each in one place with the document that states it.
 */

/** The only version this emulator runs: versions and aliases all execute the function's `$LATEST` code. */
export const LATEST = '$LATEST';

/**
 * Asynchronous invocation: after a function error Lambda waits one minute before the second attempt and two
 * minutes before the third.
 * https://docs.aws.amazon.com/lambda/latest/dg/invocation-async-error-handling.html
 */
export const ASYNC_RETRY_DELAYS_MS = [60_000, 120_000] as const;

/**
 * Throttled (429) asynchronous events go back to the queue; the retry interval grows exponentially from
 * 1 second to at most 5 minutes, until the event's maximum age.
 * https://docs.aws.amazon.com/lambda/latest/dg/invocation-async-error-handling.html
 */
export const THROTTLE_BACKOFF_FIRST_MS = 1_000;
export const THROTTLE_BACKOFF_MAX_MS = 300_000;

/** `AWS::Lambda::EventInvokeConfig` defaults: 2 retries, events kept 6 hours. */
export const DEFAULT_MAXIMUM_RETRY_ATTEMPTS = 2;
export const DEFAULT_MAXIMUM_EVENT_AGE_SECONDS = 21_600;

/**
 * Invoke payload quotas: 6 MB request and response for synchronous invocations, 1 MB for asynchronous ones
 * (raised from 256 KB in 2025).
 * https://docs.aws.amazon.com/lambda/latest/dg/gettingstarted-limits.html
 */
export const SYNC_PAYLOAD_LIMIT_BYTES = 6_291_456;
export const ASYNC_PAYLOAD_LIMIT_BYTES = 1_048_576;

/** The dead-letter queue's `ErrorMessage` attribute is truncated to 1 KB. https://docs.aws.amazon.com/lambda/latest/dg/invocation-async-retain-records.html */
export const DEAD_LETTER_ERROR_MESSAGE_LIMIT_BYTES = 1_024;

/**
 * How many log lines of one invocation the runtime keeps for its result (the Invoke API's `LogResult` tail, the
 * live log's per-request view): the latest ones. Every line still goes to the live log as it is written; only the
 * copy held for the result is capped, so a function logging in a loop cannot grow the runtime's memory.
 */
export const INVOCATION_LOG_LINES_KEPT = 1_000;

/** The Invoke API's `LogResult` is the last 4 KB of the execution log. https://docs.aws.amazon.com/lambda/latest/api/API_Invoke.html */
export const LOG_TAIL_LIMIT_BYTES = 4_096;

/**
 * Lambda gives the init phase 10 seconds; when it runs over, the runtime is initialised again inside the
 * invocation, which the function timeout then bounds. Locally: init may take 10 s plus the timeout.
 * https://docs.aws.amazon.com/lambda/latest/dg/lambda-runtime-environment.html
 */
export const INIT_PHASE_LIMIT_MS = 10_000;

/**
 * How many instances of one function may run at once when the template reserves no concurrency. AWS's
 * account limit (1000) never throttles a local run; this cap only keeps the machine responsive, so an
 * invocation over it waits for a free instance instead of being throttled.
 */
export const DEFAULT_LOCAL_CONCURRENCY = 10;

/** Destination records sent to an event bus carry these, with the bus and the function as `resources`. */
export const DESTINATION_EVENT_SOURCE = 'lambda';
export const DESTINATION_DETAIL_TYPE = {
  success: 'Lambda Function Invocation Result - Success',
  failure: 'Lambda Function Invocation Result - Failure',
} as const;
