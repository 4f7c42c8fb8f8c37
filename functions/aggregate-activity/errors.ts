import type { ValidationProblem } from '../../shared/events/index.ts';
import { describeError } from '../../shared/errors/describe-error.ts';

/**
 * A Kinesis record that can never be counted: not JSON, or not an activity record. Retrying does not
 * help; it ends, alone, in the mapping's on-failure destination.
 *
 * `PoisonRecordError: record 4959…898 (shardId-000000000000) is not an activity record: sku: required for product_view events`
 */
export class PoisonRecordError extends Error {
  override readonly name = 'PoisonRecordError';

  constructor(
    readonly sequenceNumber: string,
    readonly reason: string,
    readonly problems: ValidationProblem[] = [],
  ) {
    super(`record ${sequenceNumber} ${reason}`);
  }
}

/** The window state this function returned cannot be read back: a bug or a foreign state, never ignored. */
export class InvalidWindowStateError extends Error {
  override readonly name = 'InvalidWindowStateError';

  constructor(readonly problems: ValidationProblem[]) {
    super(`The tumbling window state is invalid: ${problems.map((p) => `state.${p.path || '(root)'}: ${p.message}`).join('; ')}`);
  }
}

/**
 * The invocation has no tumbling window: the event source mapping lacks `TumblingWindowInSeconds`, and
 * counts would be carried forever and never written.
 */
export class NotATumblingWindowError extends Error {
  override readonly name = 'NotATumblingWindowError';

  constructor() {
    super('The Kinesis event has no "window": set TumblingWindowInSeconds on the event source mapping of aggregate-activity');
  }
}

/** Some products of a closed window could not be written; the others were. The final invocation is retried. */
export class WindowWriteError extends Error {
  override readonly name = 'WindowWriteError';

  constructor(
    readonly windowStart: string,
    readonly failures: readonly { sku: string; error: unknown }[],
  ) {
    const first = failures[0];
    const reason = describeError(first?.error);
    super(`${failures.length} product(s) of the window ${windowStart} not written (first: ${first?.sku}, ${reason})`);
  }
}
