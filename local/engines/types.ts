/** The engines the local runtime starts, one per AWS service family. */
export type EngineName = 'dynamodb' | 'kinesis' | 'sqs-s3';

export interface EngineLogEntry {
  engine: EngineName;
  level: 'debug' | 'info' | 'warn' | 'error';
  message: string;
}

/** Where engines report what they do: the runtime's live log, or nothing. */
export type EngineLog = (entry: EngineLogEntry) => void;

export const silentLog: EngineLog = () => {};

/** A started engine: where to reach it, and how to stop it. */
export interface RunningEngine {
  /** `http://127.0.0.1:<port>`: what an SDK client takes as `endpoint`. */
  readonly endpoint: string;
  readonly port: number;
  /** Milliseconds from the start call until the engine answered its readiness probe. */
  readonly readyInMs: number;
  /** Stops the engine; resolves when its port is closed and any child process has exited. Idempotent. */
  stop(): Promise<void>;
}

/**
 * A write an engine accepted, as the runtime saw it pass (its endpoint forwarding a request, its own deliveries): the
 * tables, streams or queues (by name) written to, or `undefined` when the request does not say which (a PartiQL
 * statement, a CBOR body), so every one of the service may have new records. Event source mappings wake on it.
 */
export interface EngineWrite {
  readonly service: 'dynamodb' | 'kinesis' | 'sqs';
  readonly resources?: readonly string[] | undefined;
}
