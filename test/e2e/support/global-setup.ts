import { randomUUID } from 'node:crypto';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { ASSEMBLIES_DIR } from './shared-assembly.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Names this run's shared assembly, so runs never reuse an app synthesized from older code. */
    e2eRunId: string;
  }
}

export default function setup(project: TestProject): () => void {
  const runId = `run-${randomUUID()}`;
  project.provide('e2eRunId', runId);
  return () => {
    rmSync(join(ASSEMBLIES_DIR, runId), { recursive: true, force: true });
    rmSync(join(ASSEMBLIES_DIR, `${runId}.lock`), { recursive: true, force: true });
  };
}
