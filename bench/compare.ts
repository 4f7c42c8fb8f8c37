import { Bench } from 'tinybench';
import { median, relativeMarginOfError } from './stats.ts';
import type {
  BenchmarkResult,
  Comparison,
  Measure,
  Measured,
  Measurement,
  PairedComparison,
  ReportedComparison,
  SideBySideComparison,
  Timing,
} from './types.ts';

/** Enough for sub-millisecond calls to settle and to sample hundreds of them, within the run's two-minute budget. */
export const DEFAULT_TIMING: Timing = { timeMs: 400, iterations: 10, warmupTimeMs: 150, warmupIterations: 5, rounds: 2 };

const DURATION: Measure = { kind: 'duration' };

/**
 * Measures a comparison and reports each side by its median call.
 *
 * Side by side: both sides are warmed up and sampled with tinybench, round after round in alternate order (a noisy
 * machine's drift then hits both). Paired: the comparison's own observations, after its warm-ups. Reported: the
 * measurements the comparison made itself, as they are.
 *
 * @throws whatever `verify` or a side throws: a benchmark that crashes reports nothing.
 */
export async function compare(comparison: Comparison): Promise<BenchmarkResult> {
  try {
    await comparison.verify?.();
    const measured =
      'observe' in comparison ? await observePairs(comparison) : 'report' in comparison ? await reported(comparison) : await sideBySide(comparison);
    return { ...measured, goal: comparison.goal, met: comparison.meets ? comparison.meets(measured) : null };
  } finally {
    await comparison.dispose?.();
  }
}

async function sideBySide(comparison: SideBySideComparison): Promise<Measured> {
  const timing = { ...DEFAULT_TIMING, ...comparison.timing };
  const samples = { subject: [] as number[], baseline: [] as number[] };
  for (let round = 0; round < timing.rounds; round++) {
    const bench = new Bench({
      time: timing.timeMs,
      iterations: timing.iterations,
      warmupTime: timing.warmupTimeMs,
      warmupIterations: timing.warmupIterations,
      throws: true,
    });
    const order = round % 2 === 0 ? (['baseline', 'subject'] as const) : (['subject', 'baseline'] as const);
    for (const key of order) bench.add(key, comparison[key].run);
    await bench.warmup();
    await bench.run();
    // Not push(...samples): a fast case yields hundreds of thousands of samples, past the argument limit.
    for (const key of order) samples[key] = samples[key].concat(bench.getTask(key)?.result?.samples ?? []);
  }
  return result(
    comparison.name,
    measurement(comparison.subject.name, samples.subject, comparison.measure),
    measurement(comparison.baseline.name, samples.baseline, comparison.measure),
  );
}

async function observePairs(comparison: PairedComparison): Promise<Measured> {
  for (let i = 0; i < comparison.warmups; i++) await comparison.observe();
  const samples = { subject: [] as number[], baseline: [] as number[] };
  for (let i = 0; i < comparison.observations; i++) {
    const { subject, baseline } = await comparison.observe();
    samples.subject.push(subject);
    samples.baseline.push(baseline);
  }
  return result(
    comparison.name,
    measurement(comparison.subjectName, samples.subject, DURATION),
    measurement(comparison.baselineName, samples.baseline, DURATION),
  );
}

async function reported(comparison: ReportedComparison): Promise<Measured> {
  const { subject, baseline } = await comparison.report();
  return result(comparison.name, subject, baseline);
}

function result(name: string, subject: Measurement, baseline: Measurement): Measured {
  return {
    name,
    subject: subject.name,
    value: subject.value,
    unit: subject.unit,
    rme: subject.rme,
    samples: subject.samples,
    baseline,
    ratio: subject.value / baseline.value,
  };
}

function measurement(name: string, samples: readonly number[], measure: Measure): Measurement {
  const medianMs = median(samples);
  const rme = relativeMarginOfError(samples);
  return measure.kind === 'throughput'
    ? { name, value: (measure.itemsPerCall * 1000) / medianMs, unit: measure.unit, rme, samples: samples.length }
    : { name, value: medianMs, unit: 'ms', rme, samples: samples.length };
}
