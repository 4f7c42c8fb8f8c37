import type { ExpirySummary } from './expire-unpaid-orders.ts';
import { describeError } from '../../shared/errors/describe-error.ts';

/**
 * Some orders of a run could not be expired; the others were. Thrown after the whole run, so one
 * failing order never stops the rest, and the run still fails visibly (Errors metric, alarms).
 */
export class ExpiryRunFailedError extends Error {
  override readonly name = 'ExpiryRunFailedError';

  constructor(
    /** What the run did all the same. */
    readonly summary: ExpirySummary,
    readonly failures: readonly { orderId: string; error: unknown }[],
  ) {
    const { runId } = summary;
    const shown = failures.slice(0, 10).map(({ orderId, error }) => `${orderId} (${describeError(error)})`);
    super(`${runId}: ${failures.length} order(s) could not be expired: ${shown.join('; ')}${failures.length > shown.length ? '; …' : ''}`);
  }
}
