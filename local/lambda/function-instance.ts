import { randomUUID } from 'node:crypto';
import { Worker } from 'node:worker_threads';
import type { FunctionSpec } from '../topology/types.ts';
import { INIT_PHASE_LIMIT_MS, INVOCATION_LOG_LINES_KEPT, LATEST } from './constants.ts';
import type { ExecutionOutcome, FunctionLogLine, RuntimeErrorBody } from './types.ts';
import type { InvokeMessage, WorkerInit, WorkerMessage } from './worker/protocol.ts';
import { workerEntry } from './worker-entry.ts';

export interface InstanceOptions {
  spec: FunctionSpec;
  env: Record<string, string>;
  logStreamName: string;
  /** Every line the instance prints, and Lambda's own lines about it (`platform`). */
  onLog: (line: FunctionLogLine) => void;
}

export interface ExecutionRequest {
  requestId: string;
  /** The event as JSON text. */
  event: string;
  invokedFunctionArn: string;
  traceId: string;
  clientContext?: Record<string, unknown>;
}

export type InstanceExecution = ExecutionOutcome & {
  /** Set on the invocation that ran module init (the cold start). */
  initDurationMs?: number;
  /** CPU time of the environment's thread until its handler was ready (Node's worker bootstrap included): with `initDurationMs`. */
  initCpuMs?: number;
  /** CPU time of the environment's thread during the handler's run; absent when the handler never answered (timeout, crash). */
  cpuMs?: number;
  /** The instance is gone (timeout, init error, runtime exit): the next invocation needs a fresh one. */
  discarded: boolean;
};

/** `code-updated`: its function's code was replaced (hot reload); it finished what it ran on the old code. */
export type StopReason = 'timeout' | 'runtime-exit' | 'init-error' | 'shutdown' | 'code-updated';

type InitOutcome = { ok: true; initDurationMs: number; initCpuMs: number } | { ok: false; error: RuntimeErrorBody };

interface Pending {
  requestId: string;
  logs: FunctionLogLine[];
  settle: (outcome: ExecutionOutcome) => void;
  /** The thread's CPU time during this run, once the handler answered. */
  cpuMs?: number;
}

/**
 * One execution environment: a worker thread that loaded the function's bundle once and runs one invocation
 * at a time. A timeout, an init error or a runtime crash ends it, as Lambda discards such an environment.
 */
export class FunctionInstance {
  readonly id = randomUUID();
  readonly logStreamName: string;
  /** Resolves once the worker thread has exited. */
  readonly exited: Promise<void>;
  /** Resolves once module init has ended: ready, failed, or the instance stopped before it could. */
  readonly initEnded: Promise<void>;
  #endInit: () => void = () => {};
  #options: InstanceOptions;
  #worker: Worker;
  #ready: Promise<InitOutcome>;
  #settleInit: (outcome: InitOutcome) => void = () => {};
  #pending: Pending | undefined;
  #invocations = 0;
  /** The worker thread's CPU time (ms) as of its last message that carried it. */
  #threadCpuMs = 0;
  #stopReason: StopReason | undefined;
  #onStop: (reason: StopReason) => void;

  constructor(options: InstanceOptions, onStop: (reason: StopReason) => void) {
    this.#options = options;
    this.#onStop = onStop;
    this.logStreamName = options.logStreamName;
    const { spec } = options;
    this.#ready = new Promise((resolve) => (this.#settleInit = resolve));
    this.initEnded = new Promise((resolve) => (this.#endInit = resolve));
    void this.#ready.then(() => this.#endInit());
    const init: WorkerInit = {
      taskRoot: spec.codeDir,
      handler: spec.handler,
      functionName: spec.name,
      functionVersion: LATEST,
      memoryLimitInMB: String(spec.memoryMb),
      logGroupName: spec.logGroupName,
      logStreamName: options.logStreamName,
      callbackHandlers: acceptsCallbackHandlers(spec.runtime),
      sourceMaps: (spec.environment['NODE_OPTIONS'] ?? '').includes('--enable-source-maps'),
    };
    this.#worker = new Worker(workerEntry(), {
      workerData: init,
      env: options.env,
      // Not the parent's flags (a loader, an inspector): the function runs in a plain Node, as on Lambda.
      execArgv: [],
      stdout: true,
      stderr: true,
      // The closest a thread gets to the function's memory setting: V8's old space, where the heap lives.
      resourceLimits: { maxOldGenerationSizeMb: spec.memoryMb },
    });
    // Output written before the bootstrap takes over the streams (or by native code) still reaches the log.
    this.#worker.stdout.setEncoding('utf8').on('data', (text: string) => this.#rawOutput('stdout', text));
    this.#worker.stderr.setEncoding('utf8').on('data', (text: string) => this.#rawOutput('stderr', text));
    this.#worker.on('message', (message: WorkerMessage) => this.#receive(message));
    this.#worker.on('error', (error: Error & { code?: string }) => {
      const outOfMemory = error.code === 'ERR_WORKER_OUT_OF_MEMORY';
      this.#crash(outOfMemory ? 'Runtime.OutOfMemory' : 'Runtime.ExitError', outOfMemory ? 'signal: killed' : `exit status 1 (${error.message})`);
    });
    this.exited = new Promise((resolve) =>
      this.#worker.once('exit', (code) => {
        this.#crash('Runtime.ExitError', `exit status ${code}`);
        resolve();
      }),
    );
  }

  /**
   * The bytes this environment's V8 heap occupies (its own isolate, apart from the main thread's), or 0 once its
   * thread has exited. Lambda would count the whole process: a thread's other memory is not separable locally.
   */
  async heapBytes(): Promise<number> {
    try {
      const heap = await this.#worker.getHeapStatistics();
      return heap.total_physical_size + heap.external_memory + heap.malloced_memory;
    } catch {
      return 0;
    }
  }

  get functionName(): string {
    return this.#options.spec.name;
  }

  /** True until the first invocation: that one pays for module init. */
  get cold(): boolean {
    return this.#invocations === 0;
  }

  get stopped(): boolean {
    return this.#stopReason !== undefined;
  }

  /** Runs the handler once; resolves (never rejects) with what Lambda would report. */
  async execute(request: ExecutionRequest): Promise<InstanceExecution> {
    if (this.#pending) throw new Error(`Instance ${this.id} of ${this.functionName} is already running ${this.#pending.requestId}`);
    const cold = this.cold;
    this.#invocations += 1;
    const timeoutMs = this.#options.spec.timeoutSeconds * 1000;
    const pending: Pending = { requestId: request.requestId, logs: [], settle: () => {} };
    const done = new Promise<ExecutionOutcome>((settle) => (pending.settle = settle));
    this.#pending = pending;

    const init = await this.#within(this.#ready, INIT_PHASE_LIMIT_MS + timeoutMs);
    if (init === 'timeout' || !init.ok) {
      const outcome =
        init === 'timeout' ? this.#timeOut(request.requestId) : this.#settle({ ok: false, error: init.error, timedOut: false, logs: pending.logs });
      return { ...outcome, discarded: true };
    }
    if (this.#stopReason) {
      // Stopped (e.g. by shutdown) between being handed out and running: nothing will answer.
      const error = {
        errorType: 'Runtime.ExitError',
        errorMessage: `RequestId: ${request.requestId} Error: Runtime exited with error: ${this.#stopReason}`,
        trace: [],
      };
      return { ...this.#settle({ ok: false, error, timedOut: false, logs: pending.logs }), discarded: true };
    }

    const message: InvokeMessage = {
      type: 'invoke',
      requestId: request.requestId,
      event: request.event,
      invokedFunctionArn: request.invokedFunctionArn,
      traceId: request.traceId,
      deadlineMs: Date.now() + timeoutMs,
      ...(request.clientContext ? { clientContext: request.clientContext } : {}),
    };
    this.#worker.postMessage(message);
    // Function timeouts run on wall-clock time: the handler's own code does, and reads Date.now() in
    // getRemainingTimeInMillis.
    const result = await this.#within(done, timeoutMs);
    const outcome = result === 'timeout' ? this.#timeOut(request.requestId) : result;
    return {
      ...outcome,
      ...(cold ? { initDurationMs: init.initDurationMs, initCpuMs: init.initCpuMs } : {}),
      ...(pending.cpuMs === undefined ? {} : { cpuMs: pending.cpuMs }),
      discarded: this.stopped,
    };
  }

  /** Ends the worker thread; resolves once it has exited. */
  async terminate(reason: StopReason = 'shutdown'): Promise<void> {
    this.#stop(reason);
    await this.#worker.terminate();
    await this.exited;
  }

  #receive(message: WorkerMessage): void {
    // A stopped instance is gone, as a sandbox Lambda shut down is. Its worker may still speak: Node cancels a
    // termination that lands inside a CommonJS module imported from an ES module, and the init runs on with that
    // module's exports half filled ("… is not a constructor"), which would read as an init failure.
    if (this.#stopReason) return;
    switch (message.type) {
      case 'ready':
        this.#threadCpuMs = message.threadCpuMs;
        this.#settleInit({ ok: true, initDurationMs: message.initDurationMs, initCpuMs: message.threadCpuMs });
        return;
      case 'init-error':
        this.#settleInit({ ok: false, error: message.error });
        this.#stop('init-error');
        void this.#worker.terminate();
        return;
      case 'log':
        this.#log(message.stream, message.line, message.requestId);
        return;
      case 'result':
        if (this.#pending?.requestId !== message.requestId) return;
        this.#pending.cpuMs = message.threadCpuMs - this.#threadCpuMs;
        this.#threadCpuMs = message.threadCpuMs;
        this.#settle(
          message.ok
            ? { ok: true, payload: message.payload, logs: this.#pending.logs }
            : { ok: false, error: message.error, timedOut: false, logs: this.#pending.logs },
        );
        return;
      case 'fatal':
        if (this.#pending) this.#settle({ ok: false, error: message.error, timedOut: false, logs: this.#pending.logs });
        this.#stop('runtime-exit');
        void this.#worker.terminate();
        return;
    }
  }

  #log(stream: FunctionLogLine['stream'], message: string, requestId: string | undefined): void {
    const line: FunctionLogLine = {
      functionName: this.functionName,
      ...(requestId === undefined ? {} : { requestId }),
      stream,
      message,
      timestamp: Date.now(),
    };
    // Init output (no request id yet) belongs to the invocation that caused the cold start.
    if (this.#pending && (requestId === undefined || requestId === this.#pending.requestId)) {
      const { logs } = this.#pending;
      logs.push(line);
      if (logs.length > INVOCATION_LOG_LINES_KEPT) logs.shift();
    }
    this.#options.onLog(line);
  }

  #rawOutput(stream: 'stdout' | 'stderr', text: string): void {
    if (this.#stopReason) return;
    for (const line of text.split('\n')) if (line !== '') this.#log(stream, line, this.#pending?.requestId);
  }

  #settle(outcome: ExecutionOutcome): ExecutionOutcome {
    const pending = this.#pending;
    this.#pending = undefined;
    pending?.settle(outcome);
    return outcome;
  }

  /** Lambda stops the environment and reports `Sandbox.Timedout`. */
  #timeOut(requestId: string): ExecutionOutcome {
    const seconds = this.#options.spec.timeoutSeconds.toFixed(2);
    this.#log('platform', `${new Date().toISOString()} ${requestId} Task timed out after ${seconds} seconds`, requestId);
    const outcome = this.#settle({
      ok: false,
      timedOut: true,
      error: { errorType: 'Sandbox.Timedout', errorMessage: `RequestId: ${requestId} Error: Task timed out after ${seconds} seconds`, trace: [] },
      logs: this.#pending?.logs ?? [],
    });
    this.#stop('timeout');
    void this.#worker.terminate();
    return outcome;
  }

  /** The worker died on its own (process.exit, out of memory, a crash in the bootstrap). */
  #crash(errorType: string, detail: string): void {
    const requestId = this.#pending?.requestId;
    const error: RuntimeErrorBody = {
      errorType,
      errorMessage: `${requestId ? `RequestId: ${requestId} ` : ''}Error: Runtime exited with error: ${detail}`,
      trace: [],
    };
    this.#settleInit({ ok: false, error });
    if (this.#pending) this.#settle({ ok: false, error, timedOut: false, logs: this.#pending.logs });
    this.#stop('runtime-exit');
  }

  #stop(reason: StopReason): void {
    if (this.#stopReason) return;
    this.#stopReason = reason;
    this.#endInit();
    this.#onStop(reason);
  }

  async #within<T>(promise: Promise<T>, ms: number): Promise<T | 'timeout'> {
    let timer: NodeJS.Timeout | undefined;
    const expired = new Promise<'timeout'>((resolve) => (timer = setTimeout(() => resolve('timeout'), ms)));
    try {
      return await Promise.race([promise, expired]);
    } finally {
      clearTimeout(timer);
    }
  }
}

/**
 * Lambda's Node.js 24 runtime refuses callback-style handlers (`Runtime.CallbackHandlerDeprecated`); earlier
 * Node.js runtimes accept them. https://docs.aws.amazon.com/lambda/latest/dg/nodejs-handler.html
 */
export function acceptsCallbackHandlers(runtime: string): boolean {
  const major = /^nodejs(\d+)/.exec(runtime)?.[1];
  return major !== undefined && Number(major) < 24;
}
