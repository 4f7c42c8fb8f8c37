import type { StopReason } from './function-instance.ts';
import type { StartGate } from './start-gate.ts';

/** What the pool needs of an execution environment (a `FunctionInstance`). */
export interface PooledInstance {
  readonly stopped: boolean;
  /** Resolves once module init has ended: ready, failed, or stopped before it could. */
  readonly initEnded: Promise<void>;
  terminate(reason: StopReason): Promise<void>;
}

export interface PoolLimits {
  /** Most instances alive at once. */
  max: number;
  /** Reserved concurrency: over `max`, invocations are throttled instead of waiting. */
  throttle: boolean;
}

/**
 * The execution environments of one function: warm instances are reused (most recently used first, like
 * Lambda's routing to warm environments), new ones are started on demand up to the limit, each through the
 * runtime's start gate (at most so many environments starting at once, across functions: {@link StartGate}).
 */
export class InstancePool<Instance extends PooledInstance> {
  #start: (onStop: (instance: Instance, reason: StopReason) => void) => Instance;
  #limits: PoolLimits;
  #gate: StartGate;
  #live = new Set<Instance>();
  /** Instances started before the last `renew()`: they finish what they run, then stop instead of being reused. */
  #outdated = new Set<Instance>();
  #idle: Instance[] = [];
  /** Invocations waiting for an instance, first come first served. */
  #waiting: ((instance: Instance) => void)[] = [];
  #closed = false;

  constructor(start: (onStop: (instance: Instance, reason: StopReason) => void) => Instance, limits: PoolLimits, gate: StartGate) {
    this.#start = start;
    this.#limits = limits;
    this.#gate = gate;
  }

  /** Instances alive (idle, busy or starting). */
  get size(): number {
    return this.#live.size;
  }

  /** Instances alive (idle, busy or starting). */
  get live(): readonly Instance[] {
    return [...this.#live];
  }

  get limits(): PoolLimits {
    return this.#limits;
  }

  /**
   * A free instance: warm if there is one, otherwise a new one once the start gate lets it start (or the first
   * instance to come free, if that is sooner). When the limit is reached: `undefined` if the pool throttles,
   * otherwise the first instance to come free.
   */
  async acquire(): Promise<Instance | undefined> {
    const warm = this.#idle.pop();
    if (warm) return warm;
    if (this.#live.size >= this.#limits.max && this.#limits.throttle) return undefined;
    if (this.#live.size < this.#limits.max && this.#waiting.length === 0 && this.#gate.tryEnter()) return this.#spawn();
    return new Promise((resolve) => {
      this.#waiting.push(resolve);
      this.#serve();
    });
  }

  /** Gives an instance back after an invocation; a stopped one is forgotten and its place freed. */
  release(instance: Instance): void {
    if (instance.stopped || this.#closed) {
      this.#forget(instance);
      return;
    }
    if (this.#outdated.has(instance)) {
      this.#retire(instance);
      return;
    }
    this.#idle.push(instance);
    this.#serve();
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

  /**
   * Hands out what the waiting invocations can have now: an idle instance, else a new one if the limit and the
   * start gate allow; otherwise the next release, stop or free start slot calls this again.
   */
  readonly #serve = (): void => {
    while (!this.#closed && this.#waiting.length > 0) {
      const warm = this.#idle.pop();
      if (warm) {
        this.#waiting.shift()?.(warm);
        continue;
      }
      if (this.#live.size >= this.#limits.max) return;
      if (!this.#gate.tryEnter()) {
        this.#gate.whenFree(this.#serve);
        return;
      }
      this.#waiting.shift()?.(this.#spawn());
    }
  };

  /** Starts an instance on a start slot already taken; the slot is given back once its init has ended. */
  #spawn(): Instance {
    let instance: Instance;
    try {
      instance = this.#start((stopped) => this.#forget(stopped));
    } catch (error) {
      this.#gate.leave();
      throw error;
    }
    this.#live.add(instance);
    void instance.initEnded.then(() => this.#gate.leave());
    return instance;
  }

  #retire(instance: Instance): void {
    // Forgotten first: its place goes to a new instance (a waiting invocation gets one) while the old thread exits.
    this.#forget(instance);
    void instance.terminate('code-updated');
  }

  #forget(instance: Instance): void {
    this.#outdated.delete(instance);
    if (!this.#live.delete(instance)) return;
    this.#idle = this.#idle.filter((idle) => idle !== instance);
    this.#serve();
  }
}
