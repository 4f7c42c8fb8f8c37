/**
 * Messages between the Lambda service (main thread) and one function instance (a worker thread). Plain
 * JSON-compatible data only. Log lines and results travel on the same port, so a result never overtakes the
 * lines its invocation printed.
 */

/** The error body Lambda's Node.js runtime returns for a failed invocation. */
export interface RuntimeErrorBody {
  errorType: string;
  errorMessage: string;
  trace: string[];
}

/** Handed to the worker at start (`workerData`). */
export interface WorkerInit {
  taskRoot: string;
  handler: string;
  functionName: string;
  functionVersion: string;
  memoryLimitInMB: string;
  logGroupName: string;
  logStreamName: string;
  /** Node.js 24 and later reject callback-style handlers at init, as AWS's runtime does. */
  callbackHandlers: boolean;
  /** `NODE_OPTIONS` asks for source maps: turned on inside the worker (other options cannot apply per thread). */
  sourceMaps: boolean;
}

export interface InvokeMessage {
  type: 'invoke';
  requestId: string;
  /** The event as JSON text. */
  event: string;
  invokedFunctionArn: string;
  traceId: string;
  /** Epoch milliseconds by which the handler must finish (`getRemainingTimeInMillis`). */
  deadlineMs: number;
  clientContext?: Record<string, unknown>;
}

export type LogStream = 'stdout' | 'stderr';

/**
 * `threadCpuMs` is the CPU time the worker's thread has used since it started (Node's own worker bootstrap included),
 * read when the message is posted: the main thread tells init and each invocation apart by difference.
 */
export type WorkerMessage =
  | { type: 'ready'; initDurationMs: number; threadCpuMs: number }
  | { type: 'init-error'; error: RuntimeErrorBody }
  | { type: 'log'; stream: LogStream; line: string; requestId?: string }
  | { type: 'result'; requestId: string; ok: true; payload: string; threadCpuMs: number }
  | { type: 'result'; requestId: string; ok: false; error: RuntimeErrorBody; threadCpuMs: number }
  /** An uncaught exception or unhandled rejection: the runtime exits after reporting it, as on AWS. */
  | { type: 'fatal'; requestId?: string; error: RuntimeErrorBody };
