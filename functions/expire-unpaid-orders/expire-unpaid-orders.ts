import type { ExpiryOutcome } from './expire-order.ts';
import { ExpiryRunFailedError } from './errors.ts';

/** Orders expired at a time: each is a load and a transaction, and they do not contend with each other. */
export const EXPIRY_CONCURRENCY = 4;

/**
 * Time kept, when the run stops taking orders, for the ones in flight (each a load and a transaction, retried with
 * backoff when throttled) to finish before the function's timeout: a run that times out has its progress kept but
 * is reported as failed, retried and sent to the on-failure queue, although the next run would simply go on.
 */
export const TIME_RESERVE_MS = 15_000;

export interface ExpirySummary {
  runId: string;
  expired: number;
  skipped: number;
  failed: number;
  /** The run stopped taking orders before its timeout: the ones not tried are the next run's. */
  stoppedEarly: boolean;
  /** Candidates read and not tried because the run stopped early (later pages were not read). */
  deferred: number;
}

export interface ExpiryRunDependencies {
  /** Pages of candidate order ids. */
  candidates: AsyncIterable<string[]>;
  expire: (orderId: string) => Promise<ExpiryOutcome>;
  onOutcome?: (outcome: ExpiryOutcome) => void;
  /**
   * Milliseconds left before the function times out (`context.getRemainingTimeInMillis`). With less than
   * {@link TIME_RESERVE_MS} left (or a quarter of the time there was at the start, for a function given little
   * time), the run takes no more orders, lets the ones in flight finish and ends. @default no limit
   */
  remainingTimeMs?: () => number;
}

/**
 * Expires every candidate the event store agrees is overdue, as far as the time allows: a backlog
 * larger than one run can work through is left, untouched, to the next runs (they find the same
 * orders in the index). A failing order does not stop the others: failures are collected, and
 * thrown together once every candidate taken was tried.
 *
 * @throws ExpiryRunFailedError after the run when some orders failed, with the run's summary.
 */
export async function expireUnpaidOrders(runId: string, { candidates, expire, onOutcome, remainingTimeMs }: ExpiryRunDependencies): Promise<ExpirySummary> {
  const summary: ExpirySummary = { runId, expired: 0, skipped: 0, failed: 0, stoppedEarly: false, deferred: 0 };
  const failures: { orderId: string; error: unknown }[] = [];
  const seen = new Set<string>();
  const reserveMs = Math.min(TIME_RESERVE_MS, (remainingTimeMs?.() ?? Number.POSITIVE_INFINITY) / 4);
  const outOfTime = () => remainingTimeMs !== undefined && remainingTimeMs() < reserveMs;

  for await (const page of candidates) {
    // A view updated mid-run can move between pages of the index: each order once per run.
    const queue = page.filter((orderId) => !seen.has(orderId) && seen.add(orderId));
    const worker = async () => {
      for (let orderId = queue.shift(); orderId !== undefined; orderId = queue.shift()) {
        // Checked before each order, so a page read after the time ran out is deferred whole.
        if (outOfTime()) {
          queue.unshift(orderId);
          summary.stoppedEarly = true;
          return;
        }
        try {
          const outcome = await expire(orderId);
          if (outcome.kind === 'expired') summary.expired++;
          else summary.skipped++;
          onOutcome?.(outcome);
        } catch (error) {
          summary.failed++;
          failures.push({ orderId, error });
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(EXPIRY_CONCURRENCY, queue.length) }, worker));
    if (summary.stoppedEarly) {
      summary.deferred = queue.length;
      break;
    }
  }

  if (failures.length > 0) throw new ExpiryRunFailedError(summary, failures);
  return summary;
}
