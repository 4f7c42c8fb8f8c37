import type { InstanceExecution, StopReason } from '../lambda/function-instance.ts';
import type { Chaos } from './chaos.ts';

export type LambdaFault = 'lambda.error' | 'lambda.timeout' | 'lambda.crash';

const LAMBDA_FAULTS = ['lambda.error', 'lambda.timeout', 'lambda.crash'] as const;

/** Longest wait before an injected crash kills the worker: short, so that some land mid-handler and some after. */
export const CRASH_WITHIN_MS = 50;

/** Which fault (if any) one execution gets: an invocation errs, times out or crashes, never two of them. */
export function lambdaFault(chaos: Chaos, functionName: string, requestId: string): LambdaFault | undefined {
  return chaos.strikeOne(LAMBDA_FAULTS, `${functionName} ${requestId}`);
}

export interface FaultedExecution {
  fault: LambdaFault;
  requestId: string;
  timeoutSeconds: number;
  /** Runs the handler on the instance. */
  run: () => Promise<InstanceExecution>;
  /** Ends the instance, as Lambda discards an environment after a timeout or a crash. */
  terminate: (reason: StopReason) => Promise<void>;
  /** For `lambda.crash`: a number in [0, 1) that places the crash. */
  draw: () => number;
}

/**
 * Runs one execution with its injected fault and answers what Lambda reports:
 * - `lambda.error`: the handler throws at once (it does not run): `Error`;
 * - `lambda.timeout`: the handler runs to its end, then `Sandbox.Timedout` and the environment is discarded;
 * - `lambda.crash`: the worker is killed within `CRASH_WITHIN_MS` (mid-handler or just after it): `Runtime.ExitError`
 *   with `signal: killed`, what an out-of-memory kill reports, and the environment is gone.
 */
export async function runWithFault(execution: FaultedExecution): Promise<InstanceExecution> {
  const { fault, requestId } = execution;
  if (fault === 'lambda.error') {
    return {
      ok: false,
      timedOut: false,
      error: { errorType: 'Error', errorMessage: 'eventful chaos: injected function error', trace: [] },
      logs: [],
      discarded: false,
    };
  }
  if (fault === 'lambda.timeout') {
    const result = await execution.run();
    await execution.terminate('timeout');
    const seconds = execution.timeoutSeconds.toFixed(2);
    return {
      ok: false,
      timedOut: true,
      error: { errorType: 'Sandbox.Timedout', errorMessage: `RequestId: ${requestId} Error: Task timed out after ${seconds} seconds`, trace: [] },
      logs: result.logs,
      discarded: true,
    };
  }
  const running = execution.run();
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([running, new Promise<void>((resolve) => (timer = setTimeout(resolve, Math.floor(execution.draw() * CRASH_WITHIN_MS))))]);
  clearTimeout(timer);
  await execution.terminate('runtime-exit');
  const result = await running;
  return {
    ok: false,
    timedOut: false,
    error: { errorType: 'Runtime.ExitError', errorMessage: `RequestId: ${requestId} Error: Runtime exited with error: signal: killed`, trace: [] },
    logs: result.logs,
    discarded: true,
  };
}
