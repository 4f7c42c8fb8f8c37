import { expect, it } from 'vitest';
import { compilePattern, RuleSet } from '../../../eventbridge/patterns/index.ts';
import { eventBridgeEvent, type EventBridgeEventOverrides } from '../../../aws/events/index.ts';

/** One conformance case: does `pattern` match `event`, and where is that behaviour stated. */
export interface ConformanceCase {
  readonly name: string;
  /** A pattern object, or JSON text when the spelling matters (`3.0e2`, duplicate keys). */
  readonly pattern: unknown;
  readonly event: unknown;
  readonly matches: boolean;
  readonly source: string;
}

export function match(name: string, source: string, pattern: unknown, event: unknown): ConformanceCase {
  return { name: `matches ${name}`, pattern, event, matches: true, source };
}

export function noMatch(name: string, source: string, pattern: unknown, event: unknown): ConformanceCase {
  return { name: `does not match ${name}`, pattern, event, matches: false, source };
}

const FIXED_TIME = new Date('2017-10-02T16:24:49Z');

/**
 * An EventBridge event as a rule receives it, with `detail` as given and extra top-level fields when a case needs
 * them. Source and detail-type are fixed so that patterns on them are predictable.
 */
export function busEvent(detail: unknown, options: { top?: Record<string, unknown>; overrides?: EventBridgeEventOverrides } = {}): Record<string, unknown> {
  return {
    ...eventBridgeEvent(
      { source: 'test-source', detailType: 'test-detail-type', detail },
      { id: '6a7e8feb-b491-4cf7-a9f1-bf3703467718', time: FIXED_TIME, ...options.overrides },
    ),
    ...options.top,
  };
}

/**
 * Runs a conformance table: each case through `compilePattern`, and again through a RuleSet holding it among
 * decoys, so that the index can never hide a match the pattern alone would find.
 */
export function conformance(cases: readonly ConformanceCase[]): void {
  it.each(cases)('$name', ({ pattern, event, matches }) => {
    // Act
    const matched = compilePattern(pattern)(event);

    // Assess
    expect(matched).toBe(matches);
  });

  it.each(cases)('RuleSet agrees: $name', ({ pattern, event, matches }) => {
    // Prepare
    const rules = new RuleSet<string>();
    rules.add('decoy-source', { source: ['decoy.source'] });
    rules.add('case', pattern);
    rules.add('decoy-detail-type', { 'detail-type': ['Decoy'] });

    // Act
    const matched = rules.match(event);

    // Assess
    expect(matched).toEqual(matches ? ['case'] : []);
  });
}
