import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const BIN = fileURLToPath(new URL('../../../bin/eventful.mjs', import.meta.url));
const PROJECT = fileURLToPath(new URL('../../../', import.meta.url));
const READY_TIMEOUT_MS = 120_000;

export interface EventfulProcess {
  endpointUrl: string;
  apiUrl: string;
  explorerUrl: string;
  /** Everything the process printed so far (stdout and stderr). */
  output(): string;
  /** A request to its HTTP API; `path` starts with `/`. */
  api(path: string, init?: RequestInit): Promise<Response>;
  /**
   * Resolves once the runtime has nothing left to do (`GET /_eventful/quiet?waitMs=`: no function running, no delivery
   * or retry pending, mapped queues empty, streams read to their tip, no tumbling window open); rejects with what was
   * still busy after `timeoutMs`.
   */
  quiet(timeoutMs?: number): Promise<void>;
  /** SIGINT (Ctrl-C); resolves with the exit code once it has exited. */
  interrupt(): Promise<number | null>;
  /** SIGKILL: no stop at all; resolves once it has exited. */
  kill(): Promise<void>;
}

export interface EventfulProcessOptions {
  /** Runs this already synthesized assembly (`--assembly`) instead of synthesizing. */
  assemblyDir?: string;
  /** Keeps the data in this folder (`--persist`). */
  persistDir?: string;
  /**
   * The app's folder, a copy of the project: `eventful start` runs there from its own `bin/`, synthesizing its own
   * `cdk.out` and watching its own files, as in a clone. @default the project itself
   */
  appDir?: string;
  /** Added to the process's environment. */
  env?: Record<string, string>;
  /** How long to wait for `ready` (synthesizing takes longer than reusing an assembly). @default 120 s */
  readyTimeoutMs?: number;
}

/**
 * `eventful start` as a user runs it (`npm start -- --persist <dir> --assembly <dir>`, or plain `npm start` in a
 * copy of the project), in a child process on free ports, so a test can stop it with Ctrl-C or kill it outright and
 * start it again on the same directory.
 */
export async function startEventfulProcess(args: EventfulProcessOptions): Promise<EventfulProcess> {
  const flags = [...(args.persistDir ? ['--persist', args.persistDir] : []), ...(args.assemblyDir ? ['--assembly', args.assemblyDir] : [])];
  const child: ChildProcess = spawn(
    process.execPath,
    [args.appDir ? join(args.appDir, 'bin', 'eventful.mjs') : BIN, 'start', '--port', '0', '--api-port', '0', ...flags],
    {
      cwd: args.appDir ?? PROJECT,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, NO_COLOR: '1', ...args.env },
    },
  );
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const readyTimeoutMs = args.readyTimeoutMs ?? READY_TIMEOUT_MS;
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no "ready" after ${readyTimeoutMs / 1000} s:\n${output}`)), readyTimeoutMs);
    const check = () => {
      if (/^ready in /m.test(output)) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout?.on('data', check);
    void exited.then(() => {
      clearTimeout(timer);
      reject(new Error(`exited before ready:\n${output}`));
    });
  });
  const url = (label: string) => {
    const found = new RegExp(`^${label}\\s+(http://\\S+)`, 'm').exec(output)?.[1];
    if (!found) throw new Error(`no ${label} URL in:\n${output}`);
    return found;
  };
  const apiUrl = url('HTTP API').replace(/\/$/, '');
  return {
    endpointUrl: url('AWS endpoint'),
    apiUrl,
    explorerUrl: url('explorer'),
    output: () => output,
    api: (path, init) => fetch(`${apiUrl}${path}`, init),
    async quiet(timeoutMs = 120_000) {
      const state = (await (await fetch(`${url('AWS endpoint')}/_eventful/quiet?waitMs=${timeoutMs}`)).json()) as { quiet: boolean };
      if (!state.quiet) throw new Error(`the runtime was still busy after ${timeoutMs} ms: ${JSON.stringify(state)}`);
    },
    async interrupt() {
      child.kill('SIGINT');
      return exited;
    },
    async kill() {
      child.kill('SIGKILL');
      await exited;
    },
  };
}
