import { randomUUID } from 'node:crypto';
import { lambdaFault, runWithFault } from '../chaos/lambda-faults.ts';
import { systemClock, type Clock } from '../clock.ts';
import type { FunctionSpec } from '../topology/types.ts';
import { AsyncInvocationQueue, type AsyncInvocation, type AttemptResult } from './async-invocations.ts';
import { ASYNC_PAYLOAD_LIMIT_BYTES, DEFAULT_LOCAL_CONCURRENCY, LATEST, SYNC_PAYLOAD_LIMIT_BYTES } from './constants.ts';
import { FunctionNotFoundError, InvalidRequestContentError, LambdaServiceStoppedError, RequestTooLargeError, TooManyRequestsError } from './errors.ts';
import { functionArn, parseFunctionReference } from './function-arn.ts';
import { functionEnvironment, logStreamName, traceHeader } from './function-environment.ts';
import { FunctionInstance, type InstanceExecution, type StopReason } from './function-instance.ts';
import { FunctionUsageLedger, type FunctionUsage } from './function-usage.ts';
import { InstancePool } from './instance-pool.ts';
import { defaultConcurrentStarts, StartGate } from './start-gate.ts';
import type { ExecutionOutcome, InvocationType, InvokeOptions, InvokeResult, LambdaActivity, LambdaServiceOptions } from './types.ts';

const DEFAULT_CREDENTIALS = { accessKeyId: 'test', secretAccessKey: 'test', sessionToken: 'test' };

type ActivityBody<T> = T extends unknown ? Omit<T, 'functionName' | 'at'> : never;

interface LocalFunction {
  spec: FunctionSpec;
  pool: InstancePool<FunctionInstance>;
}

interface Execution {
  requestId: string;
  event: string;
  invokedFunctionArn: string;
  invocationType: InvocationType;
  attempt: number;
  clientContext?: Record<string, unknown>;
}

/**
 * Lambda, locally: runs each function's bundle from `cdk.out` in worker threads with the template's handler,
 * environment, timeout and memory, and serves the Invoke API's synchronous, asynchronous and dry-run
 * invocations with AWS's semantics (cold starts, warm reuse, reserved concurrency, timeouts, async retries,
 * destinations and dead-letter queues).
 *
 * @example
 * const lambda = new LambdaService(topology.functions, {
 *   endpointUrl: 'http://127.0.0.1:4566', region: 'us-east-1', accountId: '000000000000',
 *   deliver: (arn, payload, details) => router.send(arn, payload, details),
 * });
 * const { payload, functionError } = await lambda.invoke('orders-api', { hello: 'world' });
 * await lambda.invoke('orders-projector', event, { invocationType: 'Event' }); // 202, retried on error
 * await lambda.stop();
 */
export class LambdaService {
  #functions = new Map<string, LocalFunction>();
  #options: LambdaServiceOptions;
  #clock: Clock;
  #queue: AsyncInvocationQueue;
  #stopped = false;
  /** Executions running now (sync and async), by request id. */
  #running = new Map<string, { functionName: string; invocationType: InvocationType; startedAt: number; done: Promise<unknown> }>();
  /** Clock time the last execution ended: the runtime's quiet check wants every stream read after it. */
  #lastEndedAt = -Infinity;
  readonly #usage = new FunctionUsageLedger();

  constructor(functions: readonly FunctionSpec[], options: LambdaServiceOptions) {
    this.#options = options;
    this.#clock = options.clock ?? systemClock;
    const starts = new StartGate(options.concurrentStarts ?? defaultConcurrentStarts());
    for (const spec of functions) {
      const reserved = spec.reservedConcurrency;
      const limits =
        reserved === undefined ? { max: options.defaultConcurrency ?? DEFAULT_LOCAL_CONCURRENCY, throttle: false } : { max: reserved, throttle: true };
      const local: LocalFunction = { spec, pool: new InstancePool((onStop) => this.#startInstance(local.spec, onStop), limits, starts) };
      this.#functions.set(spec.name, local);
    }
    this.#queue = new AsyncInvocationQueue({
      clock: this.#clock,
      attempt: (invocation, attempt) => this.#attempt(invocation, attempt),
      deliver: options.deliver,
      activity: (activity) => this.#options.onActivity?.(activity),
      ...(options.asyncStore ? { store: options.asyncStore } : {}),
    });
  }

  /**
   * Runs the asynchronous invocations a previous run accepted and did not finish (with `asyncStore`), each from
   * its last attempt. Call once the destinations can be reached. Returns how many there were.
   */
  resumeAsyncInvocations(): number {
    return this.#queue.resume((functionName) => this.#functions.get(functionName)?.spec);
  }

  /** The executions running now, oldest first: what an orderly stop waits for. */
  executions(): { functionName: string; requestId: string; invocationType: InvocationType; runningForMs: number }[] {
    const now = performance.now();
    return [...this.#running].map(([requestId, { functionName, invocationType, startedAt }]) => ({
      functionName,
      requestId,
      invocationType,
      runningForMs: now - startedAt,
    }));
  }

  /** Clock time the most recent execution ended (`-Infinity` before the first): what it wrote was written by then. */
  get lastExecutionEndedAt(): number {
    return this.#lastEndedAt;
  }

  /**
   * The orderly half of stopping: no asynchronous attempt starts any more (events waiting for one stay in
   * `asyncStore` for the next run), and every execution running now (each bounded by its function's timeout)
   * finishes, with its destinations. Invocations still work meanwhile. Resolves with the asynchronous events
   * left unfinished.
   */
  async drain(): Promise<{ asyncLeft: number }> {
    const asyncLeft = await this.#queue.drain();
    while (this.#running.size > 0) await Promise.allSettled([...this.#running.values()].map((execution) => execution.done));
    return { asyncLeft };
  }

  /** The function a name, partial ARN or ARN (any qualifier) refers to, if it exists. */
  find(functionNameOrArn: string): FunctionSpec | undefined {
    return this.#functions.get(parseFunctionReference(functionNameOrArn).functionName)?.spec;
  }

  /**
   * Invokes a function the way the Invoke API does. `payload` is the event; bytes (`Uint8Array`) are taken as
   * the raw JSON request body. Function errors resolve with `functionError`; API errors reject
   * (`FunctionNotFoundError`, `TooManyRequestsError`, `InvalidRequestContentError`, `RequestTooLargeError`).
   */
  async invoke(functionNameOrArn: string, payload: unknown, options: InvokeOptions = {}): Promise<InvokeResult> {
    const local = this.#resolve(functionNameOrArn);
    const invocationType = options.invocationType ?? 'RequestResponse';
    const event = eventJson(payload);
    const limit = invocationType === 'Event' ? ASYNC_PAYLOAD_LIMIT_BYTES : SYNC_PAYLOAD_LIMIT_BYTES;
    if (Buffer.byteLength(event) > limit) throw new RequestTooLargeError(limit);
    const requestId = randomUUID();
    const invokedFunctionArn = invokedArn(functionNameOrArn, local.spec.arn);

    if (invocationType === 'DryRun') return accepted(204, requestId);
    if (invocationType === 'Event') {
      this.#queue.enqueue({ spec: local.spec, requestId, event, invokedFunctionArn, acceptedAt: this.#clock.now() });
      return accepted(202, requestId);
    }

    // Throttling AWS may answer whatever the concurrency in use: https://docs.aws.amazon.com/lambda/latest/api/API_Invoke.html
    const injected = this.#options.chaos?.strike('lambda.throttle', `${local.spec.name} ${requestId}`) ?? false;
    const instance = injected ? undefined : await local.pool.acquire();
    if (!instance) {
      this.#report(local.spec, { type: 'throttled', requestId, invocationType });
      throw new TooManyRequestsError(local.spec.name, local.pool.limits.max, injected ? 'throttled by --chaos' : undefined);
    }
    const outcome = await this.#execute(local, instance, {
      requestId,
      event,
      invokedFunctionArn,
      invocationType,
      attempt: 1,
      ...(options.clientContext ? { clientContext: options.clientContext } : {}),
    });
    return invokeResult(requestId, outcome);
  }

  /**
   * Replaces a function's code (hot reload): the next invocation runs the bundle in `codeDir` on a fresh instance,
   * while invocations running now finish on the old code (their instances stop afterwards). Nothing queued is lost:
   * waiting asynchronous events and event-source batches simply run on the new code.
   *
   * @throws FunctionNotFoundError when no function has this name.
   */
  updateFunctionCode(functionName: string, codeDir: string): void {
    const local = this.#functions.get(functionName);
    if (!local) throw new FunctionNotFoundError(functionName, functionArn(this.#options.region, this.#options.accountId, functionName));
    local.spec = { ...local.spec, codeDir };
    local.pool.renew();
  }

  /** The functions as they run now (code included, after `updateFunctionCode`). */
  functions(): FunctionSpec[] {
    return [...this.#functions.values()].map((local) => local.spec);
  }

  /** Resolves when no asynchronous invocation is running, waiting to retry or being delivered. */
  async drained(): Promise<void> {
    await this.#queue.drained();
  }

  /** Asynchronous invocations accepted and not finished. */
  get pendingAsyncInvocations(): number {
    return this.#queue.size;
  }

  /**
   * Per function since the service started: environments started and stopped (by reason), and the CPU time their
   * threads spent in module init and in the invocations they answered.
   */
  usage(): FunctionUsage[] {
    return this.#usage.snapshot();
  }

  /** Live instances (worker threads) of one function, or of all. */
  instanceCount(functionName?: string): number {
    if (functionName !== undefined) return this.#functions.get(functionName)?.pool.size ?? 0;
    return [...this.#functions.values()].reduce((total, local) => total + local.pool.size, 0);
  }

  /** What the live instances' V8 heaps occupy together, in bytes: memory that follows the environments alive. */
  async instanceHeapBytes(): Promise<number> {
    const instances = [...this.#functions.values()].flatMap((local) => local.pool.live);
    const bytes = await Promise.all(instances.map((instance) => instance.heapBytes()));
    return bytes.reduce((total, b) => total + b, 0);
  }

  /** Abandons queued asynchronous events and terminates every instance; resolves once all threads have exited. */
  async stop(): Promise<void> {
    this.#stopped = true;
    this.#queue.stop();
    await Promise.all([...this.#functions.values()].map((local) => local.pool.close()));
  }

  #resolve(functionNameOrArn: string): LocalFunction {
    const { functionName } = parseFunctionReference(functionNameOrArn);
    const local = this.#functions.get(functionName);
    if (!local) throw new FunctionNotFoundError(functionNameOrArn, functionArn(this.#options.region, this.#options.accountId, functionName));
    if (this.#stopped) throw new LambdaServiceStoppedError(functionName);
    return local;
  }

  async #attempt(invocation: AsyncInvocation, attempt: number): Promise<AttemptResult> {
    const local = this.#resolve(invocation.spec.name);
    // An injected throttle goes back to the queue and is retried, as AWS does with async events.
    const instance = this.#options.chaos?.strike('lambda.throttle', `${local.spec.name} ${invocation.requestId}`) ? undefined : await local.pool.acquire();
    if (!instance) {
      this.#report(local.spec, { type: 'throttled', requestId: invocation.requestId, invocationType: 'Event' });
      return { throttled: true };
    }
    const outcome = await this.#execute(local, instance, {
      requestId: invocation.requestId,
      event: invocation.event,
      invokedFunctionArn: invocation.invokedFunctionArn,
      invocationType: 'Event',
      attempt,
    });
    return { throttled: false, outcome };
  }

  async #execute(local: LocalFunction, instance: FunctionInstance, execution: Execution): Promise<ExecutionOutcome> {
    const { spec } = local;
    const { requestId, invocationType } = execution;
    this.#report(spec, { type: 'invoke', requestId, invocationType, coldStart: instance.cold, attempt: execution.attempt, event: execution.event });
    const started = performance.now();
    let result: InstanceExecution;
    const run = () =>
      instance.execute({
        requestId,
        event: execution.event,
        invokedFunctionArn: execution.invokedFunctionArn,
        traceId: traceHeader(this.#clock.now()),
        ...(execution.clientContext ? { clientContext: execution.clientContext } : {}),
      });
    const chaos = this.#options.chaos;
    const fault = chaos && lambdaFault(chaos, spec.name, requestId);
    const running = fault
      ? runWithFault({
          fault,
          requestId,
          timeoutSeconds: spec.timeoutSeconds,
          run,
          terminate: (reason) => instance.terminate(reason),
          draw: () => chaos.draw(fault),
        })
      : run();
    this.#running.set(requestId, { functionName: spec.name, invocationType, startedAt: started, done: running });
    try {
      result = await running;
    } finally {
      this.#running.delete(requestId);
      this.#lastEndedAt = this.#clock.now();
      local.pool.release(instance);
    }
    const { initDurationMs, initCpuMs, cpuMs, discarded: _discarded, ...outcome } = result;
    this.#usage.executed(spec.name, { initCpuMs, cpuMs });
    const checked = withinResponseLimit(outcome);
    this.#report(spec, {
      type: 'result',
      requestId,
      invocationType,
      outcome: checked.ok ? 'success' : checked.timedOut ? 'timeout' : 'error',
      ...(checked.ok ? {} : { errorType: checked.error.errorType, errorMessage: checked.error.errorMessage }),
      durationMs: performance.now() - started - (initDurationMs ?? 0),
      ...(initDurationMs === undefined ? {} : { initDurationMs }),
    });
    return checked;
  }

  #startInstance(spec: FunctionSpec, onStop: (instance: FunctionInstance, reason: StopReason) => void): FunctionInstance {
    const stream = logStreamName(this.#clock.now());
    const env = functionEnvironment({
      spec,
      logStreamName: stream,
      endpointUrl: this.#options.endpointUrl,
      region: this.#options.region,
      credentials: this.#options.credentials ?? DEFAULT_CREDENTIALS,
    });
    const instance: FunctionInstance = new FunctionInstance({ spec, env, logStreamName: stream, onLog: (line) => this.#options.onLog?.(line) }, (reason) => {
      this.#usage.environmentStopped(spec.name, reason);
      this.#report(spec, { type: 'instance-stopped', instanceId: instance.id, reason });
      onStop(instance, reason);
    });
    this.#usage.environmentStarted(spec.name);
    this.#report(spec, { type: 'instance-started', instanceId: instance.id });
    return instance;
  }

  #report(spec: FunctionSpec, activity: ActivityBody<LambdaActivity>): void {
    this.#options.onActivity?.({ ...activity, functionName: spec.name, at: this.#clock.now() } as LambdaActivity);
  }
}

/** The event as JSON text: bytes are the raw request body and must parse; any other value is serialized. */
function eventJson(payload: unknown): string {
  if (payload instanceof Uint8Array) {
    const text = Buffer.from(payload).toString('utf8');
    if (text.trim() === '') return '{}';
    try {
      JSON.parse(text);
    } catch (error) {
      throw new InvalidRequestContentError(error instanceof Error ? error.message : String(error));
    }
    return text;
  }
  return JSON.stringify(payload === undefined ? {} : payload);
}

/** `invokedFunctionArn` is the ARN the caller used, qualifier included; a bare name means the unqualified ARN. */
function invokedArn(functionNameOrArn: string, arn: string): string {
  const { qualifier } = parseFunctionReference(functionNameOrArn);
  return qualifier === undefined ? arn : `${arn}:${qualifier}`;
}

function accepted(statusCode: 202 | 204, requestId: string): InvokeResult {
  return { statusCode, requestId, executedVersion: LATEST, payload: '', response: undefined, logs: [] };
}

/**
 * A response over 6 MB fails the invocation.
 * https://docs.aws.amazon.com/lambda/latest/dg/gettingstarted-limits.html
 */
function withinResponseLimit(outcome: ExecutionOutcome): ExecutionOutcome {
  if (!outcome.ok || Buffer.byteLength(outcome.payload) <= SYNC_PAYLOAD_LIMIT_BYTES) return outcome;
  return {
    ok: false,
    timedOut: false,
    logs: outcome.logs,
    error: {
      errorType: 'Function.ResponseSizeTooLarge',
      errorMessage: `Response payload size exceeded maximum allowed payload size (${SYNC_PAYLOAD_LIMIT_BYTES} bytes).`,
      trace: [],
    },
  };
}

function invokeResult(requestId: string, outcome: ExecutionOutcome): InvokeResult {
  if (outcome.ok) {
    return { statusCode: 200, requestId, executedVersion: LATEST, payload: outcome.payload, response: JSON.parse(outcome.payload), logs: outcome.logs };
  }
  return {
    statusCode: 200,
    requestId,
    executedVersion: LATEST,
    payload: JSON.stringify(outcome.error),
    response: outcome.error,
    functionError: 'Unhandled',
    logs: outcome.logs,
  };
}
