import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { ALL_FAULT_KINDS, ChaosSpecError, parseChaosSpec, type ChaosSpec } from '../../chaos/index.ts';
import type { Engines } from '../../engines/start-engines.ts';
import type { LocalRuntime } from '../../runtime/index.ts';
import { LiveLog } from '../../runtime/live-log.ts';
import { describeEngineTimes, StartTimeline } from '../../runtime/start-timeline.ts';
import type { CommandIO } from '../io.ts';
import { UsageError } from '../usage-error.ts';

/**
 * What an app plugs into `start` (the runtime knows no app): how to synthesize it fast, and what to put in its
 * tables once it runs. Both optional: without `synthesize`, the app command of `cdk.json` is run as the CDK CLI
 * runs it; without `seed`, nothing is seeded.
 */
export interface StartHooks {
  /**
   * Synthesizes the app into `outdir` (e.g. in process, which skips starting another Node), while the engines start.
   * A string it resolves to says what it did (e.g. `reused`) in the start-up breakdown; anything else is ignored.
   */
  synthesize?: (outdir: string) => unknown;
  /** Seeds the running app (unless `--no-seed`); returns the lines to print. A failure is printed, not fatal. */
  seed?: {
    /** What is seeded, for `--help` (e.g. "the demo catalog into the Products table"). */
    describe: string;
    run: (runtime: LocalRuntime) => Promise<string[]>;
  };
  /**
   * Which of the app's files hot reload watches (globs relative to the app's folder). @default cdk.json's `watch`
   * section (`include`, `exclude`), as `cdk watch` reads it
   */
  watch?: { include: string[]; exclude?: string[] };
}

/**
 * DynamoDB Local's class data sharing archive, under the app's folder: the first start writes it as it stops, and
 * later starts map its classes instead of loading them (local/engines/dynamodb-class-data.ts).
 */
const CLASS_DATA_DIR = join('.eventful', 'dynamodb-local-cds');

/** `cdk.json` context key naming the app's OpenAPI document, which the explorer serves and links. */
export const OPENAPI_CONTEXT_KEY = 'eventful:openApi';

export const startHelp = (
  hooks: StartHooks = {},
) => `eventful start [--port N] [--api-port N] [--persist <dir>] [--chaos <spec>] [--no-seed] [--assembly <dir>] [--no-watch] [--json]

Synthesizes the CDK app into cdk.out and runs it locally, offline; prints the URLs and "ready". Ctrl-C stops it
(running invocations finish first; Ctrl-C again to cut them short). While it runs, a change to a function's code
rebundles that function (the next invocation runs it); any other change to the watched files (cdk.json "watch")
synthesizes again and applies the difference, or restarts on the same engines keeping the data.
  --port N            the AWS-compatible endpoint (AWS_ENDPOINT_URL) port (default 4566; 0 = a free port)
  --api-port N        the HTTP API port (default 3000; 0 = a free port)
  --persist <dir>     keep tables, queues, streams, buckets, stream positions, windows, pending async
                      invocations, schedules' last fire times and archives in <dir>: a restart resumes
                      where the previous run stopped (default: in memory)
  --chaos <spec>      inject the faults AWS produces, each at a rate, from a seed (repeatable runs):
                      "seed=42,rate=0.05" for every kind, or per area/kind ("lambda=0.1,sqs.duplicate=0.2");
                      kinds: ${ALL_FAULT_KINDS.join(', ')}
  --assembly <dir>    run an already synthesized cloud assembly instead of synthesizing
  --no-seed           ${hooks.seed ? `do not seed ${hooks.seed.describe}` : 'nothing to seed: this app provides no seed hook'}
  --no-watch          no hot reload: changes to the app's files are not picked up until the next start
  --json              the live log as raw lines (functions' output as printed), also on a terminal; without a
                      terminal (a pipe) that is the default, --readable asks for the readable form`;

export interface StartDependencies extends StartHooks {
  /** Resolves when the runtime should stop: SIGINT or SIGTERM by default. */
  untilStopped?: () => Promise<string>;
  /** Resolves when a stop under way should stop waiting for invocations: a second SIGINT or SIGTERM by default. */
  untilForced?: () => Promise<string>;
  /** The app's folder: its cdk.json, its cdk.out and the files hot reload watches. @default the current directory */
  appDir?: string;
  /** Called with each runtime once it accepts requests (the first, and each restart by hot reload). */
  onRuntime?: (runtime: LocalRuntime) => void;
}

export async function startCommand(argv: string[], io: CommandIO, deps: StartDependencies = {}): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    allowNegative: true,
    options: {
      port: { type: 'string' },
      'api-port': { type: 'string' },
      persist: { type: 'string' },
      seed: { type: 'boolean', default: true },
      assembly: { type: 'string' },
      chaos: { type: 'string' },
      watch: { type: 'boolean', default: true },
      json: { type: 'boolean', default: false },
      readable: { type: 'boolean', default: false },
    },
  });
  if (values.json && values.readable) throw new UsageError('--json and --readable contradict each other: pick one');
  if (positionals.length > 0) throw new UsageError(`unexpected argument "${positionals[0]}"`);
  const port = parsePort('--port', values.port, 4566);
  const apiPort = parsePort('--api-port', values['api-port'], 3000);
  const chaos = values.chaos === undefined ? undefined : parseChaos(values.chaos);

  // From the process's start: what someone who typed `npm start` waits for (node, tsx and the CLI's modules included).
  const timeline = new StartTimeline();
  timeline.add('node and the CLI', 0, performance.now());
  const appDir = resolve(deps.appDir ?? '.');
  const synthesize = async (outdir: string) => (deps.synthesize ? deps.synthesize(outdir) : synthesizeWithCdkJson(outdir, appDir));
  const terminal = process.stdout.isTTY === true;
  const colour = terminal && !process.env['NO_COLOR'];
  const format = values.json ? 'raw' : values.readable || terminal ? 'readable' : 'raw';
  const log = new LiveLog({ sink: (line, kind) => (kind === 'error' || kind === 'warn' ? io.err(line) : io.out(line)), colour, format });

  // DynamoDB Local's JVM takes seconds to answer and needs nothing of the app: it starts first, and the app is
  // synthesized and loaded meanwhile. The engines are this command's: they outlive hot reload's restarts.
  const { engines, jvmLaunched } = startEnginesFor(values.persist, join(appDir, CLASS_DATA_DIR), log, timeline);
  // Nothing heavy on this thread until the JVM has been spawned: loading the runtime's modules would hold back the few
  // steps before the spawn (module loads, a free port, the archive's files) by seconds.
  await jvmLaunched;
  let assemblyDir: string;
  // Synthesis before the runtime's modules: it starts esbuild, a process of its own, before it loads aws-cdk-lib.
  try {
    if (values.assembly) {
      assemblyDir = resolve(values.assembly);
    } else {
      assemblyDir = resolve(appDir, 'cdk.out');
      io.out(`synthesizing the CDK app into ${assemblyDir} …`);
      await timeline.time(
        'synthesis',
        async () => synthesize(assemblyDir),
        (outcome) => (typeof outcome === 'string' ? outcome : undefined),
      );
    }
  } catch (error) {
    await stopEngines(engines);
    throw error;
  }
  const { startLocalRuntime } = await import('../../runtime/index.ts').catch(async (error: unknown) => {
    await stopEngines(engines);
    throw error;
  });
  // Signals during start-up must stop what already runs, not kill the process and orphan DynamoDB Local's JVM.
  const signals = deps.untilStopped ? undefined : untilSignals();
  const stopRequested = deps.untilStopped?.() ?? (signals as Signals).first;
  const forceRequested = deps.untilForced?.() ?? signals?.second;
  // Hot reload restarts the runtime on the same engines; without --persist its own state (stream positions, async
  // invocations, deliveries) lives in a temporary folder for that time, so a restart loses nothing either.
  const watching = values.watch;
  const stateDir = watching && !values.persist ? mkdtempSync(join(tmpdir(), 'eventful-state-')) : undefined;
  const runtimeOptions = {
    assemblyDir,
    ...(values.persist ? { persistDir: resolve(values.persist) } : {}),
    ...(stateDir ? { stateDir } : {}),
    ...(chaos ? { chaos } : {}),
    ...openApiOf('cdk.json'),
    log,
  };
  let runtime: LocalRuntime;
  try {
    runtime = await startLocalRuntime({ ...runtimeOptions, engines, timeline, port, apiPort });
  } catch (error) {
    await stopEngines(engines);
    if (stateDir) rmSync(stateDir, { recursive: true, force: true });
    throw error;
  }
  deps.onRuntime?.(runtime);

  const t = runtime.topology;
  io.out(`AWS endpoint  ${runtime.endpointUrl}   (export AWS_ENDPOINT_URL=${runtime.endpointUrl})`);
  io.out(`HTTP API      ${runtime.apiUrl}`);
  io.out(`explorer      ${runtime.explorerUrl}`);
  io.out(
    `running ${t.functions.length} functions, ${t.rules.length} rules on ${t.eventBuses.length} buses, ${t.queues.length} queues, ` +
      `${t.tables.length} tables, ${t.streams.length} streams, ${t.buckets.length} buckets, ${t.schedules.length} schedules, ${t.httpApis.length} HTTP APIs`,
  );
  // Seeding (requests to the engines) and setting up the file watchers (the file system) wait on different things.
  const seeded = seedIfAsked(deps.seed, values.seed, runtime, io, timeline);
  const hotReloadStarted = performance.now();
  const hotReload = watching
    ? await startHotReload({
        runtime: () => runtime,
        appDir,
        assemblyDir,
        watch: deps.watch,
        log,
        // With --assembly there is nothing to synthesize from: infrastructure changes wait for the next start. A
        // change is synthesized by cdk.json's app command in a fresh process: an in-process hook would run the
        // infrastructure modules it already imported, not the changed ones (ES modules cannot be reloaded).
        ...(values.assembly
          ? {}
          : {
              synthesize: async () => {
                await (existsSync(join(appDir, 'cdk.json')) ? synthesizeWithCdkJson(assemblyDir, appDir) : synthesize(assemblyDir));
              },
            }),
        restart: async (previous) => {
          await previous.stop();
          const next = await startLocalRuntime({
            ...runtimeOptions,
            engines: previous.engines,
            port: Number(new URL(previous.endpointUrl).port),
            apiPort: Number(new URL(previous.apiUrl).port),
          });
          runtime = next;
          deps.onRuntime?.(next);
          return next;
        },
      })
    : undefined;
  if (hotReload) timeline.add('hot reload', hotReloadStarted, performance.now());
  await seeded;
  log.write('runtime', timeline.describe());
  io.out(`ready in ${(performance.now() / 1000).toFixed(1)} s (runtime ${runtime.readyInMs} ms); Ctrl-C to stop`);

  const signal = await stopRequested;
  io.out(`${signal}: stopping …`);
  void forceRequested?.then((again) => {
    io.out(`${again} again: forcing the stop`);
    void runtime.stop({ force: true });
  });
  await hotReload?.close();
  await runtime.stop();
  // The engines are this command's (hot reload restarts the runtime on them): the last to stop.
  io.out(
    runtime.engines.dynamodb.writesClassDataAtStop
      ? 'stopping: the engines (DynamoDB Local first writes its class data archive, once: a few seconds; later starts map it)'
      : 'stopping: the engines',
  );
  await runtime.engines.stop();
  hotReload?.removeCode();
  if (stateDir) rmSync(stateDir, { recursive: true, force: true });
  io.out('stopped');
  return 0;
}

/**
 * Watches the app (`--no-watch` turns it off): a function's code rebundles that function in the running runtime;
 * any other watched change synthesizes again and applies it (`reloadApp`). Says what it watches.
 */
async function startHotReload(parts: {
  runtime: () => LocalRuntime;
  appDir: string;
  assemblyDir: string;
  watch: StartHooks['watch'];
  log: LiveLog;
  synthesize?: () => Promise<void>;
  restart: (previous: LocalRuntime) => Promise<LocalRuntime>;
}): Promise<{ close(): Promise<void>; removeCode(): void }> {
  const { HotReload, watchSpecFromCdkJson } = await import('../../watch/index.ts');
  const { reloadApp, shortFunctionNames } = await import('../../runtime/hot-reload-parts.ts');
  const { log } = parts;
  const watch = parts.watch ? { root: parts.appDir, ...parts.watch } : watchSpecFromCdkJson(parts.appDir);
  const say = (kind: 'runtime' | 'warn' | 'error', text: string) => log.write(kind, text);
  const current = parts.runtime();
  let names = shortFunctionNames(current.topology.functions);
  const hot: InstanceType<typeof HotReload> = new HotReload(current.lambda, {
    watch,
    // Per process: two runtimes may run one assembly (`--assembly`).
    outDir: join(parts.assemblyDir, 'hot-reload', String(process.pid)),
    log: say,
    displayName: (name) => names.get(name) ?? name,
    onOtherChange: async (files) => {
      const changed = files.map((file) => relative(parts.appDir, file));
      if (!parts.synthesize) {
        say('warn', `hot reload: ${changed.join(', ')} changed; started with --assembly, so nothing is synthesized: restart to apply it`);
        return;
      }
      const before = parts.runtime();
      const after = await reloadApp(before, changed, { synthesize: parts.synthesize, assemblyDir: parts.assemblyDir, restart: parts.restart, say });
      names = shortFunctionNames(after.topology.functions);
      await hot.retarget(after.lambda);
    },
  });
  const missing = hot.start();
  say(
    'runtime',
    `watching ${watch.include.join(', ')}${watch.exclude?.length ? ` (not ${watch.exclude.join(', ')})` : ''} for hot reload; --no-watch turns it off`,
  );
  if (missing.length > 0) {
    say('warn', `hot reload: ${missing.length} function(s) are synthesized again instead of rebundled when their code changes: ${missing[0]?.reason}`);
  }
  return hot;
}

/** Runs the app's seed hook unless `--no-seed`; a failure is said, not fatal: the runtime runs without it. */
async function seedIfAsked(seed: StartHooks['seed'], asked: boolean, runtime: LocalRuntime, io: CommandIO, timeline: StartTimeline): Promise<void> {
  if (!seed) return;
  if (!asked) {
    io.out(`--no-seed: ${seed.describe} not seeded`);
    return;
  }
  try {
    for (const line of await timeline.time('seed', () => seed.run(runtime))) io.out(line);
  } catch (error) {
    io.err(`${seed.describe}: not seeded: ${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}`);
  }
}

/**
 * Starts the engines (in `persistDir`'s `dynamodb/`, `kinesis/`, `sqs-s3/` with `--persist`), recording their start in
 * `timeline`. A failure is the runtime's to report when it awaits them; until then it must not be an unhandled
 * rejection. `jvmLaunched` resolves once DynamoDB Local's JVM is spawned (or the engines failed before).
 */
function startEnginesFor(
  persist: string | undefined,
  classDataDir: string,
  log: LiveLog,
  timeline: StartTimeline,
): { engines: Promise<Engines>; jvmLaunched: Promise<void> } {
  let launched = () => {};
  const jvmLaunched = new Promise<void>((resolve) => (launched = resolve));
  const engines = timeline.time(
    'engines',
    async () => {
      const { startEngines } = await import('../../engines/start-engines.ts');
      return startEngines({
        ...(persist ? { persistDir: resolve(persist) } : {}),
        classDataDir,
        onDynamoDbLaunched: () => launched(),
        log: (entry) => {
          if (entry.level === 'warn' || entry.level === 'error') log.write(entry.level, `${entry.engine}: ${entry.message}`);
        },
      });
    },
    (started) => describeEngineTimes(started.readyInMs),
  );
  engines.catch(() => {});
  // Settled either way: engines that fail before the JVM starts say so when awaited.
  return {
    engines,
    jvmLaunched: Promise.race([
      jvmLaunched,
      engines.then(
        () => {},
        () => {},
      ),
    ]),
  };
}

/** Stops engines that started; one that failed to start has nothing left to stop. */
async function stopEngines(engines: Promise<Engines>): Promise<void> {
  await engines.then(
    (started) => started.stop(),
    () => {},
  );
}

/**
 * Synthesizes as the CDK CLI does: the `app` command of `cdk.json` in the current directory, with the output
 * directory in `CDK_OUTDIR`. https://docs.aws.amazon.com/cdk/v2/guide/apps.html
 */
async function synthesizeWithCdkJson(outdir: string, appDir: string): Promise<void> {
  const cdkJson = join(appDir, 'cdk.json');
  if (!existsSync(cdkJson)) throw new UsageError("no cdk.json here to synthesize from: run in the CDK app's folder, or pass --assembly <dir>");
  const { app } = JSON.parse(readFileSync(cdkJson, 'utf8')) as { app?: unknown };
  if (typeof app !== 'string' || app.trim() === '') throw new UsageError('cdk.json has no "app" command to synthesize with: pass --assembly <dir>');
  await new Promise<void>((done, fail) => {
    const child = spawn(app, { shell: true, cwd: appDir, stdio: 'inherit', env: { ...process.env, CDK_OUTDIR: outdir } });
    child.once('error', fail);
    child.once('exit', (code) => (code === 0 ? done() : fail(new Error(`cdk.json's app command "${app}" exited with ${code}`))));
  });
}

/**
 * The app's OpenAPI document for the explorer: the path in `cdk.json`'s context under `eventful:openApi`
 * (relative to cdk.json), when there is one and the file exists.
 */
function openApiOf(cdkJson: string): { openApiPath?: string } {
  if (!existsSync(cdkJson)) return {};
  try {
    const { context } = JSON.parse(readFileSync(cdkJson, 'utf8')) as { context?: Record<string, unknown> };
    const path = context?.[OPENAPI_CONTEXT_KEY];
    if (typeof path !== 'string') return {};
    const resolved = resolve(dirname(resolve(cdkJson)), path);
    return existsSync(resolved) ? { openApiPath: resolved } : {};
  } catch {
    // A cdk.json that is not JSON is the CDK CLI's to report; the explorer goes without the document.
    return {};
  }
}

function parseChaos(text: string): ChaosSpec {
  try {
    return parseChaosSpec(text);
  } catch (error) {
    if (error instanceof ChaosSpecError) throw new UsageError(error.message);
    throw error;
  }
}

function parsePort(flag: string, value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(`${flag} must be a port number (0-65535), got "${value}"`);
  return port;
}

interface Signals {
  /** The first SIGINT/SIGTERM: stop in order. */
  first: Promise<string>;
  /** The second: stop waiting for running invocations. */
  second: Promise<string>;
}

/**
 * SIGINT/SIGTERM. The listeners stay until the process ends: while an application handler exists, the engines'
 * child reaper leaves shutdown to us instead of killing the engines and re-raising the signal mid-stop.
 */
function untilSignals(): Signals {
  let count = 0;
  let onFirst: (signal: string) => void = () => {};
  let onSecond: (signal: string) => void = () => {};
  const first = new Promise<string>((resolve) => (onFirst = resolve));
  const second = new Promise<string>((resolve) => (onSecond = resolve));
  const on = (signal: NodeJS.Signals) => {
    count += 1;
    if (count === 1) onFirst(signal);
    else if (count === 2) onSecond(signal);
  };
  process.on('SIGINT', on);
  process.on('SIGTERM', on);
  return { first, second };
}
