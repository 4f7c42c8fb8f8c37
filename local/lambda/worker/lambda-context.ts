/**
 * The `context` object handed to the handler, with the fields Lambda's Node.js runtime sets. Callback-era
 * helpers (`done`, `succeed`, `fail`) exist only on runtimes that still accept callback handlers.
 * https://docs.aws.amazon.com/lambda/latest/dg/nodejs-context.html
 */
export interface LambdaContext {
  functionName: string;
  functionVersion: string;
  invokedFunctionArn: string;
  memoryLimitInMB: string;
  awsRequestId: string;
  logGroupName: string;
  logStreamName: string;
  xRayTraceId?: string;
  clientContext?: Record<string, unknown>;
  identity?: Record<string, unknown>;
  callbackWaitsForEmptyEventLoop: boolean;
  getRemainingTimeInMillis(): number;
  done?: (error?: unknown, result?: unknown) => void;
  succeed?: (result?: unknown) => void;
  fail?: (error: unknown) => void;
}

/** What the worker knows of an invocation: the context's own fields, and when it times out. */
export type ContextInput = Pick<
  LambdaContext,
  | 'functionName'
  | 'functionVersion'
  | 'invokedFunctionArn'
  | 'memoryLimitInMB'
  | 'awsRequestId'
  | 'logGroupName'
  | 'logStreamName'
  | 'xRayTraceId'
  | 'clientContext'
> & {
  /** Epoch milliseconds when the invocation times out. */
  deadlineMs: number;
};

/** `complete` receives `done`/`succeed`/`fail` calls; pass it only for runtimes that accept callbacks. */
export function createLambdaContext(input: ContextInput, complete?: (error: unknown, result?: unknown) => void, now: () => number = Date.now): LambdaContext {
  const { deadlineMs, ...fields } = input;
  const context: LambdaContext = {
    ...fields,
    clientContext: input.clientContext,
    identity: undefined,
    callbackWaitsForEmptyEventLoop: true,
    getRemainingTimeInMillis: () => Math.max(0, deadlineMs - now()),
  };
  if (complete) {
    context.done = (error, result) => complete(error, result);
    context.succeed = (result) => complete(null, result);
    context.fail = (error) => complete(error ?? 'handled');
  }
  return context;
}
