/**
 * Entry point of one function instance (a worker thread): the local stand-in for Lambda's Node.js runtime.
 * Loads the handler once (the cold start), then runs one invocation at a time on request from the main
 * thread. Bundled into one plain ES module before it runs (../worker-entry.ts).
 */
import { enableCompileCache, flushCompileCache } from 'node:module';
import { parentPort, workerData } from 'node:worker_threads';
import { installAwsEgressGuard } from './aws-egress-guard.ts';
import { captureOutput } from './capture-output.ts';
import { errorLogJson, formatError, runtimeError } from './format-error.ts';
import { installAwsLambdaGlobal } from './invoke-store.ts';
import { createLambdaContext, type LambdaContext } from '../../aws/events/lambda-context.ts';
import { loadHandler, type UserHandler } from './load-handler.ts';
import { installTaskRootFormatHooks } from './module-format.ts';
import type { InvokeMessage, WorkerInit, WorkerMessage } from './protocol.ts';

const CALLBACK_HANDLER_REMOVED =
  'ERROR: AWS Lambda has removed support for callback-based function handlers starting with Node.js 24. You need to modify this function to use a supported handler signature to use Node.js 24 or later. For more information see https://docs.aws.amazon.com/lambda/latest/dg/nodejs-handler.html.';

const port = parentPort;
if (!port) throw new Error('bootstrap.ts runs inside a worker thread started by the Lambda service');
const init = workerData as WorkerInit;
const post = (message: WorkerMessage): void => port.postMessage(message);

if (init.sourceMaps) process.setSourceMapsEnabled(true);
const output = captureOutput((stream, line, requestId) => post({ type: 'log', stream, line, requestId }));
const store = installAwsLambdaGlobal();
installTaskRootFormatHooks(init.taskRoot);
installAwsEgressGuard(init.functionName);
let currentRequestId: string | undefined;

// The runtime reports these, then exits: the next invocation gets a fresh instance.
process.on('uncaughtException', (error) => fatal('Uncaught Exception', error));
process.on('unhandledRejection', (reason) => {
  fatal('Unhandled Promise Rejection', runtimeError('Runtime.UnhandledPromiseRejection', String(reason)));
});

// V8's compiled code of the bundle and of the SDK it leaves external, kept on disk (Node's own compile cache,
// keyed by each file's content): the next environment of any function skips compiling what an earlier one did.
// Lambda starts every environment from scratch; locally the CPU saved goes to the invocations that share the
// machine, and nothing the function can observe changes.
enableCompileCache();
let handler: UserHandler | undefined;
const started = performance.now();
try {
  const loaded = await loadHandler(init.taskRoot, init.handler);
  if (!init.callbackHandlers && loaded.argsNum >= 3) {
    throw runtimeError('Runtime.CallbackHandlerDeprecated', CALLBACK_HANDLER_REMOVED);
  }
  handler = loaded.handler;
} catch (error) {
  console.error(`Uncaught Exception \t${errorLogJson(error)}`);
  output.flush();
  post({ type: 'init-error', error: formatError(error) });
}
if (handler) {
  const run = handler;
  flushCompileCache();
  output.flush();
  post({ type: 'ready', initDurationMs: performance.now() - started, threadCpuMs: threadCpuMs() });
  port.on('message', (message: InvokeMessage) => void invoke(run, message));
}

async function invoke(run: UserHandler, message: InvokeMessage): Promise<void> {
  currentRequestId = message.requestId;
  output.setRequestId(message.requestId);
  // As the runtime does, the trace header of the current invocation is also exposed as an environment variable.
  process.env['_X_AMZN_TRACE_ID'] = message.traceId;
  try {
    const event: unknown = JSON.parse(message.event);
    const result = await store.runInvocation(message.requestId, message.traceId, () => callHandler(run, event, message));
    let payload: string;
    try {
      payload = JSON.stringify(result === undefined ? null : result);
    } catch {
      throw runtimeError('Runtime.JSONStringifyError', 'Unable to stringify response body');
    }
    output.flush();
    post({ type: 'result', requestId: message.requestId, ok: true, payload, threadCpuMs: threadCpuMs() });
  } catch (error) {
    console.error(`Invoke Error \t${errorLogJson(error)}`);
    output.flush();
    post({ type: 'result', requestId: message.requestId, ok: false, error: formatError(error), threadCpuMs: threadCpuMs() });
  }
}

function callHandler(run: UserHandler, event: unknown, message: InvokeMessage): Promise<unknown> {
  const input = {
    functionName: init.functionName,
    functionVersion: init.functionVersion,
    invokedFunctionArn: message.invokedFunctionArn,
    memoryLimitInMB: init.memoryLimitInMB,
    awsRequestId: message.requestId,
    logGroupName: init.logGroupName,
    logStreamName: init.logStreamName,
    xRayTraceId: message.traceId,
    clientContext: message.clientContext,
    deadlineMs: message.deadlineMs,
  };
  if (!init.callbackHandlers) return Promise.resolve().then(() => run(event, createLambdaContext(input)));

  // Runtimes before Node.js 24: the first of callback, context.done/succeed/fail or a settled promise wins.
  return new Promise((resolve, reject) => {
    const complete = (error: unknown, result?: unknown): void => {
      if (error !== undefined && error !== null) reject(error);
      else resolve(result);
    };
    const context: LambdaContext = createLambdaContext(input, complete);
    try {
      const returned = run(event, context, complete);
      if (returned !== null && typeof returned === 'object' && typeof (returned as Promise<unknown>).then === 'function') {
        (returned as Promise<unknown>).then(resolve, reject);
      }
    } catch (error) {
      reject(error);
    }
  });
}

/** This thread's CPU time so far, user and system, in milliseconds. */
function threadCpuMs(): number {
  const { user, system } = process.threadCpuUsage();
  return (user + system) / 1000;
}

function fatal(label: string, error: unknown): void {
  console.error(`${label} \t${errorLogJson(error)}`);
  output.flush();
  post({ type: 'fatal', requestId: currentRequestId, error: formatError(error) });
}
