/** One side of a comparison: a name for the table and the work one call does. */
export interface Side {
  readonly name: string;
  readonly run: () => unknown;
}

/**
 * How a call's time becomes the reported value.
 * - `throughput`: each call handles `itemsPerCall` items; reported as items per second (higher is better).
 * - `duration`: reported as milliseconds per call (lower is better).
 */
export type Measure = { readonly kind: 'throughput'; readonly itemsPerCall: number; readonly unit: string } | { readonly kind: 'duration' };

/** Budget of one comparison. Each round runs both sides, in alternate order, so drift of a noisy machine hits both. */
export interface Timing {
  /** Minimum time each side is sampled per round, in ms. */
  readonly timeMs: number;
  /** Minimum calls each side is sampled per round, even past `timeMs`. */
  readonly iterations: number;
  readonly warmupTimeMs: number;
  readonly warmupIterations: number;
  readonly rounds: number;
}

interface ComparisonBase {
  readonly name: string;
  /**
   * What the comparison must show (e.g. `at least 250,000 events/s`), written with the result. Every comparison
   * states one; one that only reports a figure says so (`reported, no goal: …`) and has no `meets`.
   */
  readonly goal: string;
  /** Whether a measured result shows the goal; without it the result is reported, not judged (`met: null`). */
  readonly meets?: (result: Measured) => boolean;
  /** Run once before timing: throws when the two sides do not do the same work, so no number is reported for a wrong answer. */
  readonly verify?: () => void | Promise<void>;
  /** Releases what the comparison was prepared with (temporary files), once it is measured or has failed. */
  readonly dispose?: () => void | Promise<void>;
}

/** Our code (`subject`) against a baseline doing comparable work, each timed call by call in the same run (tinybench). */
export interface SideBySideComparison extends ComparisonBase {
  readonly measure: Measure;
  readonly subject: Side;
  readonly baseline: Side;
  readonly timing?: Partial<Timing>;
}

/**
 * Our code against a part of itself, both timed by the code in one observation (e.g. a start of the local runtime,
 * and the part of that start spent waiting for DynamoDB Local): for work too slow to time each side on its own.
 */
export interface PairedComparison extends ComparisonBase {
  readonly subjectName: string;
  readonly baselineName: string;
  /** One observation, in milliseconds. */
  readonly observe: () => Promise<{ readonly subject: number; readonly baseline: number }>;
  /** Observations made and thrown away first (cold caches, JIT). */
  readonly warmups: number;
  readonly observations: number;
}

/**
 * Our code against a baseline, both measured by the comparison itself over one scenario and handed over as
 * measurements: for statistics other than the median call (a 99th percentile), or for several entries drawn from one
 * long run (a flow's end-to-end times and its invocations' own durations on the same orders).
 */
export interface ReportedComparison extends ComparisonBase {
  readonly report: () => Promise<{ readonly subject: Measurement; readonly baseline: Measurement }>;
}

export type Comparison = SideBySideComparison | PairedComparison | ReportedComparison;

/** A measured side. `value` is the median call, in `unit`; `rme` the relative margin of error of the mean call time. */
export interface Measurement {
  readonly name: string;
  readonly value: number;
  readonly unit: string;
  /** 95 % relative margin of error of the mean call time, in percent: the spread of the samples. */
  readonly rme: number;
  /** Number of timed calls. */
  readonly samples: number;
}

/** A comparison measured: the subject's measurement (`subject` names what ran), the baseline's, and their ratio. */
export interface Measured extends Measurement {
  readonly subject: string;
  readonly baseline: Measurement;
  /** value / baseline.value. */
  readonly ratio: number;
}

/**
 * An entry of `bench/results.json`: the comparison's `name`, the subject's measurement (`subject` names what ran),
 * the baseline measured in the same run, `ratio` = value / baseline.value, the comparison's `goal`, and whether this
 * run `met` it (`null` for a figure that is only reported).
 */
export interface BenchmarkResult extends Measured {
  readonly goal: string;
  readonly met: boolean | null;
}

/** A group of comparisons, prepared only when it runs (a suite may synthesize an app or start nothing at all). */
export interface Suite {
  readonly name: string;
  readonly comparisons: () => Comparison[] | Promise<Comparison[]>;
}
