/**
 * Keywords of the event-pattern language, as aws/event-ruler spells them
 * (src/main/software/amazon/event/ruler/Constants.java). Keywords are case-sensitive:
 * `NUMERIC` is rejected with "Unrecognized match type NUMERIC".
 */
export const OPERATOR = {
  exactly: 'exactly',
  equalsIgnoreCase: 'equals-ignore-case',
  prefix: 'prefix',
  suffix: 'suffix',
  anythingBut: 'anything-but',
  exists: 'exists',
  wildcard: 'wildcard',
  numeric: 'numeric',
  cidr: 'cidr',
} as const;

/** The key that turns an array of objects into alternatives. */
export const OR_KEY = '$or';

/**
 * Field names that may not appear anywhere inside a `$or` branch, so that an operator written one
 * level too high is reported instead of being read as a field name (event-ruler `RESERVED_FIELD_NAMES_IN_OR_RELATIONSHIP`).
 */
export const RESERVED_FIELD_NAMES_IN_OR: ReadonlySet<string> = new Set([
  ...Object.values(OPERATOR),
  '=',
  '<',
  '<=',
  '>',
  '>=',
  // Reserved by event-ruler for future operators.
  'regex',
  'not-wildcard',
  'not-equals-ignore-case',
  'date-after',
  'date-on-or-after',
  'date-before',
  'date-on-or-before',
  'in-date-range',
  'ip-address-in-range',
  'ip-address-not-in-range',
]);

// Largest wildcard "complexity" a pattern may have on one field: the most wildcard-pattern prefixes a single value
// can match at once (event-ruler MachineComplexityEvaluator, see wildcard-complexity.ts). EventBridge refuses patterns
// above its limit with "Rule is too complex ..." but does not publish the number. Evidence from TestEventPattern runs
// against AWS: "/Users/*/dir/dir/dir/dir/dir/doc.txt" (complexity 7) is accepted and "*:*:*:*:*:event-bus/*"
// (complexity 11) is refused, so the limit is between 7 and 10; 10 is the per-rule limit event-ruler's README uses in
// its own example. An assumption, to revisit if AWS is seen to disagree.
export const MAX_WILDCARD_COMPLEXITY = 10;
