import * as z from '../validation/zod.ts';
import { ActivityRecord, type ActivityType as ActivityTypeSchema } from '../events/index.ts';

type ActivityType = z.infer<typeof ActivityTypeSchema>;

/** The activity types counted per product; `page_view` is accepted and carried but counted nowhere. */
export const COUNTED_ACTIVITY_TYPES = ['product_view', 'add_to_cart', 'checkout'] as const;
export type CountedActivityType = (typeof COUNTED_ACTIVITY_TYPES)[number];

const COUNTED: ReadonlySet<ActivityType> = new Set<ActivityType>(COUNTED_ACTIVITY_TYPES);

function requireSkuWhenCounted(event: { type: ActivityType; sku?: string | undefined }, context: z.core.$RefinementCtx): void {
  if (COUNTED.has(event.type) && event.sku === undefined) {
    context.addIssue({ code: 'custom', path: ['sku'], message: `required for ${event.type} events` });
  }
}

/**
 * One activity event as `POST /activity` accepts it: the catalog's `ActivityRecord`, plus a rule
 * the catalog does not express per type. Every counted type (product_view, add_to_cart, checkout)
 * needs the `sku` it is counted for: a checkout is reported once per product checked out. A
 * `page_view` needs none (it may carry one; page views are not counted per product).
 */
export const ActivityEvent = ActivityRecord.check(z.superRefine(requireSkuWhenCounted));
export type ActivityEvent = z.infer<typeof ActivityEvent>;

/**
 * A record on the activity stream: the event plus the `eventId` ingest gives it (a UUID). The id is
 * only checked to be a non-empty string: other producers (tests, replays) may use their own ids.
 */
export const StreamActivityRecord = z.extend(ActivityRecord, { eventId: z.string().check(z.minLength(1)) }).check(z.superRefine(requireSkuWhenCounted));
export type StreamActivityRecord = z.infer<typeof StreamActivityRecord>;

/** Whether an event is counted for a product, narrowing it to one with a sku. */
export function isCounted<E extends { type: ActivityType; sku?: string | undefined }>(event: E): event is E & { type: CountedActivityType; sku: string } {
  return COUNTED.has(event.type) && event.sku !== undefined;
}

/** A product's sku, as the catalog constrains it (1 to 64 characters). */
export const Sku = ActivityRecord.shape.sku.def.innerType;
