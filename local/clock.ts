/**
 * Time as the local runtime sees it. Every time-based behaviour (schedules, batching windows,
 * visibility timeouts, retry backoff, tumbling windows, maximum event/record age) reads this
 * clock, so tests drive time instead of waiting for it.
 */
export interface Clock {
  /** Milliseconds since the epoch. */
  now(): number;
  /** Resolves after `ms` of this clock's time; rejects with the signal's reason when aborted. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

/** Wall-clock time. */
export const systemClock: Clock = {
  now: () => Date.now(),
  sleep: (ms, signal) =>
    new Promise((resolve, reject) => {
      if (signal?.aborted) return reject(signal.reason);
      const timer = setTimeout(
        () => {
          signal?.removeEventListener('abort', onAbort);
          resolve();
        },
        Math.max(0, ms),
      );
      const onAbort = () => {
        clearTimeout(timer);
        reject(signal?.reason);
      };
      signal?.addEventListener('abort', onAbort, { once: true });
    }),
};

/**
 * Real time with shorter waits: `now()` is the base clock's, `sleep(ms)` waits `ms / factor`. The runtime's
 * `timeScale` uses it so that a soak under faults is not spent waiting out AWS's retry delays (Lambda's 1 and 2
 * minutes between asynchronous attempts, EventBridge's backoff): the same retries happen in the same order, sooner.
 * Whoever waits for a moment (a schedule) sleeps again until `now()` has reached it, so it still fires on time.
 */
export function acceleratedClock(base: Clock, factor: number): Clock {
  if (!(factor >= 1)) throw new RangeError(`a clock can be accelerated by a factor of 1 or more, got ${factor}`);
  return { now: () => base.now(), sleep: (ms, signal) => base.sleep(ms / factor, signal) };
}

/**
 * A clock that moves only when told: `advance(ms)` wakes every sleeper whose time has come, in
 * order, letting the microtasks each one schedules run before the next wakes.
 */
export class ManualClock implements Clock {
  #now: number;
  #sleepers: { until: number; wake: () => void }[] = [];

  constructor(start: number | Date = Date.UTC(2026, 0, 1)) {
    this.#now = typeof start === 'number' ? start : start.getTime();
  }

  now(): number {
    return this.#now;
  }

  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    return new Promise((resolve, reject) => {
      if (signal?.aborted) return reject(signal.reason);
      const sleeper = { until: this.#now + Math.max(0, ms), wake: () => resolve() };
      this.#sleepers.push(sleeper);
      signal?.addEventListener(
        'abort',
        () => {
          this.#sleepers = this.#sleepers.filter((s) => s !== sleeper);
          reject(signal.reason);
        },
        { once: true },
      );
    });
  }

  /** Moves time forward by `ms`, waking sleepers in time order. */
  async advance(ms: number): Promise<void> {
    const target = this.#now + ms;
    for (;;) {
      const next = this.#sleepers.filter((s) => s.until <= target).sort((a, b) => a.until - b.until)[0];
      if (!next) break;
      this.#sleepers = this.#sleepers.filter((s) => s !== next);
      this.#now = Math.max(this.#now, next.until);
      next.wake();
      // Let the woken code run (and perhaps sleep again) before the next sleeper wakes.
      await new Promise((resolve) => setImmediate(resolve));
    }
    this.#now = target;
  }

  /** How many sleepers are waiting: lets a test wait until the runtime is idle. */
  get pending(): number {
    return this.#sleepers.length;
  }
}
