import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { findJava, JavaNotFoundError } from '../../local/engines/index.ts';
import { BenchmarkSkippedError } from '../errors.ts';
import { valueAtMost } from '../goals.ts';
import type { Comparison } from '../types.ts';

const PROJECT_ROOT = fileURLToPath(new URL('../../', import.meta.url));
const CLI = join(PROJECT_ROOT, 'bin', 'eventful.mjs');
// Inside the project, so the bundles' bare `@aws-sdk/*` imports resolve from its node_modules; git ignores `cdk.out/`.
const OUT_ROOT = join(PROJECT_ROOT, 'cdk.out');
/** `npm start` has to be up in this long; a start that is not is a failure, not a slow number. */
const START_TIMEOUT_MS = 180_000;

/**
 * `npm start` (`eventful start`, seeding included) from the command to its `ready` line, in a folder of its own:
 * - from a fresh clone: no `cdk.out`, an empty bundle cache (EVENTFUL_BUNDLE_CACHE): synthesis and every bundle;
 * - again with nothing changed: the previous start's assembly and bundles are reused.
 * Each against, in the same run, `eventful start --assembly` on the assembly the first start synthesized: the
 * runtime's own start, which no reuse can save.
 *
 * @throws BenchmarkSkippedError when Java is missing.
 */
export async function startComparisons(): Promise<Comparison[]> {
  try {
    await findJava();
  } catch (error) {
    if (error instanceof JavaNotFoundError) throw new BenchmarkSkippedError('npm start', error.message);
    throw error;
  }
  mkdirSync(OUT_ROOT, { recursive: true });
  const folders: string[] = [];
  const folder = (prefix: string) => {
    const dir = mkdtempSync(join(OUT_ROOT, prefix));
    folders.push(dir);
    return dir;
  };
  const dispose = () => {
    for (const dir of folders.splice(0)) rmSync(dir, { recursive: true, force: true });
  };

  const runtimeOnly = (cwd: string) => timeToReady(['start', '--port', '0', '--api-port', '0', '--assembly', join(cwd, 'cdk.out')], cwd, {});
  // The last fresh clone's folder and cache: the cached start restarts from them.
  let last: { cwd: string; cache: string } | undefined;
  const freshStart = async () => {
    const cwd = folder('bench-start-');
    const cache = folder('bench-bundles-');
    const subject = await timeToReady(['start', '--port', '0', '--api-port', '0'], cwd, { EVENTFUL_BUNDLE_CACHE: cache });
    last = { cwd, cache };
    return { subject, baseline: await runtimeOnly(cwd) };
  };

  return [
    {
      name: 'npm start: fresh clone to ready',
      ...valueAtMost(8_000, 'ms', 'at most 8 s'),
      subjectName: 'eventful start (no cdk.out, empty bundle cache)',
      baselineName: 'eventful start --assembly (runtime only)',
      observe: freshStart,
      warmups: 0,
      observations: 2,
    },
    {
      name: 'npm start: again, nothing changed',
      ...valueAtMost(3_000, 'ms', 'at most 3 s'),
      subjectName: 'eventful start (cdk.out and bundles of the previous start)',
      baselineName: 'eventful start --assembly (runtime only)',
      observe: async () => {
        if (last === undefined) await freshStart();
        const { cwd, cache } = last as { cwd: string; cache: string };
        const subject = await timeToReady(['start', '--port', '0', '--api-port', '0'], cwd, { EVENTFUL_BUNDLE_CACHE: cache });
        return { subject, baseline: await runtimeOnly(cwd) };
      },
      warmups: 0,
      observations: 3,
      dispose,
    },
  ];
}

/** Runs the CLI until it prints `ready`, then stops it with Ctrl-C (SIGINT) and waits for its exit. */
function timeToReady(args: string[], cwd: string, env: Record<string, string>): Promise<number> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, [CLI, ...args], { cwd, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    let readyAfter: number | undefined;
    const timer = setTimeout(() => child.kill('SIGKILL'), START_TIMEOUT_MS);
    const onOutput = (chunk: Buffer) => {
      output += chunk.toString();
      if (readyAfter === undefined && /\bready\b/.test(output)) {
        readyAfter = performance.now() - started;
        child.kill('SIGINT');
      }
    };
    child.stdout.on('data', onOutput);
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('error', reject);
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      if (readyAfter !== undefined) resolve(readyAfter);
      else reject(new Error(`eventful ${args.join(' ')} exited (${code ?? signal}) before "ready":\n${output.slice(-2000)}`));
    });
  });
}
