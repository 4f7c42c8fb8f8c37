import type { CheckContext } from './context.ts';
import { fromViolations, type InvariantResult } from './invariant.ts';

const COUNTED = ['product_view', 'add_to_cart', 'checkout'] as const;

/**
 * Activity windows: the stats table's counts per product and window equal the events the stream accepted in that
 * window (by arrival time, as Lambda's tumbling windows cut them); every accepted event is in the stream once; and
 * one promotion per product and window whose views crossed the trending threshold, none for any other.
 */
export function activityInvariants({ activity, stores, settings, seed }: CheckContext): InvariantResult[] {
  const prefix = `SOAK-${seed}-`;
  const windowMs = settings.windowSeconds * 1000;
  const expected = new Map<string, Record<string, number>>();
  const eventIds = new Set<string>();
  let readable = 0;
  let duplicates = 0;
  for (const record of stores.activityRecords) {
    let event: { type?: string; sku?: string; eventId?: string };
    try {
      event = JSON.parse(record.data) as typeof event;
    } catch {
      continue; // the poison records the soak put on purpose
    }
    readable += 1;
    if (event.eventId) {
      if (eventIds.has(event.eventId)) duplicates += 1;
      eventIds.add(event.eventId);
    }
    if (!event.sku?.startsWith(prefix) || !COUNTED.includes(event.type as (typeof COUNTED)[number])) continue;
    const start = new Date(Math.floor(record.arrivedAt / windowMs) * windowMs).toISOString();
    const key = `${event.sku}|${start}`;
    const counts = expected.get(key) ?? { product_view: 0, add_to_cart: 0, checkout: 0 };
    counts[event.type as string] = (counts[event.type as string] ?? 0) + 1;
    expected.set(key, counts);
  }
  const stats = new Map(
    stores.stats
      .filter((item) => String(item.sku).startsWith(prefix))
      .map((item) => [`${String(item.sku)}|${new Date(String(item.windowStart)).toISOString()}`, item]),
  );
  const windows: string[] = [];
  for (const [key, counts] of expected) {
    const stored = stats.get(key)?.counts as Record<string, number> | undefined;
    const differs = COUNTED.filter((type) => Number(stored?.[type] ?? 0) !== (counts[type] ?? 0));
    if (differs.length > 0) windows.push(`${key}: stream ${JSON.stringify(counts)}, stats ${JSON.stringify(stored ?? null)}`);
  }
  for (const key of stats.keys()) if (!expected.has(key)) windows.push(`${key}: a stats row with no event in the stream`);

  const crossings = [...stats]
    .filter(([, item]) => Number((item.counts as Record<string, number>)?.product_view ?? 0) >= settings.trendingThreshold)
    .map(([key]) => key);
  const promotions = new Set(
    stores.promotions
      .filter((item) => String(item.sku).startsWith(prefix))
      .map((item) => `${String(item.sku)}|${new Date(String(item.windowStart)).toISOString()}`),
  );
  const promotionViolations = [
    ...crossings.filter((key) => !promotions.has(key)).map((key) => `no promotion for crossing ${key}`),
    ...[...promotions].filter((key) => !crossings.includes(key)).map((key) => `promotion ${key} without a crossing`),
  ];
  const ingest: string[] = [];
  if (readable !== activity.accepted) ingest.push(`the API accepted ${activity.accepted} events, the stream holds ${readable}`);
  if (duplicates > 0) ingest.push(`${duplicates} event ids twice in the stream`);
  return [
    fromViolations(
      'every activity event the API accepted is in the stream exactly once',
      `${activity.sent} sent, ${activity.accepted} accepted, ${activity.rejected} refused one by one`,
      [...ingest, ...activity.failedRequests.map((f) => `a request answered ${f.status}`)],
    ),
    fromViolations('activity window counts equal the accepted events per window and SKU', `${expected.size} product windows`, windows),
    fromViolations(
      'exactly one promotion per trending crossing',
      `${crossings.length} crossings of ${settings.trendingThreshold} views, ${promotions.size} promotions`,
      promotionViolations,
    ),
  ];
}
