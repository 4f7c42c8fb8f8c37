import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { ALL_FAULT_KINDS, ChaosSpecError, parseChaosSpec, type ChaosSpec } from '../../local/chaos/index.ts';
import type { LocalRuntime } from '../../local/runtime/index.ts';
import type { CommandIO } from '../io.ts';
import { UsageError } from '../usage-error.ts';

export const startHelp = `eventful start [--port N] [--api-port N] [--persist <dir>] [--chaos <spec>] [--no-seed] [--assembly <dir>]

Synthesizes the CDK app into cdk.out and runs it locally, offline; prints the URLs and "ready". Ctrl-C stops it
(running invocations finish first; Ctrl-C again to cut them short).
  --port N            the AWS-compatible endpoint (AWS_ENDPOINT_URL) port (default 4566; 0 = a free port)
  --api-port N        the HTTP API port (default 3000; 0 = a free port)
  --persist <dir>     keep tables, queues, streams, buckets, stream positions, windows, pending async
                      invocations, schedules' last fire times and archives in <dir>: a restart resumes
                      where the previous run stopped (default: in memory)
  --chaos <spec>      inject the faults AWS produces, each at a rate, from a seed (repeatable runs):
                      "seed=42,rate=0.05" for every kind, or per area/kind ("lambda=0.1,sqs.duplicate=0.2");
                      kinds: ${ALL_FAULT_KINDS.join(', ')}
  --assembly <dir>    run an already synthesized cloud assembly instead of synthesizing
  --no-seed           do not seed the demo catalog (shared/catalog/demo-products.ts) into the Products table`;

export interface StartDependencies {
  /** Resolves when the runtime should stop: SIGINT or SIGTERM by default. */
  untilStopped?: () => Promise<string>;
  /** Resolves when a stop under way should stop waiting for invocations: a second SIGINT or SIGTERM by default. */
  untilForced?: () => Promise<string>;
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
    },
  });
  if (positionals.length > 0) throw new UsageError(`unexpected argument "${positionals[0]}"`);
  const port = parsePort('--port', values.port, 4566);
  const apiPort = parsePort('--api-port', values['api-port'], 3000);
  const chaos = values.chaos === undefined ? undefined : parseChaos(values.chaos);

  const started = Date.now();
  let assemblyDir: string;
  if (values.assembly) {
    assemblyDir = resolve(values.assembly);
  } else {
    assemblyDir = resolve('cdk.out');
    io.out(`synthesizing the CDK app into ${assemblyDir} …`);
    // Imported here: aws-cdk-lib takes seconds to load, and --assembly runs do without it.
    const { createEventfulApp } = await import('../../infra/eventful-app.ts');
    createEventfulApp({ outdir: assemblyDir }).synth();
  }

  const { startLocalRuntime, LiveLog, seedDemoCatalog, describeSeedOutcome } = await import('../../local/runtime/index.ts');
  const colour = process.stdout.isTTY === true && !process.env['NO_COLOR'];
  const log = new LiveLog({ sink: (line, kind) => (kind === 'error' || kind === 'warn' ? io.err(line) : io.out(line)), colour });
  // Signals during start-up must stop what already runs, not kill the process and orphan DynamoDB Local's JVM.
  const signals = deps.untilStopped ? undefined : untilSignals();
  const stopRequested = deps.untilStopped?.() ?? (signals as Signals).first;
  const forceRequested = deps.untilForced?.() ?? signals?.second;
  const runtime: LocalRuntime = await startLocalRuntime({
    assemblyDir,
    port,
    apiPort,
    ...(values.persist ? { persistDir: resolve(values.persist) } : {}),
    ...(chaos ? { chaos } : {}),
    log,
  });

  const t = runtime.topology;
  io.out(`AWS endpoint  ${runtime.endpointUrl}   (export AWS_ENDPOINT_URL=${runtime.endpointUrl})`);
  io.out(`HTTP API      ${runtime.apiUrl}`);
  io.out(
    `running ${t.functions.length} functions, ${t.rules.length} rules on ${t.eventBuses.length} buses, ${t.queues.length} queues, ` +
      `${t.tables.length} tables, ${t.streams.length} streams, ${t.buckets.length} buckets, ${t.schedules.length} schedules, ${t.httpApis.length} HTTP APIs`,
  );
  if (values.seed) {
    try {
      for (const outcome of await seedDemoCatalog(runtime)) io.out(describeSeedOutcome(outcome));
    } catch (error) {
      // Seeding is a convenience: the runtime runs without it, so a failure is said and start-up goes on.
      io.err(`demo catalog not seeded: ${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}`);
    }
  } else {
    io.out('--no-seed: demo catalog not seeded');
  }
  io.out(`ready in ${((Date.now() - started) / 1000).toFixed(1)} s (runtime ${runtime.readyInMs} ms); Ctrl-C to stop`);

  const signal = await stopRequested;
  io.out(`${signal}: stopping …`);
  void forceRequested?.then((again) => {
    io.out(`${again} again: forcing the stop`);
    void runtime.stop({ force: true });
  });
  await runtime.stop();
  io.out('stopped');
  return 0;
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
