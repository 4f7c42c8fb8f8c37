import { isDeepStrictEqual } from 'node:util';
import type { EventPatternFor } from '../../shared/events/index.ts';
import { ConstructUsageError } from '../constructs/errors.ts';

/**
 * One rule pattern matching any of `patterns` (each from `patternFor`, so each detail filter is
 * type-checked against its event): the union of their sources and detail types, with their common
 * detail filter.
 *
 * Matching the lists independently (any source × any detail type) equals matching any one pattern
 * because every detail type in the catalog belongs to exactly one source. Patterns with different
 * detail filters cannot be merged that way and are refused.
 *
 * @example
 * const carriesOrderId = { data: { orderId: [{ exists: true }] } } as const;
 * anyOfPatterns([patternFor(OrderPlaced, carriesOrderId), patternFor(InventoryReserved, carriesOrderId)]);
 *
 * @throws ConstructUsageError when the list is empty or the detail filters differ.
 */
export function anyOfPatterns(patterns: readonly EventPatternFor[]): EventPatternFor {
  const [first, ...others] = patterns;
  if (!first) throw new ConstructUsageError('anyOfPatterns: no pattern given');
  const mismatch = others.find((pattern) => !isDeepStrictEqual(pattern.detail, first.detail));
  if (mismatch) {
    throw new ConstructUsageError(
      `anyOfPatterns: ${mismatch['detail-type'].join(', ')} filters its detail differently from ${first['detail-type'].join(', ')}: use one rule per filter`,
    );
  }
  const unique = (values: string[]) => [...new Set(values)];
  return {
    source: unique(patterns.flatMap((pattern) => pattern.source)),
    'detail-type': unique(patterns.flatMap((pattern) => pattern['detail-type'])),
    ...(first.detail ? { detail: first.detail } : {}),
  };
}
