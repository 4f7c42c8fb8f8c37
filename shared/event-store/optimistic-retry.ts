import { setTimeout as sleep } from 'node:timers/promises';
import { backoffDelay } from '../async/backoff.ts';
import { ConcurrencyConflictError } from './errors.ts';

export interface OptimisticRetryOptions {
  /** @default 5 */
  maxAttempts?: number;
  /** Upper bound of the first random pause, doubled on each conflict. @default 20 */
  baseDelayMs?: number;
}

/**
 * Runs `attempt` (load, decide, append) again when it lost a race (ConcurrencyConflictError), after a
 * short random pause so racing writers spread out. Each attempt must load the aggregate afresh.
 *
 * @throws ConcurrencyConflictError when every attempt lost; any other error at once.
 */
export async function withOptimisticConcurrency<T>(attempt: () => Promise<T>, { maxAttempts = 5, baseDelayMs = 20 }: OptimisticRetryOptions = {}): Promise<T> {
  for (let attemptNumber = 1; ; attemptNumber++) {
    try {
      return await attempt();
    } catch (error) {
      if (!(error instanceof ConcurrencyConflictError) || attemptNumber >= maxAttempts) throw error;
      await sleep(backoffDelay(attemptNumber, { baseDelayMs }));
    }
  }
}
