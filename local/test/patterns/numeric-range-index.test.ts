import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { inNumericRange, type NumericRange } from '../../eventbridge/patterns/numeric.ts';
import { NumericRangeIndex } from '../../eventbridge/patterns/numeric-range-index.ts';

const bound = fc.oneof(fc.integer({ min: -20, max: 20 }), fc.double({ min: -1e6, max: 1e6, noNaN: true, noDefaultInfinity: true }));
const range: fc.Arbitrary<NumericRange> = fc.oneof(
  fc.tuple(bound, fc.boolean()).map(([lower, lowerInclusive]) => ({ lower, lowerInclusive, upper: Infinity, upperInclusive: true })),
  fc.tuple(bound, fc.boolean()).map(([upper, upperInclusive]) => ({ lower: -Infinity, lowerInclusive: true, upper, upperInclusive })),
  fc.tuple(bound, fc.boolean(), bound, fc.boolean()).map(([a, lowerInclusive, b, upperInclusive]) => ({
    lower: Math.min(a, b),
    lowerInclusive: a === b || lowerInclusive,
    upper: Math.max(a, b),
    upperInclusive: a === b || upperInclusive,
  })),
);

describe('NumericRangeIndex', () => {
  it('finds exactly the ranges holding a value, as testing each range does', () => {
    fc.assert(
      fc.property(
        fc.array(range, { maxLength: 60 }),
        fc.array(fc.oneof(bound, fc.integer({ min: -25, max: 25 })), { minLength: 1, maxLength: 20 }),
        (ranges, values) => {
          // Prepare
          const index = new NumericRangeIndex(ranges.map((r, i) => [r, i] as const));

          for (const value of values) {
            // Act
            const found: number[] = [];
            index.forEachContaining(value, (i) => found.push(i));

            // Assess
            const expected = ranges.flatMap((r, i) => (inNumericRange(r, value) ? [i] : []));
            expect(found.sort((a, b) => a - b)).toEqual(expected);
          }
        },
      ),
      { numRuns: 500 },
    );
  });

  it('tells an inclusive bound from an exclusive one at the bound itself', () => {
    // Prepare
    const index = new NumericRangeIndex<string>([
      [{ lower: 5, lowerInclusive: false, upper: Infinity, upperInclusive: true }, '> 5'],
      [{ lower: 5, lowerInclusive: true, upper: Infinity, upperInclusive: true }, '>= 5'],
      [{ lower: -Infinity, lowerInclusive: true, upper: 5, upperInclusive: false }, '< 5'],
      [{ lower: -Infinity, lowerInclusive: true, upper: 5, upperInclusive: true }, '<= 5'],
      [{ lower: 5, lowerInclusive: true, upper: 5, upperInclusive: true }, '= 5'],
    ]);

    // Act
    const found: string[] = [];
    index.forEachContaining(5, (name) => found.push(name));

    // Assess
    expect(found.sort()).toEqual(['<= 5', '= 5', '>= 5']);
  });
});
