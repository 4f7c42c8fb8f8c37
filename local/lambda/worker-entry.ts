import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { buildSync } from 'esbuild';

const BOOTSTRAP_SOURCE = fileURLToPath(new URL('./worker/bootstrap.ts', import.meta.url));

let entry: URL | undefined;

/**
 * The worker threads' bootstrap (worker/bootstrap.ts and what it imports) as one plain ES module. Started as
 * TypeScript, every new worker paid for Node's type stripping and a dozen module loads before the function's own
 * init: about 75 ms of CPU per cold start, a third of a small bundle's init. Under load, where every environment
 * a fault discards is replaced by a cold one, that was a large share of the runtime's CPU. Built once per process
 * with esbuild, into the temporary directory under its content's hash (so processes share it and an edited
 * bootstrap gets a file of its own).
 */
export function workerEntry(): URL {
  entry ??= buildWorkerEntry();
  return entry;
}

function buildWorkerEntry(): URL {
  const { outputFiles } = buildSync({
    entryPoints: [BOOTSTRAP_SOURCE],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node22',
    write: false,
    logLevel: 'silent',
  });
  const [output] = outputFiles;
  if (!output) throw new Error(`esbuild produced no output for the Lambda worker bootstrap ${BOOTSTRAP_SOURCE}`);
  const hash = createHash('sha256').update(output.contents).digest('hex').slice(0, 16);
  const directory = join(tmpdir(), 'eventful-lambda-worker');
  const file = join(directory, `bootstrap-${hash}.mjs`);
  if (!existsSync(file)) {
    mkdirSync(directory, { recursive: true });
    // Written aside, then renamed: another process starting at the same moment never reads half a file.
    const aside = `${file}.${process.pid}.tmp`;
    writeFileSync(aside, output.contents);
    renameSync(aside, file);
  }
  return pathToFileURL(file);
}
