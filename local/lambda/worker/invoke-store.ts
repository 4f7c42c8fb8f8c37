/**
 * The per-invocation store Lambda's Node.js 24 runtime installs as `globalThis.awslambda.InvokeStore`
 * (package `@aws/lambda-invoke-store`, single-concurrency flavour). Powertools reads the request's X-Ray trace
 * id from it before falling back to `_X_AMZN_TRACE_ID`, and a bundled copy of the package adopts the global
 * instance. Keys are `Symbol.for(...)` so they match any copy of the package.
 */
const PROTECTED_KEYS = {
  REQUEST_ID: Symbol.for('_AWS_LAMBDA_REQUEST_ID'),
  X_RAY_TRACE_ID: Symbol.for('_AWS_LAMBDA_X_RAY_TRACE_ID'),
  TENANT_ID: Symbol.for('_AWS_LAMBDA_TENANT_ID'),
  TRACEPARENT: Symbol.for('_AWS_LAMBDA_TRACEPARENT'),
  TRACESTATE: Symbol.for('_AWS_LAMBDA_TRACESTATE'),
  BAGGAGE: Symbol.for('_AWS_LAMBDA_BAGGAGE'),
} as const;

type StoreContext = Record<string | symbol, unknown>;

export class InvokeStore {
  static readonly PROTECTED_KEYS = PROTECTED_KEYS;
  #current: StoreContext | undefined;

  isProtectedKey(key: string | symbol): boolean {
    return (Object.values(PROTECTED_KEYS) as (string | symbol)[]).includes(key);
  }
  getContext(): StoreContext | undefined {
    return this.#current;
  }
  hasContext(): boolean {
    return this.#current !== undefined;
  }
  get(key: string | symbol): unknown {
    return this.#current?.[key];
  }
  set(key: string | symbol, value: unknown): void {
    if (this.isProtectedKey(key)) throw new Error(`Cannot modify protected Lambda context field: ${String(key)}`);
    this.#current = this.#current ?? {};
    this.#current[key] = value;
  }
  run<T>(context: StoreContext, fn: () => T): T {
    this.#current = context;
    return fn();
  }
  getRequestId(): string {
    return (this.get(PROTECTED_KEYS.REQUEST_ID) as string | undefined) ?? '-';
  }
  getXRayTraceId(): string | undefined {
    return this.get(PROTECTED_KEYS.X_RAY_TRACE_ID) as string | undefined;
  }
  getTenantId(): string | undefined {
    return this.get(PROTECTED_KEYS.TENANT_ID) as string | undefined;
  }
  getTraceparent(): string | undefined {
    return this.get(PROTECTED_KEYS.TRACEPARENT) as string | undefined;
  }
  getTracestate(): string | undefined {
    return this.get(PROTECTED_KEYS.TRACESTATE) as string | undefined;
  }
  getBaggage(): string | undefined {
    return this.get(PROTECTED_KEYS.BAGGAGE) as string | undefined;
  }

  /** Runs `fn` with this invocation's request id and trace id in the store. */
  runInvocation<T>(requestId: string, traceId: string, fn: () => T): T {
    return this.run({ [PROTECTED_KEYS.REQUEST_ID]: requestId, [PROTECTED_KEYS.X_RAY_TRACE_ID]: traceId }, fn);
  }
}

/**
 * Installs the `awslambda` global the runtime provides: the invoke store, and `streamifyResponse`, which fails
 * loudly because response streaming is not emulated.
 */
export function installAwsLambdaGlobal(): InvokeStore {
  const store = new InvokeStore();
  const global = globalThis as { awslambda?: Record<string, unknown> };
  global.awslambda = {
    ...global.awslambda,
    InvokeStore: store,
    streamifyResponse: () => {
      throw new Error('awslambda.streamifyResponse: response streaming is not emulated by the local runtime');
    },
  };
  return store;
}
