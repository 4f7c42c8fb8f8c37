import type { Measured } from './types.ts';

/** A comparison's goal: its text, and how a measured result is judged against it (none: only reported). */
export interface Goal {
  readonly goal: string;
  readonly meets?: (result: Measured) => boolean;
}

/** A figure reported for what it shows, judged against nothing: `reported, no goal: <why it is measured>`. */
export function reported(why: string): Goal {
  return { goal: `reported, no goal: ${why}` };
}

/** The subject's throughput is at least `minimum` (in the comparison's unit), and the ratio holds as `ratio` says. */
export function throughputAtLeast(minimum: number, unit: string, ratio?: { atLeast: number; says: string }): Goal {
  const figure = `at least ${minimum.toLocaleString('en-US')} ${unit}`;
  return {
    goal: ratio ? `${figure}, and ${ratio.says}` : figure,
    meets: (result) => result.value >= minimum && (ratio === undefined || result.ratio >= ratio.atLeast),
  };
}

/** The ratio (value / baseline value) is at least `minimum`: e.g. more events per second than the baseline. */
export function ratioAtLeast(minimum: number, says: string): Goal {
  return { goal: says, meets: (result) => result.ratio >= minimum };
}

/** The ratio (value / baseline value) is at most `maximum`: e.g. at most that many times the baseline's time. */
export function ratioAtMost(maximum: number, says: string): Goal {
  return { goal: says, meets: (result) => result.ratio <= maximum };
}

/**
 * The subject's value is at most `maximum` in `unit` (lower is better): `npm start` ready in 8 s, a p50 of 150 ms.
 * A result in another unit never meets it.
 */
export function valueAtMost(maximum: number, unit: string, says = `at most ${maximum.toLocaleString('en-US')} ${unit}`): Goal {
  return { goal: says, meets: (result) => result.unit === unit && result.value <= maximum };
}
