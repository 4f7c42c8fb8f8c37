import { mkdirSync, mkdtempSync, readdirSync, rmdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { findJava, JavaNotFoundError } from '../../local/engines/index.ts';
import { startLocalRuntime } from '../../local/runtime/index.ts';
import { BenchmarkSkippedError } from '../errors.ts';
import { reported } from '../goals.ts';
import type { Comparison } from '../types.ts';

const NAME = 'local runtime: start to ready';
// Inside the project, so the bundles' bare `@aws-sdk/*` imports resolve from its node_modules; git ignores `cdk.out/`.
const OUT_ROOT = fileURLToPath(new URL('../cdk.out', import.meta.url));

/**
 * `npm start`'s runtime on the synthesized eventful app, from the call to every engine, emulated service and endpoint
 * accepting requests; against the part of that same start spent waiting for DynamoDB Local (its JVM dominates, the
 * other engines start alongside it). Measured within one start, as starting DynamoDB Local apart as well would double
 * a budget of ~4 s a start: one warm-up and three starts, about 25 s with the synthesis.
 *
 * @throws BenchmarkSkippedError when Java is missing.
 */
export async function localRuntimeComparisons(): Promise<Comparison[]> {
  try {
    await findJava();
  } catch (error) {
    if (error instanceof JavaNotFoundError) throw new BenchmarkSkippedError(NAME, error.message);
    throw error;
  }
  mkdirSync(OUT_ROOT, { recursive: true });
  const assemblyDir = mkdtempSync(join(OUT_ROOT, 'bench-'));
  const dispose = () => {
    rmSync(assemblyDir, { recursive: true, force: true });
    if (readdirSync(OUT_ROOT).length === 0) rmdirSync(OUT_ROOT);
  };
  try {
    // Imported here: aws-cdk-lib takes seconds to load, and runs without this suite do without it.
    const { createEventfulApp } = await import('../../infra/eventful-app.ts');
    createEventfulApp({ outdir: assemblyDir }).synth();
  } catch (error) {
    dispose();
    throw error;
  }
  return [
    {
      name: NAME,
      ...reported('what starting the runtime costs beyond its slowest engine (the start goals of issue 9 have their own entries)'),
      subjectName: 'startLocalRuntime (eventful app)',
      baselineName: 'DynamoDB Local start within it',
      observe: async () => {
        const runtime = await startLocalRuntime({ assemblyDir, port: 0, apiPort: 0 });
        await runtime.stop();
        return { subject: runtime.readyInMs, baseline: runtime.engines.readyInMs.dynamodb };
      },
      warmups: 1,
      observations: 3,
      dispose,
    },
  ];
}
