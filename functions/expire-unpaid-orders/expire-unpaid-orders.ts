import type { ExpiryOutcome } from './expire-order.ts';
import { ExpiryRunFailedError } from './errors.ts';

/** Orders expired at a time: each is a load and a transaction, and they do not contend with each other. */
export const EXPIRY_CONCURRENCY = 4;

export interface ExpirySummary {
  runId: string;
  expired: number;
  skipped: number;
  failed: number;
}

export interface ExpiryRunDependencies {
  /** Pages of candidate order ids. */
  candidates: AsyncIterable<string[]>;
  expire: (orderId: string) => Promise<ExpiryOutcome>;
  onOutcome?: (outcome: ExpiryOutcome) => void;
}

/**
 * Expires every candidate the event store agrees is overdue. A failing order does not stop the
 * others: failures are collected, and thrown together once every candidate was tried.
 *
 * @throws ExpiryRunFailedError after the run when some orders failed, with the run's summary.
 */
export async function expireUnpaidOrders(runId: string, { candidates, expire, onOutcome }: ExpiryRunDependencies): Promise<ExpirySummary> {
  const summary: ExpirySummary = { runId, expired: 0, skipped: 0, failed: 0 };
  const failures: { orderId: string; error: unknown }[] = [];
  const seen = new Set<string>();

  for await (const page of candidates) {
    // A view updated mid-run can move between pages of the index: each order once per run.
    const queue = page.filter((orderId) => !seen.has(orderId) && seen.add(orderId));
    const worker = async () => {
      for (let orderId = queue.shift(); orderId !== undefined; orderId = queue.shift()) {
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
  }

  if (failures.length > 0) throw new ExpiryRunFailedError(summary, failures);
  return summary;
}
