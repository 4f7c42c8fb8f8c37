import type { ValidationProblem } from '../events/index.ts';

/** One environment variable that is missing or malformed. */
export interface ConfigProblem {
  /** The environment variable, e.g. `EVENT_BUS_NAME`. */
  variable: string;
  message: string;
}

/**
 * Thrown at cold start when the function's environment is incomplete or malformed, so a misconfigured
 * function fails on its first invocation with the variable's name instead of on some later AWS call.
 *
 * `ConfigError: EVENT_BUS_NAME: required but not set; IDEMPOTENCY_TABLE: expected a DynamoDB table name, got "x"`
 */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';

  constructor(readonly problems: ConfigProblem[]) {
    super(problems.map((p) => `${p.variable}: ${p.message}`).join('; '));
  }
}

/**
 * Thrown when a claim-checked event's payload cannot be fetched or is not JSON.
 * The record is then reported as failed, so it is retried and ends in the DLQ with this reason.
 */
export class ClaimCheckError extends Error {
  override readonly name = 'ClaimCheckError';

  constructor(
    /** `s3://bucket/key` of the payload. */
    readonly location: string,
    reason: string,
    options?: ErrorOptions,
  ) {
    super(`Cannot resolve the claim check ${location}: ${reason}`, options);
  }
}

/**
 * Thrown when a schedule's input is not `{"scheduledTime": "<ISO-8601>"}`, naming the field:
 * `InvalidScheduleInputError: The schedule input is invalid: scheduledTime: Invalid ISO datetime`.
 * The invocation fails, so Scheduler retries it and then sends it to the schedule's DLQ.
 */
export class InvalidScheduleInputError extends Error {
  override readonly name = 'InvalidScheduleInputError';

  constructor(readonly problems: ValidationProblem[]) {
    super(`The schedule input is invalid: ${problems.map((p) => `${p.path || '(input)'}: ${p.message}`).join('; ')}`);
  }
}
