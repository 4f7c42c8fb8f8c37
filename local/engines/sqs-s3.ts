import { mkdir } from 'node:fs/promises';
import { startFauxqs, type FauxqsServer, type SpyMessage } from 'fauxqs';
import { EngineStartError } from './errors.ts';
import { LOOPBACK } from './free-port.ts';
import { receiveFifoRunsPerGroup } from './fauxqs-fifo-batches.ts';
import { longPollsWaitTheirTime } from './fauxqs-long-polls.ts';
import { withLoopbackListens } from './loopback-listen.ts';
import { sendMessageInProcess, type SendMessageInProcess } from './sqs-in-process.ts';
import { observeObjectWrites, stopObservingObjectWrites } from './fauxqs-object-writes.ts';
import { S3ObjectEventSource, type ObjectFacts, type S3ObjectEventListener } from './s3-object-events.ts';
import { silentLog, type EngineLog, type RunningEngine } from './types.ts';
import { waitUntil } from './wait-until.ts';

export interface SqsS3Options {
  /** Keep queues, messages, buckets and objects in a SQLite database in this directory; in memory when absent. */
  dataDir?: string;
  /** 0 or absent: a free port. */
  port?: number;
  log?: EngineLog;
}

export interface RunningSqsS3 extends RunningEngine {
  /**
   * Calls `listener` for each object created (PutObject, CopyObject, CompleteMultipartUpload) or
   * deleted in any bucket: the source of S3 → EventBridge events. Returns an unsubscribe function.
   */
  onS3ObjectEvent(listener: S3ObjectEventListener): () => void;
  /** Resolves once the S3 object events observed so far have reached their listeners. */
  s3EventsIdle(): Promise<void>;
  /** SendMessage from this process, without the SDK and HTTP (sqs-in-process.ts): the runtime's own deliveries. */
  sendMessage: SendMessageInProcess;
}

/** fauxqs's spy keeps the latest events in a ring buffer; the runtime reads them as they come. */
const SPY_BUFFER_SIZE = 100;

/**
 * Starts fauxqs (SQS with the JSON protocol, S3 path-style; one port for both) in library mode, and
 * resolves once it answers its health check.
 */
export async function startSqsS3(options: SqsS3Options = {}): Promise<RunningSqsS3> {
  const started = Date.now();
  const log = options.log ?? silentLog;
  if (options.dataDir) await mkdir(options.dataDir, { recursive: true });

  let server: FauxqsServer;
  try {
    server = await withLoopbackListens(() =>
      startFauxqs({
        port: options.port ?? 0,
        logger: false,
        messageSpies: { bufferSize: SPY_BUFFER_SIZE },
        ...(options.dataDir ? { dataDir: options.dataDir } : {}),
      }),
    );
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new EngineStartError('sqs-s3', `fauxqs did not start${options.port ? ` on port ${options.port}` : ''}: ${reason}`, { cause: error });
  }

  // Fail closed: an engine that listens beyond loopback is stopped, never used.
  if (new URL(server.address).hostname !== LOOPBACK) {
    await server.stop().catch(() => {});
    throw new EngineStartError(
      'sqs-s3',
      `fauxqs listened on ${server.address}, not on ${LOOPBACK} only: refusing to expose the app's queues and buckets to the network`,
    );
  }
  const endpoint = `http://${LOOPBACK}:${server.port}`;
  const written = new Map<string, ObjectFacts>();
  const objectKey = (bucket: string, key: string) => `${bucket}/${key}`;
  const events = new S3ObjectEventSource(
    {
      takeWritten: (bucket, key) => {
        const facts = written.get(objectKey(bucket, key));
        written.delete(objectKey(bucket, key));
        return facts;
      },
      head: (bucket, key) => headObject(endpoint, bucket, key),
    },
    (error) =>
      log({ engine: 'sqs-s3', level: 'error', message: `an S3 object event listener failed: ${error instanceof Error ? error.message : String(error)}` }),
  );
  // fauxqs's public spy API only lets tests await messages; its stores call `addMessage`
  // synchronously on every change, which is the one place to hear about each of them.
  const spy = server.spy as unknown as { addMessage(message: SpyMessage): void };
  const exact = await observeObjectWrites(spy, (bucket, key, facts) => {
    if (events.listening) written.set(objectKey(bucket, key), facts);
  });
  if (!exact) {
    log({ engine: 'sqs-s3', level: 'warn', message: 'this fauxqs version hides object writes: S3 events read size and ETag with HeadObject afterwards' });
  }
  if (!(await receiveFifoRunsPerGroup())) {
    log({
      engine: 'sqs-s3',
      level: 'warn',
      message: 'this fauxqs version cannot be made to receive several messages of one FIFO group at once: FIFO batches hold one message per group',
    });
  }
  if (!(await longPollsWaitTheirTime())) {
    log({
      engine: 'sqs-s3',
      level: 'warn',
      message: 'this fauxqs version cannot be made to keep long polls waiting: a receiver beaten to a message answers empty before its WaitTimeSeconds',
    });
  }
  const record = spy.addMessage.bind(spy);
  spy.addMessage = (message) => {
    record(message);
    events.observe(message);
  };

  try {
    await waitUntil(
      async () => {
        const response = await fetch(`${endpoint}/health`, { signal: AbortSignal.timeout(2_000) });
        if (!response.ok) throw new Error(`health check answered ${response.status}`);
      },
      { timeoutMs: 10_000 },
    );
  } catch (error) {
    await server.stop().catch(() => {});
    throw new EngineStartError('sqs-s3', `fauxqs did not answer its health check on ${endpoint}: ${error instanceof Error ? error.message : String(error)}`, {
      cause: error,
    });
  }

  const readyInMs = Date.now() - started;
  log({
    engine: 'sqs-s3',
    level: 'info',
    message: `fauxqs (SQS, S3) listening on ${endpoint} in ${readyInMs} ms, ${options.dataDir ? `data in ${options.dataDir}` : 'in memory'}`,
  });
  let stopping: Promise<void> | undefined;
  return {
    endpoint,
    port: server.port,
    readyInMs,
    onS3ObjectEvent: (listener) => events.subscribe(listener),
    s3EventsIdle: () => events.idle(),
    sendMessage: sendMessageInProcess(server),
    stop: () => (stopping ??= server.stop().finally(() => stopObservingObjectWrites(spy))),
  };
}

async function headObject(endpoint: string, bucket: string, key: string): Promise<{ size: number; etag: string } | undefined> {
  const path = key.split('/').map(encodeURIComponent).join('/');
  const response = await fetch(`${endpoint}/${encodeURIComponent(bucket)}/${path}`, { method: 'HEAD', signal: AbortSignal.timeout(5_000) });
  if (!response.ok) return undefined;
  return { size: Number(response.headers.get('content-length') ?? 0), etag: response.headers.get('etag') ?? '' };
}
