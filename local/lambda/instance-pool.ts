import type { FunctionInstance, StopReason } from './function-instance.ts';

export interface PoolLimits {
  /** Most instances alive at once. */
  max: number;
  /** Reserved concurrency: over `max`, invocations are throttled instead of waiting. */
  throttle: boolean;
}

/**
 * The execution environments of one function: warm instances are reused (most recently used first, like
 * Lambda's routing to warm environments), new ones are started on demand up to the limit.
 */
export class InstancePool {
  #start: (onStop: (instance: FunctionInstance, reason: StopReason) => void) => FunctionInstance;
  #limits: PoolLimits;
  #live = new Set<FunctionInstance>();
  /** Instances started before the last `renew()`: they finish what they run, then stop instead of being reused. */
  #outdated = new Set<FunctionInstance>();
  #idle: FunctionInstance[] = [];
  #waiting: ((instance: FunctionInstance) => void)[] = [];
  #closed = false;

  constructor(start: (onStop: (instance: FunctionInstance, reason: StopReason) => void) => FunctionInstance, limits: PoolLimits) {
    this.#start = start;
    this.#limits = limits;
  }

  /** Instances alive (idle, busy or starting). */
  get size(): number {
    return this.#live.size;
  }

  get limits(): PoolLimits {
    return this.#limits;
  }

  /**
   * A free instance: warm if there is one, otherwise a new one. When the limit is reached: `undefined` if the
   * pool throttles, otherwise the first instance to come free.
   */
  async acquire(): Promise<FunctionInstance | undefined> {
    const warm = this.#idle.pop();
    if (warm) return warm;
    if (this.#live.size < this.#limits.max) return this.#spawn();
    if (this.#limits.throttle) return undefined;
    return new Promise((resolve) => this.#waiting.push(resolve));
  }

  /** Gives an instance back after an invocation; a stopped one is forgotten and its place freed. */
  release(instance: FunctionInstance): void {
    if (instance.stopped || this.#closed) {
      this.#forget(instance);
      return;
    }
    if (this.#outdated.has(instance)) {
      this.#retire(instance);
      return;
    }
    const next = this.#waiting.shift();
    if (next) next(instance);
    else this.#idle.push(instance);
  }

  /**
   * The function's code changed: idle instances stop now, busy ones finish their invocation on the old code and
   * stop when released. Every instance started from now on (`start` reads the current code) runs the new code.
   */
  renew(): void {
    for (const instance of this.#live) this.#outdated.add(instance);
    const idle = this.#idle;
    this.#idle = [];
    for (const instance of idle) this.#retire(instance);
  }

  /** Terminates every instance and waits for their threads to exit. */
  async close(): Promise<void> {
    this.#closed = true;
    this.#waiting = [];
    await Promise.all([...this.#live].map((instance) => instance.terminate('shutdown')));
    this.#live.clear();
    this.#idle = [];
  }

  #spawn(): FunctionInstance {
    const instance = this.#start((stopped) => this.#forget(stopped));
    this.#live.add(instance);
    return instance;
  }

  #retire(instance: FunctionInstance): void {
    // Forgotten first: its place goes to a new instance (a waiting invocation gets one) while the old thread exits.
    this.#forget(instance);
    void instance.terminate('code-updated');
  }

  #forget(instance: FunctionInstance): void {
    this.#outdated.delete(instance);
    if (!this.#live.delete(instance)) return;
    this.#idle = this.#idle.filter((idle) => idle !== instance);
    const next = this.#closed ? undefined : this.#waiting.shift();
    if (next) next(this.#spawn());
  }
}
