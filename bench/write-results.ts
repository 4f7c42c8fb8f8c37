import { writeFile } from 'node:fs/promises';
import type { BenchmarkResult } from './types.ts';

/** Where `npm run bench` writes its results (git ignores it). */
export const RESULTS_FILE = new URL('./results.json', import.meta.url);

/**
 * Writes the results as a JSON array, one entry per comparison (see BenchmarkResult). A margin of error that cannot
 * be computed is written as null, JSON having no NaN.
 */
export async function writeResults(results: readonly BenchmarkResult[], file: URL | string = RESULTS_FILE): Promise<void> {
  await writeFile(file, `${JSON.stringify(results, (_key, value: unknown) => (typeof value === 'number' && !Number.isFinite(value) ? null : value), 2)}\n`);
}
