import type { Context } from 'aws-lambda';
import { arn, hex, type Placement, uuid } from './common.ts';

/**
 * The `context` object handed to a handler, with the fields Lambda's Node.js runtime sets. Callback-era
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

/** What is known of an invocation: the context's own fields, and when it times out. */
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

/**
 * The context, `getRemainingTimeInMillis()` counting down to the deadline on `now`. `complete` receives
 * `done`/`succeed`/`fail` calls; pass it only for runtimes that accept callbacks.
 */
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

export interface LambdaContextOptions extends Placement {
  /** @default 'test-function' */
  functionName?: string;
  /** @default '$LATEST' */
  functionVersion?: string;
  /** @default 1024 */
  memoryLimitInMB?: number;
  /** The function timeout; `getRemainingTimeInMillis()` counts down from it. @default 30 000 */
  timeoutMs?: number;
  awsRequestId?: string;
}

const unsupported = (name: string) => () => {
  throw new Error(`context.${name}() is deprecated; return or throw from an async handler instead`);
};

/**
 * A context for calling a handler directly, typed as @types/aws-lambda's `Context`: names and ARNs from the
 * options, `getRemainingTimeInMillis()` really counting down from the timeout (so timeouts can be tested), and
 * the callback-era helpers throwing, as async handlers must not use them.
 *
 * @example
 * await handler(sqsEvent([record]), lambdaContext({ functionName: 'reserve-inventory' }));
 */
export function lambdaContext(options: LambdaContextOptions = {}): Context {
  const functionName = options.functionName ?? 'test-function';
  const functionVersion = options.functionVersion ?? '$LATEST';
  const today = new Date().toISOString().slice(0, 10).replaceAll('-', '/');
  const context = createLambdaContext({
    functionName,
    functionVersion,
    invokedFunctionArn: arn('lambda', `function:${functionName}`, options),
    memoryLimitInMB: String(options.memoryLimitInMB ?? 1024),
    awsRequestId: options.awsRequestId ?? uuid(),
    logGroupName: `/aws/lambda/${functionName}`,
    logStreamName: `${today}/[${functionVersion}]${hex(32)}`,
    deadlineMs: Date.now() + (options.timeoutMs ?? 30_000),
  });
  return { ...context, done: unsupported('done'), fail: unsupported('fail'), succeed: unsupported('succeed') } as Context;
}
