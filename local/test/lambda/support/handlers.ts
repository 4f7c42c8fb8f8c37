/**
 * Bundles as esbuild would leave them in cdk.out: one file, `@aws-sdk/*` and other packages left external.
 * Each is the smallest handler that shows one behaviour.
 */

/** ESM: counts module inits (cold starts) and invocations of this instance. */
export const countingEsm = `
let coldStarts = 0;
coldStarts += 1;
let invocations = 0;
export const handler = async (event) => {
  invocations += 1;
  return { coldStarts, invocations, event };
};
`;

/** CommonJS `index.js`, as NodejsFunction bundles by default, with a module-level counter. */
export const countingCjs = `
let invocations = 0;
exports.handler = async (event) => {
  invocations += 1;
  return { format: typeof module === 'object' ? 'commonjs' : 'esm', invocations };
};
`;

export const throwsTypeError = `
export const handler = async () => {
  throw new TypeError('quantity must be positive');
};
`;

/** Never settles: only the timeout ends it. Counts module inits to show the next invocation is cold. */
export const hangsForever = `
let inits = 0;
inits += 1;
export const handler = async (event) => {
  if (event.hang) await new Promise(() => {});
  return { inits };
};
`;

/** Waits `event.ms` of real time. */
export const sleeps = `
export const handler = async (event) => {
  await new Promise((resolve) => setTimeout(resolve, event.ms ?? 0));
  return { slept: event.ms ?? 0 };
};
`;

/** Reports what a handler can see of its environment and context. */
export const reportsEnvironment = `
export const handler = async (event, context) => ({
  env: { ...process.env },
  context: {
    functionName: context.functionName,
    functionVersion: context.functionVersion,
    invokedFunctionArn: context.invokedFunctionArn,
    memoryLimitInMB: context.memoryLimitInMB,
    awsRequestId: context.awsRequestId,
    logGroupName: context.logGroupName,
    logStreamName: context.logStreamName,
    callbackWaitsForEmptyEventLoop: context.callbackWaitsForEmptyEventLoop,
    clientContext: context.clientContext,
    identity: context.identity,
    remainingTimeInMillis: context.getRemainingTimeInMillis(),
    xRayTraceId: context.xRayTraceId,
  },
});
`;

/** Logs with Powertools Logger (JSON) and console, resolved from the project's node_modules. */
export const logsJson = `
import { Logger } from '@aws-lambda-powertools/logger';
const logger = new Logger({ serviceName: 'fixture' });
console.log('module init');
export const handler = async (event, context) => {
  logger.addContext(context);
  logger.info('order received', { orderId: event.orderId });
  console.log('plain line for', event.orderId);
  console.error('to stderr');
  return 'logged';
};
`;

/** The SDK client, external to the bundle, calling whatever AWS_ENDPOINT_URL points at. */
export const listsQueues = `
import { SQSClient, ListQueuesCommand } from '@aws-sdk/client-sqs';
const sqs = new SQSClient({});
export const handler = async () => {
  const { QueueUrls } = await sqs.send(new ListQueuesCommand({}));
  return { QueueUrls };
};
`;

/** Powertools Tracer through middy, as the project's handlers use it. */
export const traced = `
import middy from '@middy/core';
import { Tracer } from '@aws-lambda-powertools/tracer';
import { captureLambdaHandler } from '@aws-lambda-powertools/tracer/middleware';
const tracer = new Tracer({ serviceName: 'fixture' });
export const handler = middy(async () => {
  const subsegment = tracer.getSegment()?.addNewSubsegment('work');
  tracer.putAnnotation('orderId', 'o-1');
  subsegment?.close();
  return { tracingEnabled: tracer.isTracingEnabled() };
}).use(captureLambdaHandler(tracer));
`;

export const callbackStyle = `
exports.handler = (event, context, callback) => {
  setTimeout(() => callback(null, { via: 'callback', echo: event.value }), 5);
};
`;

/** Fails every attempt, saying which attempt of this instance it was. */
export const failsEveryTime = `
let attempts = 0;
export const handler = async () => {
  attempts += 1;
  throw new Error('attempt ' + attempts + ' failed');
};
`;

/** Fails until the given attempt, then succeeds. */
export const succeedsOnAttempt = (attempt: number) => `
let attempts = 0;
export const handler = async (event) => {
  attempts += 1;
  if (attempts < ${attempt}) throw new Error('not yet: attempt ' + attempts);
  return { attempts, orderId: event.orderId };
};
`;

export const exitsProcess = `
export const handler = async () => {
  process.exit(3);
};
`;

export const throwsLater = `
export const handler = async () => {
  setTimeout(() => { throw new RangeError('background failure'); }, 0);
  await new Promise((resolve) => setTimeout(resolve, 1000));
  return 'unreachable';
};
`;

export const rejectsUnhandled = `
export const handler = async () => {
  Promise.reject(new Error('nobody listens'));
  await new Promise((resolve) => setTimeout(resolve, 1000));
  return 'unreachable';
};
`;

/** Keeps every allocation alive until the heap limit (the memory setting) is hit. */
export const exhaustsMemory = `
const kept = [];
export const handler = async () => {
  for (;;) kept.push(new Array(1e6).fill(Math.random()));
};
`;
