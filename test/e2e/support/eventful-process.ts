import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const BIN = fileURLToPath(new URL('../../../bin/eventful.mjs', import.meta.url));
const PROJECT = fileURLToPath(new URL('../../../', import.meta.url));
const READY_TIMEOUT_MS = 120_000;

export interface EventfulProcess {
  endpointUrl: string;
  apiUrl: string;
  /** Everything the process printed so far (stdout and stderr). */
  output(): string;
  /** A request to its HTTP API; `path` starts with `/`. */
  api(path: string, init?: RequestInit): Promise<Response>;
  /** SIGINT (Ctrl-C); resolves with the exit code once it has exited. */
  interrupt(): Promise<number | null>;
  /** SIGKILL: no stop at all; resolves once it has exited. */
  kill(): Promise<void>;
}

/**
 * `eventful start` as a user runs it (`npm start -- --persist <dir> --assembly <dir>`), in a child process on free
 * ports, so a test can stop it with Ctrl-C or kill it outright and start it again on the same directory.
 */
export async function startEventfulProcess(args: { assemblyDir: string; persistDir: string }): Promise<EventfulProcess> {
  const child: ChildProcess = spawn(
    process.execPath,
    [BIN, 'start', '--port', '0', '--api-port', '0', '--persist', args.persistDir, '--assembly', args.assemblyDir],
    {
      cwd: PROJECT,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, NO_COLOR: '1' },
    },
  );
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no "ready" after ${READY_TIMEOUT_MS / 1000} s:\n${output}`)), READY_TIMEOUT_MS);
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
    output: () => output,
    api: (path, init) => fetch(`${apiUrl}${path}`, init),
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
