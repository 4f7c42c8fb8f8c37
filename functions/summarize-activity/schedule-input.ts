import { z } from 'zod';
import { toProblems } from '../../shared/events/index.ts';
import { InvalidScheduleInputError } from './errors.ts';

/**
 * The schedule's `Input`: `{"scheduledTime": "<aws.scheduler.scheduled-time>"}`, which Scheduler fills
 * with the invocation's scheduled time (https://docs.aws.amazon.com/scheduler/latest/UserGuide/managing-schedule-context-attributes.html).
 */
export const ScheduleInput = z.object({ scheduledTime: z.iso.datetime({ offset: true }) });
export type ScheduleInput = z.infer<typeof ScheduleInput>;

/** @throws InvalidScheduleInputError naming each invalid field. */
export function parseScheduleInput(input: unknown): ScheduleInput {
  const parsed = ScheduleInput.safeParse(input);
  if (!parsed.success) throw new InvalidScheduleInputError(toProblems(parsed.error));
  return parsed.data;
}

const DAY_MS = 24 * 60 * 60 * 1000;

/** The UTC day before `scheduledTime`: `YYYY-MM-DD` and its bounds, `[start, end)`. */
export function previousUtcDay(scheduledTime: string): { day: string; start: string; end: string } {
  const at = new Date(scheduledTime).getTime();
  const end = Math.floor(at / DAY_MS) * DAY_MS;
  const start = end - DAY_MS;
  return { day: new Date(start).toISOString().slice(0, 10), start: new Date(start).toISOString(), end: new Date(end).toISOString() };
}
