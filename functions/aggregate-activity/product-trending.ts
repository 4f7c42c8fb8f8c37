import type { ActivityStatsItem } from '../../shared/activity/index.ts';
import { createEvent, ProductTrending, type CatalogEvent } from '../../shared/events/index.ts';

/**
 * The key every publication of one crossing shares: a retried final invocation, or two shards each
 * finding the crossing, publish under it and consumers keep one.
 */
export const trendingIdempotencyKey = (sku: string, windowStart: string): string => `trending#${sku}#${windowStart}`;

/** Whether a product's window crossed the threshold and has not been announced yet. */
export const isNewlyTrending = (item: ActivityStatsItem, threshold: number): boolean =>
  item.counts.product_view >= threshold && item.trendingPublishedAt === undefined;

export function productTrending(item: ActivityStatsItem, threshold: number): CatalogEvent<typeof ProductTrending> {
  return createEvent(
    ProductTrending,
    { sku: item.sku, windowStart: item.windowStart, windowEnd: item.windowEnd, views: item.counts.product_view, threshold },
    { idempotencyKey: trendingIdempotencyKey(item.sku, item.windowStart) },
  );
}
