import { compileField, type FieldMatcher } from './field-matcher.ts';
import { type FlatEvent, flattenEvent, type Leaf, type Membership, mergeMembership, type PathTree, pathTree } from './flatten-event.ts';
import { isJsonObject } from './json-token.ts';
import { parsePattern } from './parse-pattern.ts';
import type { ParsedPattern } from './types.ts';

/** Tells whether an event matches a pattern. */
export type PatternMatcher = (event: unknown) => boolean;

const NO_LEAVES: readonly Leaf[] = [];

/**
 * A validated pattern, compiled once: each `$or` branch is a list of field matchers sorted by path, as event-ruler
 * orders the steps of a rule (the order matters for `exists: false` inside arrays, see matchesBranch).
 */
export class CompiledPattern {
  readonly branches: readonly (readonly FieldMatcher[])[];
  /** Every path the pattern reads: the only parts of an event worth flattening. */
  readonly paths: PathTree;

  constructor(readonly parsed: ParsedPattern) {
    this.branches = parsed.branches.map((branch) => [...branch.keys()].sort().map((path) => compileField(path, branch.get(path) ?? [])));
    this.paths = pathTree(parsed.branches.flatMap((branch) => [...branch.keys()]));
  }

  /** Matches an event flattened with (at least) this pattern's paths. */
  matchesFlat(event: FlatEvent): boolean {
    return this.branches.some((fields) => matchesBranchFlat(fields, event));
  }

  matches(event: unknown): boolean {
    return isJsonObject(event) && this.matchesFlat(flattenEvent(event, this.paths));
  }
}

/**
 * Whether one `$or` branch (its field matchers sorted by path) matches a flattened event. Array consistency is only
 * checked when a field of the branch has a leaf inside an array of objects: otherwise every combination is consistent.
 */
export function matchesBranchFlat(fields: readonly FieldMatcher[], event: FlatEvent): boolean {
  if (event.hasMemberships) {
    for (const field of fields) if (event.membershipPaths.has(field.path)) return matchesBranch(fields, event, 0, []);
  }
  return matchesBranchWithoutArrays(fields, event);
}

/** Fast path: no leaf lies in an array of objects, so each field is checked on its own. */
function matchesBranchWithoutArrays(fields: readonly FieldMatcher[], event: FlatEvent): boolean {
  for (let i = 0; i < fields.length; i++) {
    const field = fields[i] as FieldMatcher;
    const leaves = event.fields.get(field.path);
    if (leaves === undefined || leaves.length === 0) {
      if (!field.matchesAbsence) return false;
      continue;
    }
    const test = field.test;
    if (test === undefined) return false;
    let found = false;
    for (let j = 0; j < leaves.length && !found; j++) found = test((leaves[j] as Leaf).value);
    if (!found) return false;
  }
  return true;
}

/**
 * Depth-first search for one leaf per field such that all chosen leaves are array-consistent (event-ruler's
 * rulesForJSONEvent). `exists: false` holds when no leaf of the field is consistent with the leaves chosen for the
 * fields before it in path order: for `{"employees": {"firstName": ["Anna"], "ids": [{"exists": false}]}}`,
 * ids of other employees do not count (event-ruler RulerTest, arrays case).
 */
function matchesBranch(fields: readonly FieldMatcher[], event: FlatEvent, index: number, soFar: Membership): boolean {
  const field = fields[index];
  if (!field) return true;
  const leaves = event.fields.get(field.path) ?? NO_LEAVES;
  if (field.matchesAbsence && !leaves.some((leaf) => mergeMembership(soFar, leaf.membership))) {
    if (matchesBranch(fields, event, index + 1, soFar)) return true;
  }
  if (!field.test) return false;
  for (const leaf of leaves) {
    if (!field.test(leaf.value)) continue;
    const membership = mergeMembership(soFar, leaf.membership);
    if (membership && matchesBranch(fields, event, index + 1, membership)) return true;
  }
  return false;
}

/**
 * Validates and compiles an EventBridge event pattern into a matcher, prepared once and reused for every event.
 * Events that are not JSON objects match nothing.
 *
 * @throws InvalidEventPatternError when EventBridge would refuse the pattern.
 * @example
 * const isBigOrder = compilePattern({
 *   source: ['eventful.orders'],
 *   'detail-type': ['OrderPlaced'],
 *   detail: { data: { total: [{ numeric: ['>=', 1000] }] } },
 * });
 * isBigOrder({ source: 'eventful.orders', 'detail-type': 'OrderPlaced', detail: { data: { total: 1500 } } }); // true
 */
export function compilePattern(pattern: unknown): PatternMatcher {
  const compiled = new CompiledPattern(parsePattern(pattern));
  return (event) => compiled.matches(event);
}
