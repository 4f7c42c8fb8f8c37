import { compileField } from './field-matcher.ts';
import { NumericRangeIndex } from './numeric-range-index.ts';
import type { LeafValue, MatcherSpec } from './types.ts';
import { parseWildcard } from './wildcard.ts';

/** A state reached through a `wildcard` filed under its literal beginning: the value must still pass the wildcard. */
export interface Target<S> {
  readonly state: S;
  /** The text the value must start with (the key it is filed under is only its hash). */
  readonly prefix: string;
  /** For a `wildcard` filed under its literal beginning: the whole wildcard; none for a plain prefix. */
  readonly test: ((value: LeafValue) => boolean) | undefined;
}

/** A test no index can answer (suffix, equals-ignore-case, anything-but, cidr, IP literals, `*…` wildcards). */
export interface TestTarget<S> {
  readonly state: S;
  readonly test: (value: LeafValue) => boolean;
}

/**
 * The value transitions of one state on one field: from the value list of each rule's field (`["a", {"prefix": "b"}]`)
 * to the state that rule goes on to. Each matcher of a list is filed by what it needs: exact values in hash maps,
 * case-sensitive prefixes (and wildcards, by their literal beginning) by text, numeric conditions in a sorted range
 * index, `exists` as always / never present; only what has no index is a test tried on every value.
 *
 * Every part a field does not use is `undefined`, not an empty collection: an event reaches a dozen such indexes at
 * 1,000 rules, and each empty Map looked up is memory read for nothing (most fields have one kind of matcher).
 */
export interface ValueIndex<S> {
  readonly strings: Map<string, S[]> | undefined;
  readonly numbers: Map<number, S[]> | undefined;
  readonly literals: Map<boolean | null, S[]> | undefined;
  /**
   * Prefix texts by their hash (prefixHash): a value is probed with the hash of its beginning at each length, computed
   * as it goes, instead of a new string sliced and hashed per length.
   */
  readonly prefixes: Map<number, Target<S>[]> | undefined;
  /** The lengths of the texts in `prefixes`, ascending: a value is probed once per length. */
  readonly prefixLengths: readonly number[];
  readonly ranges: NumericRangeIndex<S> | undefined;
  /** `exists: true`: any value. */
  readonly present: readonly S[];
  /** `exists: false`: no value. */
  readonly absent: readonly S[];
  readonly tests: readonly TestTarget<S>[];
}

const NONE: readonly never[] = [];

/** Builds the index of a field's transitions: each value list (validated specs of one rule's field) and its state. */
export function buildValueIndex<S>(path: string, transitions: Iterable<readonly [readonly MatcherSpec[], S]>): ValueIndex<S> {
  const strings = new Map<string, S[]>();
  const numbers = new Map<number, S[]>();
  const literals = new Map<boolean | null, S[]>();
  const prefixes = new Map<number, Target<S>[]>();
  const present: S[] = [];
  const absent: S[] = [];
  const tests: TestTarget<S>[] = [];
  const ranges: [MatcherSpec & { kind: 'numeric' }, S][] = [];
  const lengths = new Set<number>();
  for (const [specs, state] of transitions) {
    const untested: MatcherSpec[] = [];
    for (const spec of specs) {
      switch (spec.kind) {
        case 'exact':
          if (typeof spec.value === 'string') addTo(strings, spec.value, state);
          // Numbers compare as numbers: [300] matches 300.0 and 3.0e2 (a Map key is the number, not its spelling).
          else if (typeof spec.value === 'number') addTo(numbers, spec.value, state);
          else addTo(literals, spec.value, state);
          break;
        case 'prefix':
          if (spec.ignoreCase) untested.push(spec);
          else {
            addTo(prefixes, prefixHash(spec.value, spec.value.length), { state, prefix: spec.value, test: undefined });
            lengths.add(spec.value.length);
          }
          break;
        case 'wildcard': {
          const beginning = parseWildcard(spec.value, '').segments[0] ?? '';
          if (beginning === '') untested.push(spec);
          else {
            addTo(prefixes, prefixHash(beginning, beginning.length), { state, prefix: beginning, test: compileField(path, [spec]).test });
            lengths.add(beginning.length);
          }
          break;
        }
        case 'numeric':
          ranges.push([spec, state]);
          break;
        case 'exists':
          (spec.value ? present : absent).push(state);
          break;
        default:
          untested.push(spec);
      }
    }
    // One test for all the unindexed matchers of a list: they lead to the same state.
    const test = untested.length > 0 ? compileField(path, untested).test : undefined;
    if (test) tests.push({ state, test });
  }
  return {
    strings: strings.size > 0 ? strings : undefined,
    numbers: numbers.size > 0 ? numbers : undefined,
    literals: literals.size > 0 ? literals : undefined,
    prefixes: prefixes.size > 0 ? prefixes : undefined,
    prefixLengths: [...lengths].sort((a, b) => a - b),
    ranges: ranges.length > 0 ? new NumericRangeIndex(ranges.map(([spec, state]) => [spec.range, state] as const)) : undefined,
    present: present.length > 0 ? present : NONE,
    absent: absent.length > 0 ? absent : NONE,
    tests: tests.length > 0 ? tests : NONE,
  };
}

/** The hash of a text's first `length` characters, one nextPrefixHash per character. */
export function prefixHash(text: string, length: number): number {
  let hash = 0;
  for (let i = 0; i < length; i++) hash = nextPrefixHash(hash, text.charCodeAt(i));
  return hash;
}

/**
 * The hash of a text one character longer. Kept within 30 bits: a small integer, hashed by Map without boxing.
 * Texts sharing a hash share a list and are told apart by `startsWith`, so colliding prefixes (which only a rule's
 * author chooses) cost a test each, as an unindexed prefix would.
 */
export function nextPrefixHash(hash: number, charCode: number): number {
  return (Math.imul(hash, 31) + charCode) & 0x3fffffff;
}

function addTo<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}
