import * as z from '../../validation/zod.ts';
import { defineEvent } from '../define-event.ts';
import { Sku, Timestamp } from './common.ts';
import { Sources } from './sources.ts';

export const ActivityType = z.enum(['page_view', 'product_view', 'add_to_cart', 'checkout']);

/** One user interaction, as carried on the activity Kinesis stream (not on the bus). */
export const ActivityRecord = z.object({
  type: ActivityType,
  userId: z.string().check(z.minLength(1), z.maxLength(128)),
  sku: z.optional(Sku),
  at: Timestamp,
});
export type ActivityRecord = z.infer<typeof ActivityRecord>;

export const ProductTrending = defineEvent({
  source: Sources.activity,
  detailType: 'ProductTrending',
  version: 1,
  description: "A product's views in one tumbling window crossed the trending threshold (emitted once per product and window).",
  producers: ['aggregate-activity'],
  data: z.object({
    sku: Sku,
    windowStart: Timestamp,
    windowEnd: Timestamp,
    views: z.number().check(z.int(), z.nonnegative()),
    threshold: z.number().check(z.int(), z.positive()),
  }),
});

export const ActivitySummarized = defineEvent({
  source: Sources.activity,
  detailType: 'ActivitySummarized',
  version: 1,
  description: 'A scheduled roll-up of the per-product window counts over one period.',
  producers: ['summarize-activity'],
  data: z.object({
    periodStart: Timestamp,
    periodEnd: Timestamp,
    products: z.array(
      z.object({
        sku: Sku,
        // Partial: only the types counted per product appear (page views carry no sku). z.record over an
        // enum would demand every key: https://zod.dev/api#records
        counts: z.partialRecord(ActivityType, z.number().check(z.int(), z.nonnegative())),
      }),
    ),
  }),
});
