import { z } from 'zod';
import { toProblems, type ValidationProblem } from '../../shared/events/index.ts';

/**
 * The schedule's `Input`: `{"scheduledTime": "<aws.scheduler.scheduled-time>"}`, filled by Scheduler
 * (https://docs.aws.amazon.com/scheduler/latest/UserGuide/managing-schedule-context-attributes.html).
 */
export const ExpiryScheduleInput = z.object({ scheduledTime: z.iso.datetime({ offset: true }) });
export type ExpiryScheduleInput = z.infer<typeof ExpiryScheduleInput>;

/** `InvalidScheduleInputError: scheduledTime: Invalid ISO datetime`. */
export class InvalidScheduleInputError extends Error {
  override readonly name = 'InvalidScheduleInputError';

  constructor(readonly problems: ValidationProblem[]) {
    super(`The schedule input is invalid: ${problems.map((p) => `${p.path || '(input)'}: ${p.message}`).join('; ')}`);
  }
}

/** @throws InvalidScheduleInputError naming each invalid field. */
export function parseExpiryScheduleInput(input: unknown): ExpiryScheduleInput {
  const parsed = ExpiryScheduleInput.safeParse(input);
  if (!parsed.success) throw new InvalidScheduleInputError(toProblems(parsed.error));
  return parsed.data;
}

/**
 * The id of one run: the same for every delivery of one scheduled invocation (a Scheduler retry),
 * so the OrderExpired events of a run name it as their cause, and a run is found in the logs by it.
 */
export const runIdOf = (scheduledTime: string): string => `expire-unpaid-orders#${new Date(scheduledTime).toISOString()}`;
