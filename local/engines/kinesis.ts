import { mkdir } from 'node:fs/promises';
import type { Server } from 'node:http';
import { createRequire } from 'node:module';
import kinesalite from 'kinesalite';
import { EngineStartError } from './errors.ts';
import { LOOPBACK } from './free-port.ts';
import { KINESIS_LIMITS } from './kinesis-limits.ts';
import { startKinesisFront } from './kinesis-front.ts';
import { silentLog, type EngineLog, type RunningEngine } from './types.ts';
import { waitUntil } from './wait-until.ts';

export interface KinesisOptions {
  /** Keep streams in this LevelDB directory; in memory when absent. */
  path?: string;
  /** The front's port; 0 or absent: a free port. */
  port?: number;
  log?: EngineLog;
  /**
   * How long a stream stays CREATING / DELETING / UPDATING. Kinesis takes seconds; short here so a
   * runtime creating the template's streams is ready fast, long enough that code waiting for ACTIVE
   * is exercised. @default 50
   */
  transitionMs?: number;
}

/**
 * Starts kinesalite in this process behind the HTTP/2 + HTTP/1.1 front, and resolves once a
 * ListStreams call through the front answers.
 */
export async function startKinesis(options: KinesisOptions = {}): Promise<RunningEngine> {
  const started = Date.now();
  const log = options.log ?? silentLog;
  const transitionMs = options.transitionMs ?? 50;
  if (options.path) {
    await mkdir(options.path, { recursive: true });
    await ensureUnlocked(options.path);
  }

  const engine: Server = kinesalite({
    ...(options.path ? { path: options.path } : {}),
    createStreamMs: transitionMs,
    deleteStreamMs: transitionMs,
    updateStreamMs: transitionMs,
    shardLimit: KINESIS_LIMITS.defaultShardQuota,
  });
  let front: Awaited<ReturnType<typeof startKinesisFront>> | undefined;
  const closeEngine = () => new Promise<void>((resolve) => engine.close(() => resolve()));
  try {
    await new Promise<void>((resolve, reject) => {
      engine.once('error', reject);
      engine.listen(0, LOOPBACK, () => resolve());
    });
    const address = engine.address();
    const upstreamPort = typeof address === 'object' && address ? address.port : 0;
    front = await startKinesisFront({ host: LOOPBACK, port: options.port ?? 0, upstream: { host: LOOPBACK, port: upstreamPort }, log });
    const endpoint = `http://${LOOPBACK}:${front.port}`;
    await waitUntil(() => listStreams(endpoint), { timeoutMs: 10_000 });

    const readyInMs = Date.now() - started;
    log({
      engine: 'kinesis',
      level: 'info',
      message: `kinesalite listening on ${endpoint} (HTTP/2 and HTTP/1.1) in ${readyInMs} ms, ${options.path ? `data in ${options.path}` : 'in memory'}`,
    });
    let stopping: Promise<void> | undefined;
    const frontServer = front;
    return {
      endpoint,
      port: front.port,
      readyInMs,
      stop: () => (stopping ??= frontServer.close().then(closeEngine)),
    };
  } catch (error) {
    await front?.close().catch(() => {});
    await closeEngine().catch(() => {});
    const reason = error instanceof Error ? error.message : String(error);
    throw new EngineStartError('kinesis', `kinesalite did not start${options.path ? ` with data in ${options.path}` : ''}: ${reason}`, { cause: error });
  }
}

/** A minimal signed-looking ListStreams: kinesalite checks that the SigV4 fields exist, not the signature. */
async function listStreams(endpoint: string): Promise<void> {
  const response = await fetch(endpoint, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-amz-json-1.1',
      'x-amz-target': 'Kinesis_20131202.ListStreams',
      'x-amz-date': '20260101T000000Z',
      authorization: 'AWS4-HMAC-SHA256 Credential=local/20260101/us-east-1/kinesis/aws4_request, SignedHeaders=host;x-amz-date, Signature=0',
    },
    body: '{}',
    signal: AbortSignal.timeout(2_000),
  });
  const text = await response.text();
  if (response.status !== 200) throw new Error(`ListStreams answered ${response.status}: ${text.slice(0, 200)}`);
}

interface LevelDown {
  open(callback: (error?: Error) => void): void;
  close(callback: (error?: Error) => void): void;
}

/**
 * kinesalite opens its LevelDB without an error listener: a directory another process holds
 * (a second runtime on the same --persist directory) would crash this process with an unhandled
 * `error` event. Opening it once first turns that into a start error.
 */
async function ensureUnlocked(path: string): Promise<void> {
  // leveldown is kinesalite's (optional) dependency: resolve it from there.
  const fromKinesalite = createRequire(createRequire(import.meta.url).resolve('kinesalite'));
  const leveldown = fromKinesalite('leveldown') as (location: string) => LevelDown;
  const db = leveldown(path);
  await new Promise<void>((resolve, reject) => db.open((error) => (error ? reject(error) : resolve()))).catch((error: Error) => {
    const reason = /lock/i.test(error.message) ? `${path} is in use by another process (${error.message})` : `cannot open ${path}: ${error.message}`;
    throw new EngineStartError('kinesis', reason, { cause: error });
  });
  await new Promise<void>((resolve) => db.close(() => resolve()));
}
