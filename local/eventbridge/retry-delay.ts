import { RETRY_BACKOFF } from './constants.ts';

/**
 * Wait before the `retry`-th retry (1-based): exponential, capped, with "equal jitter" (between half and all of
 * the step), so retries of many events spread out without ever coming back at once.
 *
 * @example
 * retryDelayMs(1, () => 0); // 500
 * retryDelayMs(3, () => 0.999); // ~4000
 */
export function retryDelayMs(retry: number, random: () => number, backoff: { baseMs: number; maxMs: number } = RETRY_BACKOFF): number {
  const step = Math.min(backoff.maxMs, backoff.baseMs * 2 ** Math.max(0, retry - 1));
  return Math.round(step / 2 + random() * (step / 2));
}
