import * as z from '../validation/zod.ts';
import { COUNTED_ACTIVITY_TYPES, type CountedActivityType } from './activity-event.ts';

/** How many of each counted activity one product had, e.g. in one window. */
export type ActivityCounts = Record<CountedActivityType, number>;

const Count = z.number().check(z.int(), z.nonnegative());

/** Counts as stored and carried in window state: every counted type, a non-negative integer. */
export const ActivityCountsSchema = z.object({ product_view: Count, add_to_cart: Count, checkout: Count });

export const zeroCounts = (): ActivityCounts => ({ product_view: 0, add_to_cart: 0, checkout: 0 });

export function addCounts(a: ActivityCounts, b: ActivityCounts): ActivityCounts {
  const sum = zeroCounts();
  for (const type of COUNTED_ACTIVITY_TYPES) sum[type] = a[type] + b[type];
  return sum;
}

/**
 * Counts read from a stored item, leniently: a missing or non-numeric type counts 0, so items
 * written before a type was counted still read.
 */
export function countsOf(value: unknown): ActivityCounts {
  const counts = zeroCounts();
  if (typeof value !== 'object' || value === null) return counts;
  for (const type of COUNTED_ACTIVITY_TYPES) {
    const n = Number((value as Record<string, unknown>)[type]);
    if (Number.isFinite(n) && n > 0) counts[type] = n;
  }
  return counts;
}
