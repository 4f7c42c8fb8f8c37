import type { BenchmarkResult, Measurement } from './types.ts';

const HEADER = ['benchmark', 'subject', 'value', '±', 'baseline', 'value', '±', 'ratio', 'goal', 'met'];

/**
 * The results as a plain-text table, one row per comparison. `±` is the relative margin of error; `ratio` is
 * value / baseline value (above 1: more events per second, or more milliseconds, than the baseline); `goal` what the
 * comparison must show and `met` whether this run shows it (`yes`, `NO`, or `reported` for a figure without a goal).
 */
export function formatTable(results: readonly BenchmarkResult[]): string {
  const rows = results.map((r) => [
    r.name,
    r.subject,
    formatValue(r),
    formatRme(r),
    r.baseline.name,
    formatValue(r.baseline),
    formatRme(r.baseline),
    `${formatNumber(r.ratio, 2)}×`,
    r.goal,
    formatMet(r.met),
  ]);
  const widths = HEADER.map((title, column) => Math.max(title.length, ...rows.map((row) => (row[column] ?? '').length)));
  const numeric = new Set([2, 3, 5, 6, 7]);
  const line = (cells: readonly string[]) =>
    cells
      .map((cell, column) => (numeric.has(column) ? cell.padStart(widths[column] ?? 0) : cell.padEnd(widths[column] ?? 0)))
      .join('  ')
      .trimEnd();
  return [line(HEADER), line(widths.map((width) => '-'.repeat(width))), ...rows.map(line)].join('\n');
}

function formatMet(met: boolean | null): string {
  if (met === null) return 'reported';
  return met ? 'yes' : 'NO';
}

function formatValue(m: Measurement): string {
  return `${formatNumber(m.value, m.value >= 100 ? 0 : 1)} ${m.unit}`;
}

function formatRme(m: Measurement): string {
  return Number.isFinite(m.rme) ? `${formatNumber(m.rme, 1)}%` : 'n/a';
}

function formatNumber(value: number, digits: number): string {
  return value.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
}
