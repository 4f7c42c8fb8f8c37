import { endedByTimeoutOrCrash, type FunctionUsage } from '../../local/lambda/index.ts';
import { cpuMsOf, descendants } from './proc.ts';

/**
 * Where a soak's CPU time went, from the runtime's start to the last read of the stores: what decides how long a run
 * takes on a machine with few cores. Threads are told apart as far as Node lets: the main thread (the runtime's
 * endpoint, engines in process, pollers, the soak's own clients), the function environments' threads (their module
 * inits, Node's worker bootstrap included, and the invocations they answered), and the rest of this process (V8's
 * background threads, which collect garbage and optimize code for every isolate, and what the function threads spent
 * outside an answered invocation: runs that timed out or crashed, teardown); then the child processes (DynamoDB Local's
 * JVM; measured on Linux only).
 */
export interface CpuAccount {
  wallMs: number;
  /** This process, every thread, ended ones included. */
  processMs: number;
  mainThreadMs: number;
  functions: {
    environmentsStarted: number;
    /** Of those stopped, by reason: a `timeout` or `runtime-exit` environment is replaced by a cold one. */
    environmentsStopped: Record<string, number>;
    inits: number;
    initCpuMs: number;
    invocations: number;
    invocationCpuMs: number;
  };
  otherThreadsMs: number;
  childProcessesMs: number;
  byFunction: FunctionUsage[];
}

/** The CPU times at one moment, which an account measures from. */
export interface CpuMark {
  at: number;
  process: NodeJS.CpuUsage;
  mainThread: NodeJS.CpuUsage;
  children: Map<number, number>;
}

/** Marks now; `account` then measures from here. */
export function cpuMark(): CpuMark {
  return {
    at: Date.now(),
    process: process.cpuUsage(),
    mainThread: process.threadCpuUsage(),
    children: new Map(descendants(process.pid).map((pid) => [pid, cpuMsOf(pid)])),
  };
}

/** The CPU time since `mark`, with the functions' usage as the Lambda service counted it (from its start). */
export function cpuAccount(mark: CpuMark, byFunction: FunctionUsage[]): CpuAccount {
  const ms = ({ user, system }: NodeJS.CpuUsage) => (user + system) / 1000;
  const processMs = ms(process.cpuUsage(mark.process));
  const mainThreadMs = ms(process.threadCpuUsage(mark.mainThread));
  const childProcessesMs = descendants(process.pid).reduce((sum, pid) => sum + Math.max(0, cpuMsOf(pid) - (mark.children.get(pid) ?? 0)), 0);
  const functions: CpuAccount['functions'] = { environmentsStarted: 0, environmentsStopped: {}, inits: 0, initCpuMs: 0, invocations: 0, invocationCpuMs: 0 };
  for (const usage of byFunction) {
    functions.environmentsStarted += usage.environmentsStarted;
    for (const [reason, count] of Object.entries(usage.environmentsStopped)) {
      functions.environmentsStopped[reason] = (functions.environmentsStopped[reason] ?? 0) + count;
    }
    functions.inits += usage.inits;
    functions.initCpuMs += usage.initCpuMs;
    functions.invocations += usage.invocations;
    functions.invocationCpuMs += usage.invocationCpuMs;
  }
  return {
    wallMs: Date.now() - mark.at,
    processMs,
    mainThreadMs,
    functions,
    otherThreadsMs: Math.max(0, processMs - mainThreadMs - functions.initCpuMs - functions.invocationCpuMs),
    childProcessesMs,
    byFunction,
  };
}

/** The account as rows of the soak's table. */
export function cpuRows(account: CpuAccount): [string, string][] {
  const total = account.processMs + account.childProcessesMs;
  const s = (ms: number) => `${(ms / 1000).toFixed(0)} s`;
  const share = (ms: number) => `${s(ms)} (${((100 * ms) / total).toFixed(0)} %)`;
  const { functions } = account;
  const replaced = endedByTimeoutOrCrash(functions.environmentsStopped);
  const mean = (sum: number, count: number) => (count > 0 ? `, ${(sum / count).toFixed(0)} ms each` : '');
  return [
    ['CPU: runtime and engines, from start to the last read', `${s(total)} over ${s(account.wallMs)} (${(total / account.wallMs).toFixed(2)} cores)`],
    ['CPU: runtime main thread', share(account.mainThreadMs)],
    [
      'CPU: module inits (cold starts)',
      `${share(functions.initCpuMs)}: ${functions.inits} inits${mean(functions.initCpuMs, functions.inits)}; ${functions.environmentsStarted} environments started, ${replaced} ended by a timeout or crash`,
    ],
    ['CPU: invocations answered', `${share(functions.invocationCpuMs)}: ${functions.invocations}${mean(functions.invocationCpuMs, functions.invocations)}`],
    ['CPU: other threads (V8 GC and compilers, failed runs)', share(account.otherThreadsMs)],
    ['CPU: child processes (DynamoDB Local)', share(account.childProcessesMs)],
  ];
}
