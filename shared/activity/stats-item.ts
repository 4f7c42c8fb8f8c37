import type { ActivityCounts } from './activity-counts.ts';

/** The GSI of the stats table by UTC day: PK `day`, SK `windowKey`, projection ALL. */
export const STATS_BY_DAY_INDEX = 'by-day';

/** The stats table's key and its index's, declared once for the table (infra) and its readers and writers. */
export const STATS_TABLE_KEY = { partitionKey: 'sku', sortKey: 'windowStart' } as const;
export const STATS_BY_DAY_INDEX_KEY = { partitionKey: 'day', sortKey: 'windowKey' } as const;
/** The Promotions table's key: one promotion per product and window. */
export const PROMOTIONS_TABLE_KEY = { partitionKey: 'sku', sortKey: 'windowStart' } as const;

/**
 * One product's counts in one tumbling window, in the ActivityStats table (PK `sku`, SK `windowStart`).
 * Window bounds are ISO-8601 UTC with milliseconds (`Date.toISOString()`), so they sort as text.
 */
export interface ActivityStatsItem {
  sku: string;
  windowStart: string;
  windowEnd: string;
  counts: ActivityCounts;
  /** `YYYY-MM-DD` (UTC) of `windowStart`: the `by-day` index's partition key. */
  day: string;
  /** `<windowStart>#<sku>`: the `by-day` index's sort key. */
  windowKey: string;
  /**
   * The window parts already added into `counts`, one per shard (and per early-terminated part):
   * `<shardId>#<first sequence number>`. A retried write of a part finds it here and adds nothing.
   */
  mergedParts: Set<string>;
  /** When `ProductTrending` was published for this product and window. */
  trendingPublishedAt?: string;
}

/** A window bound as AWS sends it (`2026-11-28T12:00:00Z`) in the one form the table stores. */
export const normalizeInstant = (value: string): string => new Date(value).toISOString();

export const dayOf = (windowStart: string): string => normalizeInstant(windowStart).slice(0, 10);

export const windowKeyOf = (windowStart: string, sku: string): string => `${normalizeInstant(windowStart)}#${sku}`;
