import { setTimeout as delay } from 'node:timers/promises';
import { backoffDelay, type BackoffOptions } from '../async/backoff.ts';
import { errorMessageOf } from '../errors/describe-error.ts';

/** How the items of a partially failed call are retried. Every field has a default. */
export interface RetryOptions extends BackoffOptions {
  /**
   * Calls per item, the first one included: 1 means no retry.
   * @default 4
   */
  maxAttempts?: number;
  /** Waits `ms` milliseconds; tests inject one that returns at once and records the delays. */
  sleep?: (ms: number) => Promise<void>;
}

/*
 * Worst case with the defaults: 100 + 200 + 400 ms of waiting over 4 attempts, small next to a
 * Lambda timeout, and enough for EventBridge or Kinesis throttling to clear.
 */
export const DEFAULT_RETRY = { maxAttempts: 4, baseDelayMs: 100, maxDelayMs: 2000 } as const;

const sleepFor = (ms: number): Promise<void> => delay(ms);

/** What the service answered for one item of a call. */
export type ItemOutcome<R> = { ok: true; value: R } | { ok: false; errorCode: string; errorMessage: string };

export interface RetryReport<T, R> {
  /** Items accepted, with what the service returned for each, in no particular order. */
  succeeded: { item: T; value: R }[];
  /** Items still failing: non-retryable, out of attempts, or in a call that failed as a whole. */
  failed: { item: T; errorCode: string; errorMessage: string }[];
}

/**
 * Sends `items` in one call, then re-sends only the items that failed with a retryable code, after a
 * backoff, until every item succeeded, failed for good, or `maxAttempts` calls were made.
 *
 * `send` answers one outcome per item, in the order of the items it was given (as `PutEvents` and
 * `PutRecords` do). A call that throws fails each of its items with the error's name as the code, so
 * the same rule applies whether a service reports a code per item or for the whole call (e.g.
 * Kinesis `KMSThrottlingException`, which the SDK's own retry strategy does not retry:
 * https://docs.aws.amazon.com/sdkref/latest/guide/feature-retry-behavior.html). Nothing is ever
 * dropped: each item ends in `succeeded` or in `failed`.
 */
export async function retryFailedItems<T, R>(
  items: readonly T[],
  send: (items: readonly T[]) => Promise<ItemOutcome<R>[]>,
  isRetryable: (errorCode: string) => boolean,
  options: RetryOptions = {},
): Promise<RetryReport<T, R>> {
  const maxAttempts = options.maxAttempts ?? DEFAULT_RETRY.maxAttempts;
  if (!Number.isInteger(maxAttempts) || maxAttempts < 1) throw new RangeError(`maxAttempts must be a positive integer, got ${maxAttempts}`);
  const sleep = options.sleep ?? sleepFor;
  const report: RetryReport<T, R> = { succeeded: [], failed: [] };

  let pending: readonly T[] = items;
  for (let attempt = 1; pending.length > 0; attempt++) {
    if (attempt > 1) await sleep(backoffDelay(attempt - 1, options));
    const outcomes = await send(pending).catch((error: unknown) => pending.map(() => failure<R>(error)));
    const retry: T[] = [];
    pending.forEach((item, index) => {
      const outcome = outcomes[index] ?? {
        ok: false as const,
        errorCode: 'MissingResultEntry',
        errorMessage: `The response has ${outcomes.length} result entries for ${pending.length} request entries`,
      };
      if (outcome.ok) report.succeeded.push({ item, value: outcome.value });
      else if (attempt < maxAttempts && isRetryable(outcome.errorCode)) retry.push(item);
      else report.failed.push({ item, errorCode: outcome.errorCode, errorMessage: outcome.errorMessage });
    });
    pending = retry;
  }
  return report;
}

function failure<R>(error: unknown): ItemOutcome<R> {
  return { ok: false, errorCode: error instanceof Error ? error.name : 'Error', errorMessage: errorMessageOf(error) };
}
