import { normalizeInstant, type ActivityStatsItem } from '../../shared/activity/index.ts';
import { PublishFailedError, type EventPublisher } from '../../shared/publishing/index.ts';
import { WindowWriteError } from './errors.ts';
import { mapConcurrently } from '../../shared/async/concurrency.ts';
import type { MergeOutcome, WindowPart } from './merge-window-part.ts';
import { isNewlyTrending, productTrending } from './product-trending.ts';
import type { WindowState } from './window-state.ts';

/**
 * Stats items written at once. On-demand tables take thousands of writes per second; 16 in flight
 * keep a window of a few thousand products well within the function's timeout.
 */
export const WRITE_CONCURRENCY = 16;

export interface CloseWindowDependencies {
  /** Adds one product's part to its stats item, once (`mergeWindowPart`). */
  merge: (part: WindowPart) => Promise<MergeOutcome>;
  publish: EventPublisher;
  markTrendingPublished: (key: { sku: string; windowStart: string }, at: Date) => Promise<void>;
  /** Product views in one window that make a product trending. */
  threshold: number;
  /** @default () => new Date() */
  now?: () => Date;
}

export interface ClosedWindow {
  windowStart: string;
  /** Products whose counts went into the table (fewer when this part was already written). */
  productsWritten: number;
  /** Skus announced as trending by this invocation. */
  trending: string[];
}

/**
 * The final invocation of a window on one shard: adds each product's counts to its stats item (each
 * part once), then publishes `ProductTrending` for every product whose window total crossed the
 * threshold and was not announced yet, and marks it announced. Publishing comes before the mark: a
 * failure in between re-publishes under the same idempotency key on retry, never loses the event.
 *
 * @throws WindowWriteError when some products could not be written (the others were, and trending
 *   ones among them were published); Lambda retries the final invocation, which adds nothing twice.
 * @throws PublishFailedError after marking the events that did reach the bus.
 */
export async function closeWindow(
  state: WindowState,
  window: { start: string; end: string },
  shardId: string,
  dependencies: CloseWindowDependencies,
): Promise<ClosedWindow> {
  const windowStart = normalizeInstant(window.start);
  const windowEnd = normalizeInstant(window.end);
  const firstSequenceNumber = state.firstSequenceNumber;
  const products = Object.entries(state.counts);
  if (firstSequenceNumber === undefined || products.length === 0) return { windowStart, productsWritten: 0, trending: [] };

  const partId = `${shardId}#${firstSequenceNumber}`;
  const merged = await mapConcurrently(products, WRITE_CONCURRENCY, ([sku, counts]) => dependencies.merge({ sku, windowStart, windowEnd, counts, partId }));
  const items: ActivityStatsItem[] = [];
  const failures: { sku: string; error: unknown }[] = [];
  let productsWritten = 0;
  for (const outcome of merged) {
    if (!outcome.ok) {
      failures.push({ sku: outcome.input[0], error: outcome.error });
      continue;
    }
    items.push(outcome.value.item);
    if (outcome.value.added) productsWritten += 1;
  }

  const trending = await announceTrending(items, dependencies);
  if (failures.length > 0) throw new WindowWriteError(windowStart, failures);
  return { windowStart, productsWritten, trending };
}

async function announceTrending(items: readonly ActivityStatsItem[], dependencies: CloseWindowDependencies): Promise<string[]> {
  const events = items.filter((item) => isNewlyTrending(item, dependencies.threshold)).map((item) => productTrending(item, dependencies.threshold));
  if (events.length === 0) return [];
  const now = dependencies.now ?? (() => new Date());
  const mark = async (eventIds: ReadonlySet<string>) => {
    const published = events.filter((event) => eventIds.has(event.detail.metadata.eventId));
    await Promise.all(
      published.map((event) => dependencies.markTrendingPublished({ sku: event.detail.data.sku, windowStart: event.detail.data.windowStart }, now())),
    );
    return published.map((event) => event.detail.data.sku);
  };
  try {
    const { published } = await dependencies.publish(events);
    return await mark(new Set(published.map((p) => p.eventId)));
  } catch (error) {
    if (error instanceof PublishFailedError) await mark(new Set(error.publishedEventIds));
    throw error;
  }
}
