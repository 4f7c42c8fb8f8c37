import type { QueueSpec } from '../../local/topology/types.ts';

/** The least the soak waits for the runtime to be quiet, whatever the app's queues. */
export const LEAST_QUIET_WAIT_MS = 5 * 60_000;

/** How long the soak waits for quiet, and the queue whose redeliveries set it (none: the least wait did). */
export interface QuietBound {
  ms: number;
  queue?: { name: string; receives: number; visibilityTimeoutSeconds: number; timeScale: number };
}

/**
 * How long the runtime may take to become quiet under chaos without anything being wrong: at least 5 minutes, and
 * at least the longest chain of redeliveries one of the app's queues allows. A consumer that fails a message (an
 * injected timeout or crash) leaves it invisible for the queue's visibility timeout before the next receive, as SQS
 * does, up to `maxReceiveCount` receives before the dead-letter queue: the product-import queue's 90 minutes (six
 * times its 15-minute function timeout, as AWS advises), five receives, is 22.5 minutes of waiting at ×20. A run
 * that is not quiet by then has work that does not settle, which is what the bound is there to catch.
 */
export function quietBound(queues: readonly QueueSpec[], timeScale: number): QuietBound {
  let bound: QuietBound = { ms: LEAST_QUIET_WAIT_MS };
  for (const queue of queues) {
    const receives = queue.redrivePolicy?.maxReceiveCount ?? 1;
    const ms = (receives * queue.visibilityTimeoutSeconds * 1000) / timeScale;
    if (ms > bound.ms) bound = { ms, queue: { name: queue.name, receives, visibilityTimeoutSeconds: queue.visibilityTimeoutSeconds, timeScale } };
  }
  return bound;
}

/** `5 minutes`, or `22.5 minutes: 5 receives × 5400 s visibility of ImportQueue ÷ 20`. */
export function describeQuietBound(bound: QuietBound): string {
  const minutes = `${Number((bound.ms / 60_000).toFixed(1))} minutes`;
  if (!bound.queue) return minutes;
  const { name, receives, visibilityTimeoutSeconds, timeScale } = bound.queue;
  return `${minutes}: ${receives} receives × ${visibilityTimeoutSeconds} s visibility of ${name} ÷ ${timeScale}`;
}
