/**
 * Lambda emulation for the local runtime: each function's bundle from `cdk.out` runs in worker threads with the
 * template's handler, environment (plus the local endpoint), timeout and memory; cold starts, warm reuse,
 * reserved concurrency, timeouts, asynchronous retries, destinations and dead-letter queues follow AWS.
 *
 * @example
 * import { LambdaService } from './local/lambda/index.ts';
 *
 * const lambda = new LambdaService(topology.functions, {
 *   endpointUrl, region: topology.region, accountId: topology.accountId, clock,
 *   deliver: (targetArn, payload, details) => router.deliver(targetArn, payload, details),
 *   onLog: (line) => liveLog.functionLine(line),
 *   onActivity: (activity) => liveLog.lambda(activity),
 * });
 * const result = await lambda.invoke('orders-api', { orderId: 'o-1' });
 * if (result.functionError) console.error(result.response); // { errorType, errorMessage, trace }
 * await lambda.stop();
 */
export { LambdaService } from './lambda-service.ts';
export { FileAsyncInvocationStore } from './async-invocation-store.ts';
export type { AsyncInvocationStore, StoredAsyncInvocation } from './async-invocations.ts';
export {
  FunctionNotFoundError,
  InvalidRequestContentError,
  LambdaApiError,
  LambdaServiceStoppedError,
  RequestTooLargeError,
  TooManyRequestsError,
} from './errors.ts';
export { functionArn, parseFunctionReference, type FunctionReference } from './function-arn.ts';
export { formatLogTail } from './log-tail.ts';
export { endedByTimeoutOrCrash, type FunctionUsage } from './function-usage.ts';
export type {
  Deliver,
  DeliveryDetails,
  DeliveryReason,
  DestinationCondition,
  FunctionLogLine,
  InvocationRecord,
  InvocationType,
  InvokeOptions,
  InvokeResult,
  LambdaActivity,
  LambdaServiceOptions,
  MessageAttribute,
  RuntimeErrorBody,
} from './types.ts';
