import * as z from '../validation/zod.ts';
import { toProblems } from '../events/index.ts';
import { InvalidScheduleInputError } from './errors.ts';

/**
 * The `Input` of the project's EventBridge Scheduler schedules: `{"scheduledTime": "<aws.scheduler.scheduled-time>"}`,
 * which Scheduler fills with the invocation's scheduled time, the same on each retry of one invocation
 * (https://docs.aws.amazon.com/scheduler/latest/UserGuide/managing-schedule-context-attributes.html).
 */
export const ScheduleInput = z.object({ scheduledTime: z.iso.datetime({ offset: true }) });
export type ScheduleInput = z.infer<typeof ScheduleInput>;

/**
 * @throws InvalidScheduleInputError naming each invalid field.
 * @example
 * const { scheduledTime } = parseScheduleInput(input); // '2026-03-01T00:05:00Z'
 */
export function parseScheduleInput(input: unknown): ScheduleInput {
  const parsed = ScheduleInput.safeParse(input);
  if (!parsed.success) throw new InvalidScheduleInputError(toProblems(parsed.error));
  return parsed.data;
}
