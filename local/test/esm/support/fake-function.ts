import { randomUUID } from 'node:crypto';
import type { Invoke, InvokeOutcome } from '../../../esm/index.ts';

export interface Call {
  functionName: string;
  /** The event as the function would parse it. */
  // biome-ignore lint/suspicious/noExplicitAny: events are plain JSON of several shapes; tests read the fields they check
  event: any; // any: events are plain JSON of several shapes; tests read the fields they check
  requestId: string;
  /** Wall-clock milliseconds. */
  startedAt: number;
  outcome?: InvokeOutcome;
}

/** What a fake handler does with an event: return a response, or throw (a function error). */
// biome-ignore lint/suspicious/noExplicitAny: events are plain JSON of several shapes; tests read the fields they check
export type FakeHandler = (event: any, call: number) => unknown; // any: as above

export interface FakeFunction {
  invoke: Invoke;
  calls: Call[];
  /** The most invocations that ran at the same time. */
  readonly maxConcurrent: number;
}

/**
 * An invoker with the signature of `LambdaService.invoke`: runs `handler` in process and answers as the Invoke API
 * does (a thrown error becomes `functionError: 'Unhandled'` with `{ errorType, errorMessage, trace }`).
 */
export function fakeFunction(handler: FakeHandler = () => null): FakeFunction {
  const calls: Call[] = [];
  let active = 0;
  let maxConcurrent = 0;
  const invoke: Invoke = async (functionName, payload) => {
    const call: Call = { functionName, event: JSON.parse(JSON.stringify(payload)), requestId: randomUUID(), startedAt: Date.now() };
    calls.push(call);
    active += 1;
    maxConcurrent = Math.max(maxConcurrent, active);
    try {
      const response = (await handler(call.event, calls.length)) ?? null;
      call.outcome = { requestId: call.requestId, statusCode: 200, executedVersion: '$LATEST', payload: JSON.stringify(response), response };
    } catch (error) {
      const body = { errorType: (error as Error).name, errorMessage: (error as Error).message, trace: [] };
      call.outcome = {
        requestId: call.requestId,
        statusCode: 200,
        executedVersion: '$LATEST',
        payload: JSON.stringify(body),
        response: body,
        functionError: 'Unhandled',
      };
    } finally {
      active -= 1;
    }
    return call.outcome;
  };
  return {
    invoke,
    calls,
    get maxConcurrent() {
      return maxConcurrent;
    },
  };
}

export const delay = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
