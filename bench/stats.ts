/** The median of `values` (the mean of the two middle ones for an even count); NaN when empty. */
export function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[middle] as number) : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}

/** The `p`th percentile of `values` (0 < p ≤ 100), nearest rank: the smallest value at least p % of them do not exceed; NaN when empty. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length, Math.max(1, Math.ceil((p / 100) * sorted.length))) - 1] as number;
}

// Two-sided 95 % critical values of Student's t for 1 to 30 degrees of freedom; 1.96 beyond.
const T_95 = [
  12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228, 2.201, 2.179, 2.16, 2.145, 2.131, 2.12, 2.11, 2.101, 2.093, 2.086, 2.08, 2.074, 2.069,
  2.064, 2.06, 2.056, 2.052, 2.048, 2.045, 2.042,
];

/**
 * The 95 % relative margin of error of the mean of `samples`, in percent (as Benchmark.js and tinybench report it);
 * NaN with fewer than two samples.
 */
export function relativeMarginOfError(samples: readonly number[]): number {
  const n = samples.length;
  if (n < 2) return Number.NaN;
  const mean = samples.reduce((sum, x) => sum + x, 0) / n;
  const variance = samples.reduce((sum, x) => sum + (x - mean) ** 2, 0) / (n - 1);
  const critical = T_95[n - 2] ?? 1.96;
  return mean === 0 ? 0 : ((critical * Math.sqrt(variance / n)) / mean) * 100;
}
