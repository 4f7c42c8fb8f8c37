import type { StopReason } from './function-instance.ts';

/**
 * What one function's environments cost the machine since the service started: how many started (each one a module
 * init, a cold start) and why they ended, and the CPU time of their threads. Lambda bills none of this as such; locally
 * it says where a busy machine's cores went (under chaos, every timed-out or crashed environment is replaced by a cold
 * one).
 */
export interface FunctionUsage {
  functionName: string;
  environmentsStarted: number;
  environmentsStopped: Partial<Record<StopReason, number>>;
  /** Module inits that completed, and their threads' CPU time until ready, Node's own worker bootstrap included. */
  inits: number;
  initCpuMs: number;
  /** Invocations whose handler answered, and their threads' CPU time; a run that timed out or crashed is not counted. */
  invocations: number;
  invocationCpuMs: number;
}

/** Environments a timeout or a crash ended: on Lambda as here, each one is replaced by a cold start. */
export function endedByTimeoutOrCrash(stopped: Partial<Record<StopReason, number>>): number {
  return (stopped.timeout ?? 0) + (stopped['runtime-exit'] ?? 0);
}

/** Counts, per function, the environments started and stopped and the CPU time their inits and invocations took. */
export class FunctionUsageLedger {
  readonly #byFunction = new Map<string, FunctionUsage>();

  environmentStarted(functionName: string): void {
    this.#of(functionName).environmentsStarted += 1;
  }

  environmentStopped(functionName: string, reason: StopReason): void {
    const stopped = this.#of(functionName).environmentsStopped;
    stopped[reason] = (stopped[reason] ?? 0) + 1;
  }

  /** One execution: `initCpuMs` when it ran module init, `cpuMs` when its handler answered. */
  executed(functionName: string, { initCpuMs, cpuMs }: { initCpuMs?: number | undefined; cpuMs?: number | undefined }): void {
    const usage = this.#of(functionName);
    if (initCpuMs !== undefined) {
      usage.inits += 1;
      usage.initCpuMs += initCpuMs;
    }
    if (cpuMs !== undefined) {
      usage.invocations += 1;
      usage.invocationCpuMs += cpuMs;
    }
  }

  /** Every function that started an environment, by name; copies, so later counts do not change them. */
  snapshot(): FunctionUsage[] {
    return [...this.#byFunction.values()]
      .map((usage) => ({ ...usage, environmentsStopped: { ...usage.environmentsStopped } }))
      .sort((a, b) => (a.functionName < b.functionName ? -1 : a.functionName > b.functionName ? 1 : 0));
  }

  #of(functionName: string): FunctionUsage {
    let usage = this.#byFunction.get(functionName);
    if (!usage) {
      usage = { functionName, environmentsStarted: 0, environmentsStopped: {}, inits: 0, initCpuMs: 0, invocations: 0, invocationCpuMs: 0 };
      this.#byFunction.set(functionName, usage);
    }
    return usage;
  }
}
