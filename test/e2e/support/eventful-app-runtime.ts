import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createEventfulApp } from '../../../infra/eventful-app.ts';
import { LiveLog, startLocalRuntime, type LocalRuntime } from '../../../local/runtime/index.ts';

/*
 * Inside the project, not the system temp dir: bundles leave the AWS SDK out (the Lambda runtime
 * provides it), so locally functions resolve it from the project's node_modules, as under `npm start`.
 */
const ASSEMBLIES_DIR = fileURLToPath(new URL('../../../.e2e-assemblies/', import.meta.url));

/** Credentials and region for SDK clients against the local endpoint: any work. */
export const LOCAL_CLIENT = { region: 'us-east-1', credentials: { accessKeyId: 'test', secretAccessKey: 'test' } } as const;

export interface EventfulAppRuntime {
  runtime: LocalRuntime;
  /** Every live-log line so far. */
  lines: string[];
  /** SDK client settings for the local endpoint. */
  client: typeof LOCAL_CLIENT & { endpoint: string };
  /** A request to the local HTTP API; `path` starts with `/`. */
  api(path: string, init?: RequestInit): Promise<Response>;
  /** The value of an environment variable the app gives its functions, e.g. `ORDERS_TABLE`. */
  envOf(name: string): string;
  /** The schedule whose construct path contains `pathPart`. */
  scheduleNamed(pathPart: string): string;
  stop(): Promise<void>;
}

/**
 * Synthesizes the real eventful app (the one `cdk deploy` ships, with `context` overrides) and runs it
 * on the local runtime on free ports, as `npm start` does.
 */
export async function startEventfulApp(context: Record<string, unknown> = {}): Promise<EventfulAppRuntime> {
  mkdirSync(ASSEMBLIES_DIR, { recursive: true });
  const assemblyDir = mkdtempSync(join(ASSEMBLIES_DIR, 'eventful-'));
  createEventfulApp({ outdir: assemblyDir, context }).synth();
  const lines: string[] = [];
  const runtime = await startLocalRuntime({ assemblyDir, port: 0, apiPort: 0, log: new LiveLog({ sink: (line) => lines.push(line) }) });
  return {
    runtime,
    lines,
    client: { ...LOCAL_CLIENT, endpoint: runtime.endpointUrl },
    api: (path, init) => fetch(`${runtime.apiUrl.replace(/\/$/, '')}${path}`, init),
    envOf(name) {
      const value = runtime.topology.functions.map((fn) => fn.environment[name]).find((v) => v !== undefined);
      if (value === undefined) throw new Error(`no function of the app has ${name} in its environment`);
      return value;
    },
    scheduleNamed(pathPart) {
      const schedule = runtime.topology.schedules.find((s) => s.path?.includes(pathPart));
      if (!schedule) throw new Error(`no schedule whose path contains ${pathPart}: ${runtime.topology.schedules.map((s) => s.path).join(', ')}`);
      return schedule.name;
    },
    async stop() {
      await runtime.stop();
      rmSync(assemblyDir, { recursive: true, force: true });
    },
  };
}
