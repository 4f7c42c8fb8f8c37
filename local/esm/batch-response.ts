import type { InvokeOutcome } from './types.ts';

/** What an invocation's result means for the batch. */
export type BatchOutcome =
  | { kind: 'success'; state?: Record<string, unknown> }
  /** `failedIds` in the order the function reported them, without repeats; never empty. */
  | { kind: 'partial'; failedIds: string[]; state?: Record<string, unknown> }
  | { kind: 'function-error'; errorType: string }
  | { kind: 'invalid-response'; reason: string };

export interface ResponseExpectations {
  /** `FunctionResponseTypes: [ReportBatchItemFailures]`: without it the response is not read at all. */
  reportBatchItemFailures: boolean;
  /** What `itemIdentifier` may name: message ids (SQS) or sequence numbers (streams) of the batch. */
  itemIds: ReadonlySet<string>;
  /** Tumbling windows: the response must carry `state`. */
  tumblingWindow: boolean;
}

/**
 * Reads a function's response the way Lambda does.
 *
 * Partial batch responses (https://docs.aws.amazon.com/lambda/latest/dg/services-sqs-errorhandling.html,
 * https://docs.aws.amazon.com/lambda/latest/dg/services-kinesis-batchfailurereporting.html): a null or empty
 * response, or a null or empty `batchItemFailures`, is a complete success; an `itemIdentifier` that is null, empty,
 * under another key name, or names no item of the batch makes the whole batch a failure, as does a response that is
 * not a JSON object.
 *
 * Tumbling windows (https://docs.aws.amazon.com/lambda/latest/dg/services-kinesis-windows.html): a response without a
 * `state` property is a failed invocation. We also require `state` to be a JSON object, as the documented
 * `TimeWindowEventResponse` has it.
 */
export function readBatchResponse(result: InvokeOutcome, expect: ResponseExpectations): BatchOutcome {
  if (result.functionError) return { kind: 'function-error', errorType: errorTypeOf(result.response) };
  const response = result.response;

  let state: Record<string, unknown> | undefined;
  if (expect.tumblingWindow) {
    if (!isObject(response) || !('state' in response)) return { kind: 'invalid-response', reason: 'the response has no state (tumbling window)' };
    if (!isObject(response.state)) return { kind: 'invalid-response', reason: 'the response state is not a JSON object' };
    state = response.state;
  }
  const withState = state ? { state } : {};
  if (!expect.reportBatchItemFailures) return { kind: 'success', ...withState };
  if (response === null || response === undefined) return { kind: 'success', ...withState };
  if (!isObject(response)) return { kind: 'invalid-response', reason: 'the response is not a JSON object' };

  const failures = response.batchItemFailures;
  if (failures === undefined || failures === null) return { kind: 'success', ...withState };
  if (!Array.isArray(failures)) return { kind: 'invalid-response', reason: 'batchItemFailures is not a list' };
  const failedIds: string[] = [];
  for (const [index, failure] of failures.entries()) {
    const id = isObject(failure) ? failure.itemIdentifier : undefined;
    if (typeof id !== 'string' || id === '') {
      return { kind: 'invalid-response', reason: `batchItemFailures[${index}].itemIdentifier is missing, null or empty` };
    }
    if (!expect.itemIds.has(id)) return { kind: 'invalid-response', reason: `batchItemFailures[${index}].itemIdentifier ${id} is not in the batch` };
    if (!failedIds.includes(id)) failedIds.push(id);
  }
  return failedIds.length === 0 ? { kind: 'success', ...withState } : { kind: 'partial', failedIds, ...withState };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function errorTypeOf(response: unknown): string {
  return isObject(response) && typeof response.errorType === 'string' ? response.errorType : 'Unhandled';
}
