import type { Context } from 'aws-lambda';
import { arn, hex, uuid, type Placement } from './aws.ts';

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
 * The `Context` Lambda passes to a handler (https://docs.aws.amazon.com/lambda/latest/dg/nodejs-context.html).
 * `getRemainingTimeInMillis()` really counts down from the timeout, so timeouts can be tested.
 *
 * @example
 * await handler(sqsEvent([record]), lambdaContext({ functionName: 'reserve-inventory' }));
 */
export function lambdaContext(options: LambdaContextOptions = {}): Context {
  const functionName = options.functionName ?? 'test-function';
  const functionVersion = options.functionVersion ?? '$LATEST';
  const deadline = Date.now() + (options.timeoutMs ?? 30_000);
  const today = new Date().toISOString().slice(0, 10).replaceAll('-', '/');
  return {
    callbackWaitsForEmptyEventLoop: true,
    functionName,
    functionVersion,
    invokedFunctionArn: arn('lambda', `function:${functionName}`, options),
    memoryLimitInMB: String(options.memoryLimitInMB ?? 1024),
    awsRequestId: options.awsRequestId ?? uuid(),
    logGroupName: `/aws/lambda/${functionName}`,
    logStreamName: `${today}/[${functionVersion}]${hex(32)}`,
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
    done: unsupported('done'),
    fail: unsupported('fail'),
    succeed: unsupported('succeed'),
  };
}
