/** Delays of an exponential backoff. Every field has a default. */
export interface BackoffOptions {
  /**
   * Ceiling of the first retry's delay; it doubles on each retry.
   * @default 100
   */
  baseDelayMs?: number;
  /**
   * Upper bound of the ceiling.
   * @default 2000
   */
  maxDelayMs?: number;
  /** A number in [0, 1), like `Math.random`; tests inject a fixed sequence. */
  random?: () => number;
}

export const DEFAULT_BACKOFF = { baseDelayMs: 100, maxDelayMs: 2000 } as const;

/**
 * The one backoff of the app: the delay before retry number `retry` (1 for the first retry),
 * exponential with full jitter, a uniform draw in [0, min(maxDelayMs, baseDelayMs * 2^(retry - 1))).
 * Full jitter spreads competing clients best: https://aws.amazon.com/blogs/architecture/exponential-backoff-and-jitter/
 *
 * @example
 * backoffDelay(3, { baseDelayMs: 100, random: () => 0.5 }); // 200: half of the 400 ms ceiling
 */
export function backoffDelay(retry: number, options: BackoffOptions = {}): number {
  const base = options.baseDelayMs ?? DEFAULT_BACKOFF.baseDelayMs;
  const cap = options.maxDelayMs ?? DEFAULT_BACKOFF.maxDelayMs;
  const ceiling = Math.min(cap, base * 2 ** (retry - 1));
  return Math.floor((options.random ?? Math.random)() * ceiling);
}
