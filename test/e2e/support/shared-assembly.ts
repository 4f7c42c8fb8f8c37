import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';
import { inject } from 'vitest';
import { createEventfulApp } from '../../../infra/eventful-app.ts';

/*
 * Inside the project, not the system temp dir: bundles leave the AWS SDK out (the Lambda runtime
 * provides it), so locally functions resolve it from the project's node_modules, as under `npm start`.
 */
export const ASSEMBLIES_DIR = fileURLToPath(new URL('../../../.e2e-assemblies/', import.meta.url));

/**
 * The app settings every end-to-end test runs with: a 5-second tumbling window and a trending
 * threshold of 3 views, so windows close while a test waits. Everything else is the deployed app.
 */
export const E2E_CONTEXT = { 'eventful:activityWindowSeconds': 5, 'eventful:trendingThreshold': 3 } as const;

const SYNTH_WAIT_MS = 5 * 60_000;

/**
 * The real app synthesized once per test run, whichever end-to-end file asks first: synthesis bundles
 * every function and takes tens of seconds, and each file would otherwise pay for it. Test files run
 * in separate processes, so the first one takes a directory lock and the others wait for its marker.
 */
export async function sharedAssembly(): Promise<string> {
  const dir = join(ASSEMBLIES_DIR, inject('e2eRunId'));
  const ready = join(dir, '.synthesized');
  mkdirSync(ASSEMBLIES_DIR, { recursive: true });
  let owner = false;
  try {
    mkdirSync(`${dir}.lock`);
    owner = true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  if (owner) {
    createEventfulApp({ outdir: dir, context: { ...E2E_CONTEXT } }).synth();
    writeFileSync(ready, '');
    return dir;
  }
  const deadline = Date.now() + SYNTH_WAIT_MS;
  while (!existsSync(ready)) {
    if (Date.now() > deadline) throw new Error(`the shared assembly ${dir} was not synthesized within ${SYNTH_WAIT_MS / 1000} s`);
    await sleep(250);
  }
  return dir;
}
