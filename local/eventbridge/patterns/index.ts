/**
 * EventBridge's event-pattern language, matched as AWS matches it (aws/event-ruler semantics):
 * exact values, `prefix`, `suffix`, `equals-ignore-case`, `wildcard`, `anything-but` in all its forms, `numeric`,
 * `exists`, `cidr`, `$or`, arrays and nested fields, null and empty values.
 *
 * Patterns are validated with AWS's own error reasons and compiled once; events are then matched without
 * re-reading the pattern.
 *
 * @example
 * import { compilePattern, RuleSet, validatePattern, InvalidEventPatternError } from './local/eventbridge/patterns/index.ts';
 *
 * const matches = compilePattern({ source: ['eventful.orders'], detail: { data: { currency: [{ 'anything-but': 'EUR' }] } } });
 * matches({ source: 'eventful.orders', detail: { data: { currency: 'USD' } } }); // true
 *
 * try {
 *   validatePattern('{"source": []}');
 * } catch (error) {
 *   if (error instanceof InvalidEventPatternError) error.awsMessage; // 'Event pattern is not valid. Reason: Empty arrays are not allowed'
 * }
 */
export { compilePattern, type PatternMatcher } from './compile-pattern.ts';
export { INVALID_PATTERN_PREFIX, InvalidEventPatternError } from './errors.ts';
export { validatePattern } from './parse-pattern.ts';
export { compileRules, RuleSet, type RuleSetOptions } from './rule-set.ts';
