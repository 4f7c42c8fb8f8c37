import type { Clock } from '../clock.ts';

/**
 * `MaximumBatchingWindowInSeconds`: once a batch has its first record, Lambda keeps reading until the batch is
 * full, the window has passed, or the payload reaches 6 MB. With a window of 0 it invokes as soon as it has
 * records. https://docs.aws.amazon.com/lambda/latest/dg/invocation-eventsourcemapping.html#invocation-eventsourcemapping-batching
 *
 * The window opens with the batch's first record (AWS does not say when it opens; counting from the first record
 * means an idle source never starts a window). It runs on the injectable clock.
 */
export class BatchWindow {
  #deadline: number | undefined;

  constructor(
    private readonly clock: Clock,
    readonly windowMs: number,
  ) {}

  /** The batch has its first record: the window starts now, unless it already has. */
  open(): void {
    this.#deadline ??= this.clock.now() + this.windowMs;
  }

  get isOpen(): boolean {
    return this.#deadline !== undefined;
  }

  /** True once the window has passed (at once for a window of 0); false while no record has opened it. */
  get expired(): boolean {
    return this.#deadline !== undefined && (this.windowMs === 0 || this.clock.now() >= this.#deadline);
  }

  /** Milliseconds left, or Infinity while the window is not open. */
  get remainingMs(): number {
    return this.#deadline === undefined ? Infinity : Math.max(0, this.#deadline - this.clock.now());
  }

  /** The next batch starts a new window. */
  reset(): void {
    this.#deadline = undefined;
  }
}

/** Sleeps on the clock for `ms`, or not at all for 0 or less (a manual clock only wakes sleepers when moved). */
export async function pause(clock: Clock, ms: number, signal: AbortSignal): Promise<void> {
  signal.throwIfAborted();
  if (ms > 0 && Number.isFinite(ms)) await clock.sleep(ms, signal);
  else await new Promise((resolve) => setImmediate(resolve));
}
