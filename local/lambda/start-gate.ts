import { availableParallelism } from 'node:os';

/**
 * How many execution environments may be starting (running module init) at once, across every function of the
 * runtime. On AWS each environment initializes on capacity of its own; here they all share the machine's cores, so
 * a burst of cold starts (a load spike, or the environments that timeouts and crashes discarded being replaced)
 * makes every one of them slower, the invocations behind them run past their timeouts, and each timeout discards
 * another environment. Past the limit, an invocation that needs a new environment waits for a start slot or for an
 * environment of its function to come free, whichever comes first: only when it starts changes, not what runs, and
 * its function timeout starts with its invocation, as on AWS.
 */
export class StartGate {
  readonly limit: number;
  #starting = 0;
  /** Pools with an invocation waiting for a start slot, in the order they asked. */
  #wanting: (() => void)[] = [];

  constructor(limit: number) {
    if (!Number.isInteger(limit) || limit < 1) throw new Error(`concurrent environment starts must be a positive integer, got ${limit}`);
    this.limit = limit;
  }

  /** Environments starting now. */
  get starting(): number {
    return this.#starting;
  }

  /** Takes a start slot if one is free. Whoever gets one calls `leave()` once its environment's init has ended. */
  tryEnter(): boolean {
    if (this.#starting >= this.limit) return false;
    this.#starting += 1;
    return true;
  }

  leave(): void {
    this.#starting -= 1;
    while (this.#starting < this.limit) {
      const serve = this.#wanting.shift();
      if (!serve) return;
      serve();
    }
  }

  /** Calls `serve` once, when a slot frees; `serve` takes it with `tryEnter()` if it still needs it. */
  whenFree(serve: () => void): void {
    if (!this.#wanting.includes(serve)) this.#wanting.push(serve);
  }
}

/** One environment starting per core: init is CPU work, and more at once only makes each one slower. */
export function defaultConcurrentStarts(): number {
  return availableParallelism();
}
