import type { NumericRange } from './numeric.ts';

interface Entry<T> {
  readonly range: NumericRange;
  readonly target: T;
}

/**
 * Numeric conditions of many rules on one field, sorted so that the ones a number satisfies are found by binary search
 * instead of testing each (event-ruler reaches the same end by encoding numbers as sortable byte strings walked in its
 * value automaton). Three sorted lists:
 * - ranges bounded below only (`>`, `>=`): by lower bound, so those a value satisfies are a prefix;
 * - ranges bounded above only (`<`, `<=`): by upper bound, descending, again a prefix;
 * - ranges bounded on both sides (`= x`, `> a, <= b`): by lower bound, with the running maximum of the upper bounds,
 *   scanned back from the last lower bound below the value and stopped once no earlier range reaches the value.
 */
export class NumericRangeIndex<T> {
  readonly #below: Bounds<T>;
  readonly #above: Bounds<T>;
  readonly #between: Bounds<T>;
  /** For `#between`: the largest upper bound among entries 0..i. */
  readonly #maxUpper: Float64Array;

  constructor(entries: Iterable<readonly [NumericRange, T]>) {
    const below: Entry<T>[] = [];
    const above: Entry<T>[] = [];
    const between: Entry<T>[] = [];
    for (const [range, target] of entries) {
      const entry = { range, target };
      if (range.upper === Infinity) below.push(entry);
      else if (range.lower === -Infinity) above.push(entry);
      else between.push(entry);
    }
    // Among equal bounds the inclusive one first: it admits the bound itself, the exclusive one does not.
    below.sort((a, b) => a.range.lower - b.range.lower || Number(b.range.lowerInclusive) - Number(a.range.lowerInclusive));
    above.sort((a, b) => b.range.upper - a.range.upper || Number(b.range.upperInclusive) - Number(a.range.upperInclusive));
    between.sort((a, b) => a.range.lower - b.range.lower || Number(b.range.lowerInclusive) - Number(a.range.lowerInclusive));
    this.#below = boundsOf(below);
    this.#above = boundsOf(above);
    this.#between = boundsOf(between);
    let max = -Infinity;
    this.#maxUpper = Float64Array.from(between, (entry) => {
      max = Math.max(max, entry.range.upper);
      return max;
    });
  }

  get size(): number {
    return this.#below.targets.length + this.#above.targets.length + this.#between.targets.length;
  }

  /** Calls `found` with the target of each range holding `value`. */
  forEachContaining(value: number, found: (target: T) => void): void {
    const below = this.#below;
    const belowCount = passingLower(below, value);
    for (let i = 0; i < belowCount; i++) found(below.targets[i] as T);
    const above = this.#above;
    const aboveCount = passingUpper(above, value);
    for (let i = 0; i < aboveCount; i++) found(above.targets[i] as T);
    const between = this.#between;
    const maxUpper = this.#maxUpper;
    for (let i = passingLower(between, value) - 1; i >= 0; i--) {
      if ((maxUpper[i] as number) < value) break;
      const upper = between.upper[i] as number;
      if (value < upper || (value === upper && between.upperInclusive[i] === 1)) found(between.targets[i] as T);
    }
  }
}

/**
 * Ranges as columns of numbers, in the order of their list: the binary searches read bounds from typed arrays
 * instead of following a pointer to each range.
 */
interface Bounds<T> {
  readonly lower: Float64Array;
  readonly lowerInclusive: Uint8Array;
  readonly upper: Float64Array;
  readonly upperInclusive: Uint8Array;
  readonly targets: readonly T[];
}

function boundsOf<T>(entries: readonly Entry<T>[]): Bounds<T> {
  return {
    lower: Float64Array.from(entries, (entry) => entry.range.lower),
    lowerInclusive: Uint8Array.from(entries, (entry) => Number(entry.range.lowerInclusive)),
    upper: Float64Array.from(entries, (entry) => entry.range.upper),
    upperInclusive: Uint8Array.from(entries, (entry) => Number(entry.range.upperInclusive)),
    targets: entries.map((entry) => entry.target),
  };
}

/** How many ranges, sorted by lower bound (inclusive first among equal ones), admit `value` from below: a prefix. */
function passingLower(bounds: Bounds<unknown>, value: number): number {
  const lower = bounds.lower;
  const inclusive = bounds.lowerInclusive;
  let low = 0;
  let high = lower.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    const bound = lower[middle] as number;
    if (value > bound || (value === bound && inclusive[middle] === 1)) low = middle + 1;
    else high = middle;
  }
  return low;
}

/** How many ranges, sorted by upper bound descending (inclusive first among equal ones), admit `value` from above. */
function passingUpper(bounds: Bounds<unknown>, value: number): number {
  const upper = bounds.upper;
  const inclusive = bounds.upperInclusive;
  let low = 0;
  let high = upper.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    const bound = upper[middle] as number;
    if (value < bound || (value === bound && inclusive[middle] === 1)) low = middle + 1;
    else high = middle;
  }
  return low;
}
