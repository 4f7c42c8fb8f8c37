import { LiveLog, startLocalRuntime, type LocalRuntime } from '../../../local/runtime/index.ts';
import { loadApiContract } from './api-contract.ts';
import { sharedAssembly } from './shared-assembly.ts';

/** Credentials and region for SDK clients against the local endpoint: any work. */
export const LOCAL_CLIENT = { region: 'us-east-1', credentials: { accessKeyId: 'test', secretAccessKey: 'test' } } as const;

export interface EventfulAppRuntime {
  runtime: LocalRuntime;
  /** Every live-log line so far. */
  lines: string[];
  /** SDK client settings for the local endpoint. */
  client: typeof LOCAL_CLIENT & { endpoint: string };
  /**
   * A request to the local HTTP API; `path` starts with `/`. Every response is checked against
   * docs/openapi.yaml (status documented for the route, required headers, content type, body
   * schema) before it is returned: one that differs fails the test with a ContractViolationError.
   */
  api(path: string, init?: RequestInit): Promise<Response>;
  /** The value of an environment variable the app gives its functions, e.g. `ORDERS_TABLE`. */
  envOf(name: string): string;
  /** The schedule whose construct path contains `pathPart`. */
  scheduleNamed(pathPart: string): string;
  stop(): Promise<void>;
}

/**
 * Runs the real eventful app (the one `cdk deploy` ships, with the `E2E_CONTEXT` settings) on the
 * local runtime on free ports, as `npm start` does. Each caller gets its own runtime and engines.
 * `pausedChaos`: a `--chaos` spec, paused from the start (`runtime.chaos.resume()` around what should fail).
 */
export async function startEventfulApp(options: { pausedChaos?: string } = {}): Promise<EventfulAppRuntime> {
  const contract = loadApiContract();
  const assemblyDir = await sharedAssembly();
  const lines: string[] = [];
  const runtime = await startLocalRuntime({
    assemblyDir,
    port: 0,
    apiPort: 0,
    log: new LiveLog({ sink: (line) => lines.push(line) }),
    ...(options.pausedChaos !== undefined && { chaos: options.pausedChaos }),
  });
  // Nothing is invoked before the first request: paused here, chaos strikes only where a test resumes it.
  runtime.chaos?.pause();
  return {
    runtime,
    lines,
    client: { ...LOCAL_CLIENT, endpoint: runtime.endpointUrl },
    async api(path, init) {
      const response = await fetch(`${runtime.apiUrl.replace(/\/$/, '')}${path}`, init);
      await contract.assertConforms(init?.method ?? 'GET', path, response);
      return response;
    },
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
    },
  };
}
