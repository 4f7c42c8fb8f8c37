import { join } from 'node:path';
import { startDynamoDbLocal, type RunningDynamoDbLocal } from './dynamodb-local.ts';
import { EngineStartError } from './errors.ts';
import type { S3ObjectEventListener } from './s3-object-events.ts';
import type { RunningSqsS3 } from './sqs-s3.ts';
import type { SendMessageInProcess } from './sqs-in-process.ts';
import { silentLog, type EngineLog, type EngineName, type RunningEngine } from './types.ts';

export interface EnginesOptions {
  /**
   * Keep every engine's data under this directory (`dynamodb/`, `kinesis/`, `sqs-s3/`), so it
   * survives a restart. In memory when absent.
   */
  persistDir?: string;
  /** Port per engine; 0 or absent: a free port. SQS and S3 share one. */
  ports?: { dynamodb?: number; kinesis?: number; sqsS3?: number };
  log?: EngineLog;
  /**
   * Keep DynamoDB Local's class data sharing archive in this folder (`npm start`: `.eventful/dynamodb-local-cds`):
   * a start with it takes half the JVM's CPU to answer; one without writes it as it stops. @default none
   */
  classDataDir?: string;
  /** Called when DynamoDB Local's JVM has been started (see `onLaunched` of `startDynamoDbLocal`). */
  onDynamoDbLaunched?: () => void;
}

export interface Engines {
  dynamodb: {
    endpoint: string;
    /** The Java process. */
    pid: number;
    /** DynamoDB Local writes its class data archive as it stops (`classDataDir`, once): its stop takes seconds more. */
    writesClassDataAtStop?: boolean;
  };
  /** Speaks HTTP/2 (the SDK's Kinesis client default) and HTTP/1.1. */
  kinesis: { endpoint: string };
  /** `sendMessage`: in this process, without the SDK and HTTP (sqs-in-process.ts). */
  sqs: { endpoint: string; sendMessage: SendMessageInProcess };
  s3: { endpoint: string };
  /** Milliseconds from the call until each engine answered, and until all had. */
  readyInMs: Record<EngineName, number> & { all: number };
  /** Every object created or deleted in any bucket, for S3 → EventBridge events. Returns an unsubscribe function. */
  onS3ObjectEvent(listener: S3ObjectEventListener): () => void;
  /** Resolves once the S3 object events observed so far have reached their listeners. */
  s3EventsIdle(): Promise<void>;
  /** Stops every engine; resolves once ports are closed and the Java process has exited. Idempotent. */
  stop(): Promise<void>;
}

/**
 * Starts DynamoDB Local, kinesalite (behind its HTTP/2 + HTTP/1.1 front) and fauxqs in parallel,
 * and resolves when all three answer. If any fails, the others are stopped and the error names
 * the engine and why (several failures: an AggregateError of them).
 *
 * @example
 * const engines = await startEngines({ persistDir: '.eventful/data' });
 * const dynamodb = new DynamoDBClient({ endpoint: engines.dynamodb.endpoint });
 * // …
 * await engines.stop();
 */
export async function startEngines(options: EnginesOptions = {}): Promise<Engines> {
  const started = Date.now();
  const log = options.log ?? silentLog;
  const dataDir = (name: string) => (options.persistDir ? join(options.persistDir, name) : undefined);
  const withDir = <K extends string>(key: K, dir: string | undefined) => (dir ? ({ [key]: dir } as Record<K, string>) : {});

  // DynamoDB Local's JVM first, the slowest by far: kinesalite's and fauxqs's modules load once it is spawned, while it
  // starts. Loaded at once, they held the few steps before the spawn back by a second or more on this thread.
  let launched = () => {};
  const jvmLaunched = new Promise<void>((resolve) => (launched = resolve));
  const dynamodbStart = startDynamoDbLocal({
    ...withDir('dbPath', dataDir('dynamodb')),
    ...withDir('classDataDir', options.classDataDir),
    onLaunched: () => {
      launched();
      options.onDynamoDbLaunched?.();
    },
    port: options.ports?.dynamodb ?? 0,
    log,
  });
  const afterLaunch = Promise.race([jvmLaunched, dynamodbStart.then(noop, noop)]);
  const results = await Promise.allSettled([
    dynamodbStart,
    afterLaunch
      .then(() => import('./kinesis.ts'))
      .then(({ startKinesis }) => startKinesis({ ...withDir('path', dataDir('kinesis')), port: options.ports?.kinesis ?? 0, log })),
    afterLaunch
      .then(() => import('./sqs-s3.ts'))
      .then(({ startSqsS3 }) => startSqsS3({ ...withDir('dataDir', dataDir('sqs-s3')), port: options.ports?.sqsS3 ?? 0, log })),
  ]);
  const [dynamodb, kinesis, sqsS3] = results;

  if (dynamodb.status !== 'fulfilled' || kinesis.status !== 'fulfilled' || sqsS3.status !== 'fulfilled') {
    await Promise.all(results.map((result) => (result.status === 'fulfilled' ? result.value.stop().catch(() => {}) : undefined)));
    const names: EngineName[] = ['dynamodb', 'kinesis', 'sqs-s3'];
    const failures = results.flatMap((result, i) =>
      result.status === 'rejected'
        ? [result.reason instanceof EngineStartError ? result.reason : new EngineStartError(names[i]!, String(result.reason), { cause: result.reason })]
        : [],
    );
    for (const failure of failures) log({ engine: failure.engine, level: 'error', message: failure.message });
    if (failures.length === 1) throw failures[0];
    throw new AggregateError(failures, `${failures.length} engines failed to start: ${failures.map((f) => f.message).join('; ')}`);
  }

  return assemble(dynamodb.value, kinesis.value, sqsS3.value, Date.now() - started);
}

const noop = () => {};

function assemble(dynamodb: RunningDynamoDbLocal, kinesis: RunningEngine, sqsS3: RunningSqsS3, all: number): Engines {
  let stopping: Promise<void> | undefined;
  return {
    dynamodb: { endpoint: dynamodb.endpoint, pid: dynamodb.pid, writesClassDataAtStop: dynamodb.writesClassDataAtStop },
    kinesis: { endpoint: kinesis.endpoint },
    sqs: { endpoint: sqsS3.endpoint, sendMessage: sqsS3.sendMessage },
    s3: { endpoint: sqsS3.endpoint },
    readyInMs: { dynamodb: dynamodb.readyInMs, kinesis: kinesis.readyInMs, 'sqs-s3': sqsS3.readyInMs, all },
    onS3ObjectEvent: (listener) => sqsS3.onS3ObjectEvent(listener),
    s3EventsIdle: () => sqsS3.s3EventsIdle(),
    stop: () =>
      (stopping ??= Promise.allSettled([dynamodb.stop(), kinesis.stop(), sqsS3.stop()]).then((results) => {
        const failed = results.filter((result): result is PromiseRejectedResult => result.status === 'rejected');
        if (failed.length > 0)
          throw new AggregateError(
            failed.map((f) => f.reason),
            'some engines did not stop cleanly',
          );
      })),
  };
}
