import { compare } from './compare.ts';
import { BenchmarkSkippedError } from './errors.ts';
import type { BenchmarkResult, Suite } from './types.ts';

export interface SuitesOutcome {
  readonly results: BenchmarkResult[];
  /** Benchmarks that could not run here, with the reason. */
  readonly skipped: BenchmarkSkippedError[];
  /** Benchmarks that crashed: the run goes on with the others, and fails at the end. */
  readonly failures: { readonly benchmark: string; readonly error: unknown }[];
}

/** Runs every comparison of every suite in turn; `onProgress` hears of each suite's preparation and each measurement. */
export async function runSuites(
  suites: readonly Suite[],
  onProgress: (stage: 'preparing' | 'measuring', name: string) => void = () => {},
): Promise<SuitesOutcome> {
  const outcome: SuitesOutcome = { results: [], skipped: [], failures: [] };
  for (const suite of suites) {
    let comparisons;
    onProgress('preparing', suite.name);
    try {
      comparisons = await suite.comparisons();
    } catch (error) {
      if (error instanceof BenchmarkSkippedError) outcome.skipped.push(error);
      else outcome.failures.push({ benchmark: suite.name, error });
      continue;
    }
    for (const comparison of comparisons) {
      onProgress('measuring', comparison.name);
      try {
        outcome.results.push(await compare(comparison));
      } catch (error) {
        if (error instanceof BenchmarkSkippedError) outcome.skipped.push(error);
        else outcome.failures.push({ benchmark: comparison.name, error });
      }
    }
  }
  return outcome;
}
