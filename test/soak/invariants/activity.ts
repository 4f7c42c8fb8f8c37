import type { CheckContext } from './context.ts';
import { fromViolations, type InvariantResult } from './invariant.ts';

const COUNTED = ['product_view', 'add_to_cart', 'checkout'] as const;

/** Counts per product window, as the stream says they must be and as the stats table has them. */
export interface ActivityTally {
  /** `<sku>|<windowStart>` → counts of the distinct event ids first written in that window. */
  expected: Map<string, Record<string, number>>;
  /** `<sku>|<windowStart>` → the stats item. */
  stats: Map<string, Record<string, unknown>>;
  /** Readable records in the stream, with their repeats. */
  readable: number;
  /** Distinct event ids in the stream. */
  distinct: number;
  /** Records whose event id an earlier record had: a client's retry after a 5xx that had written them. */
  rewritten: number;
}

/**
 * What "accepted once" means for activity: an event is its id (ingest derives it from the request's Idempotency-Key
 * and the event's index, so a retry writes the same id again), it belongs to the window its first record arrived in
 * (windows are by arrival, as Lambda's tumbling windows cut them), and it counts once there however often a retry
 * wrote it.
 */
export function tallyActivity({ stores, settings, seed }: Pick<CheckContext, 'stores' | 'settings' | 'seed'>): ActivityTally {
  const prefix = `SOAK-${seed}-`;
  const windowMs = settings.windowSeconds * 1000;
  const expected = new Map<string, Record<string, number>>();
  const eventIds = new Set<string>();
  let readable = 0;
  let rewritten = 0;
  const firstArrivals = [...stores.activityRecords].sort((a, b) => a.arrivedAt - b.arrivedAt);
  for (const record of firstArrivals) {
    let event: { type?: string; sku?: string; eventId?: string };
    try {
      event = JSON.parse(record.data) as typeof event;
    } catch {
      continue; // the poison records the soak put on purpose
    }
    readable += 1;
    if (event.eventId) {
      if (eventIds.has(event.eventId)) {
        rewritten += 1;
        continue;
      }
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
  return { expected, stats, readable, distinct: eventIds.size, rewritten };
}

/** Counted activity the stats table has more (`over`) or less (`under`) of than the stream's distinct events. */
export function activityCountDifferences(tally: ActivityTally): { over: number; under: number } {
  let over = 0;
  let under = 0;
  for (const key of new Set([...tally.expected.keys(), ...tally.stats.keys()])) {
    const counts = tally.expected.get(key);
    const stored = tally.stats.get(key)?.counts as Record<string, number> | undefined;
    for (const type of COUNTED) {
      const difference = Number(stored?.[type] ?? 0) - (counts?.[type] ?? 0);
      if (difference > 0) over += difference;
      else under -= difference;
    }
  }
  return { over, under };
}

/**
 * Activity windows: the stats table's counts per product and window equal the distinct events the stream accepted
 * in that window (tallyActivity); every accepted event is in the stream (once, or again by a client's retry under
 * the same id); and one promotion per product and window whose views crossed the trending threshold, none for any
 * other.
 */
export function activityInvariants(context: CheckContext): InvariantResult[] {
  const { activity, stores, settings, seed } = context;
  const prefix = `SOAK-${seed}-`;
  const { expected, stats, readable, distinct, rewritten } = tallyActivity(context);
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
  if (distinct !== activity.accepted) ingest.push(`the API accepted ${activity.accepted} events, the stream holds ${distinct} distinct ones`);
  return [
    fromViolations(
      'every activity event the API accepted is in the stream under one id',
      `${activity.sent} sent, ${activity.accepted} accepted, ${activity.rejected} refused one by one; ${readable} records, ${rewritten} of them rewritten by a retry`,
      [...ingest, ...activity.failedRequests.map((f) => `a request answered ${f.status}`)],
    ),
    fromViolations(
      'activity window counts equal the accepted events per window and SKU',
      `${expected.size} product windows, each event id counted once in the window of its first record`,
      windows,
    ),
    fromViolations(
      'exactly one promotion per trending crossing',
      `${crossings.length} crossings of ${settings.trendingThreshold} views, ${promotions.size} promotions`,
      promotionViolations,
    ),
  ];
}
