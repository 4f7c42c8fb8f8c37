import { setTimeout as delay } from 'node:timers/promises';
import { backoffDelay, type BackoffOptions } from '../async/backoff.ts';

/**
 * Failures of a single-item write worth another try: throttling the SDK's own retries did not outlast, and a write
 * that met a transaction in progress on the item (`TransactionConflictException`), which the SDK does not retry and
 * DynamoDB's error handling guide says to retry:
 * https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Programming.Errors.html
 */
const TRANSIENT_WRITE_ERRORS: ReadonlySet<string> = new Set([
  'TransactionConflictException',
  'ProvisionedThroughputExceededException',
  'ThrottlingException',
  'RequestLimitExceeded',
  'InternalServerError',
]);

export const isTransientWriteError = (error: unknown): boolean => error instanceof Error && TRANSIENT_WRITE_ERRORS.has(error.name);

export interface TransientRetryOptions extends BackoffOptions {
  /**
   * Calls of `write`, the first one included.
   * @default 4
   */
  maxAttempts?: number;
  /** Waits `ms` milliseconds; tests inject one that returns at once. */
  sleep?: (ms: number) => Promise<void>;
}

export const DEFAULT_TRANSIENT_WRITE_ATTEMPTS = 4;

/**
 * Calls `write` again, after a backoff, while it fails with a transient error ({@link isTransientWriteError}), up to
 * `maxAttempts` calls; any other error, or the last one, is thrown as it is. `write` must be idempotent (a
 * conditional write, a write of the same item): the attempt that failed may have been applied.
 *
 * For work whose own retries are few and dear, such as a Kinesis tumbling window's final invocation: it carries no
 * records, only the window's state, and once the mapping's retries of it run out what it had not written is gone.
 *
 * @example
 * await retryTransientWrite(() => documents.send(new PutCommand({ TableName, Item, ConditionExpression })));
 */
export async function retryTransientWrite<T>(write: () => Promise<T>, options: TransientRetryOptions = {}): Promise<T> {
  const maxAttempts = options.maxAttempts ?? DEFAULT_TRANSIENT_WRITE_ATTEMPTS;
  if (!Number.isInteger(maxAttempts) || maxAttempts < 1) throw new RangeError(`maxAttempts must be a positive integer, got ${maxAttempts}`);
  const sleep = options.sleep ?? ((ms: number) => delay(ms));
  for (let attempt = 1; ; attempt++) {
    try {
      return await write();
    } catch (error) {
      if (attempt >= maxAttempts || !isTransientWriteError(error)) throw error;
      await sleep(backoffDelay(attempt, options));
    }
  }
}
