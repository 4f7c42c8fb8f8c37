import * as z from '../../shared/validation/zod.ts';
import { ActivityCountsSchema } from '../../shared/activity/index.ts';
import { toProblems } from '../../shared/events/index.ts';
import { InvalidWindowStateError } from './errors.ts';
import { SeenEventsState } from './seen-events.ts';

/**
 * What one shard carries from invocation to invocation of a tumbling window (Lambda keeps it for us:
 * https://docs.aws.amazon.com/lambda/latest/dg/services-kinesis-windows.html). At most 1 MB per shard,
 * or Lambda ends the window early: about 10,000 products per window and shard at ~90 bytes each.
 *
 * - `firstSequenceNumber`: the first record counted into this state. With the shard id it names this
 *   part of the window, so writing the part twice (a retried final invocation) adds nothing twice.
 * - `counts`: per sku.
 * - `seen`: the ids of the events counted in this part, so a record written twice counts once (seen-events.ts).
 * - `earlier`: the ids the parts before this one counted (this shard's windows of the last RETRY_LOOKBACK_MS, and
 *   earlier parts of this window), read from the stats table at the part's first invocation with records
 *   (seen-events-item.ts): a retry that arrives after the window it was first written in closed still counts once.
 *   Absent until read.
 */
export const WindowState = z.object({
  firstSequenceNumber: z.optional(z.string().check(z.minLength(1))),
  counts: z._default(z.record(z.string(), ActivityCountsSchema), {}),
  seen: z.optional(SeenEventsState),
  earlier: z.optional(SeenEventsState),
});
export type WindowState = z.infer<typeof WindowState>;

/** The state Lambda passed in: `{}` (or absent) on a window's first invocation. */
export function readWindowState(state: unknown): WindowState {
  const parsed = WindowState.safeParse(state ?? {});
  if (!parsed.success) throw new InvalidWindowStateError(toProblems(parsed.error));
  return parsed.data;
}
