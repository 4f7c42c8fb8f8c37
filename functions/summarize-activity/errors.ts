import type { ValidationProblem } from '../../shared/events/index.ts';

/**
 * Thrown when the schedule's input is not `{"scheduledTime": "<ISO-8601>"}`, naming the field:
 * `InvalidScheduleInputError: scheduledTime: Invalid ISO datetime`. The invocation fails, so
 * Scheduler retries it and then sends it to the schedule's DLQ.
 */
export class InvalidScheduleInputError extends Error {
  override readonly name = 'InvalidScheduleInputError';

  constructor(readonly problems: ValidationProblem[]) {
    super(`The schedule input is invalid: ${problems.map((p) => `${p.path || '(input)'}: ${p.message}`).join('; ')}`);
  }
}
