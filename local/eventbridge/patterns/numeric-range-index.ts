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
  readonly #below: Entry<T>[];
  readonly #above: Entry<T>[];
  readonly #between: Entry<T>[];
  /** For `#between`: the largest upper bound among entries 0..i. */
  readonly #maxUpper: number[];

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
    this.#below = below;
    this.#above = above;
    this.#between = between;
    let max = -Infinity;
    this.#maxUpper = between.map((entry) => {
      max = Math.max(max, entry.range.upper);
      return max;
    });
  }

  get size(): number {
    return this.#below.length + this.#above.length + this.#between.length;
  }

  /** Calls `found` with the target of each range holding `value`. */
  forEachContaining(value: number, found: (target: T) => void): void {
    const below = this.#below;
    const belowCount = firstFailing(below, value, passesLower);
    for (let i = 0; i < belowCount; i++) found((below[i] as Entry<T>).target);
    const above = this.#above;
    const aboveCount = firstFailing(above, value, passesUpper);
    for (let i = 0; i < aboveCount; i++) found((above[i] as Entry<T>).target);
    const between = this.#between;
    if (between.length === 0) return;
    for (let i = firstFailing(between, value, passesLower) - 1; i >= 0; i--) {
      if ((this.#maxUpper[i] as number) < value) break;
      const entry = between[i] as Entry<T>;
      if (passesUpper(entry, value)) found(entry.target);
    }
  }
}

function passesLower(entry: Entry<unknown>, value: number): boolean {
  const { lower, lowerInclusive } = entry.range;
  return lowerInclusive ? value >= lower : value > lower;
}

function passesUpper(entry: Entry<unknown>, value: number): boolean {
  const { upper, upperInclusive } = entry.range;
  return upperInclusive ? value <= upper : value < upper;
}

/** The index of the first entry failing `passes`, in a list sorted so that the passing entries come first. */
function firstFailing<T>(entries: readonly Entry<T>[], value: number, passes: (entry: Entry<T>, value: number) => boolean): number {
  let low = 0;
  let high = entries.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (passes(entries[middle] as Entry<T>, value)) low = middle + 1;
    else high = middle;
  }
  return low;
}
