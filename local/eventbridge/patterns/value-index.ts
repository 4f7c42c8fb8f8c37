import { compileField } from './field-matcher.ts';
import { NumericRangeIndex } from './numeric-range-index.ts';
import type { LeafValue, MatcherSpec } from './types.ts';
import { parseWildcard } from './wildcard.ts';

/** Where a value transition leads, and the rest of the condition a value found through an index must still pass. */
export interface Target<S> {
  readonly state: S;
  /** For a `wildcard` filed under its literal beginning: the whole wildcard. */
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
 */
export interface ValueIndex<S> {
  readonly strings: Map<string, Target<S>[]>;
  readonly numbers: Map<number, S[]>;
  readonly literals: Map<boolean | null, S[]>;
  readonly prefixes: Map<string, Target<S>[]>;
  /** The lengths of the texts in `prefixes`, ascending: a value is probed once per length. */
  readonly prefixLengths: number[];
  readonly ranges: NumericRangeIndex<S> | undefined;
  /** `exists: true`: any value. */
  readonly present: S[];
  /** `exists: false`: no value. */
  readonly absent: S[];
  readonly tests: TestTarget<S>[];
}

/** Builds the index of a field's transitions: each value list (validated specs of one rule's field) and its state. */
export function buildValueIndex<S>(path: string, transitions: Iterable<readonly [readonly MatcherSpec[], S]>): ValueIndex<S> {
  const index: ValueIndex<S> = {
    strings: new Map(),
    numbers: new Map(),
    literals: new Map(),
    prefixes: new Map(),
    prefixLengths: [],
    ranges: undefined,
    present: [],
    absent: [],
    tests: [],
  };
  const ranges: [MatcherSpec & { kind: 'numeric' }, S][] = [];
  const lengths = new Set<number>();
  for (const [specs, state] of transitions) {
    const untested: MatcherSpec[] = [];
    for (const spec of specs) {
      switch (spec.kind) {
        case 'exact':
          if (typeof spec.value === 'string') addTo(index.strings, spec.value, { state, test: undefined });
          // Numbers compare as numbers: [300] matches 300.0 and 3.0e2 (a Map key is the number, not its spelling).
          else if (typeof spec.value === 'number') addTo(index.numbers, spec.value, state);
          else addTo(index.literals, spec.value, state);
          break;
        case 'prefix':
          if (spec.ignoreCase) untested.push(spec);
          else {
            addTo(index.prefixes, spec.value, { state, test: undefined });
            lengths.add(spec.value.length);
          }
          break;
        case 'wildcard': {
          const beginning = parseWildcard(spec.value, '').segments[0] ?? '';
          if (beginning === '') untested.push(spec);
          else {
            addTo(index.prefixes, beginning, { state, test: compileField(path, [spec]).test });
            lengths.add(beginning.length);
          }
          break;
        }
        case 'numeric':
          ranges.push([spec, state]);
          break;
        case 'exists':
          (spec.value ? index.present : index.absent).push(state);
          break;
        default:
          untested.push(spec);
      }
    }
    // One test for all the unindexed matchers of a list: they lead to the same state.
    const test = untested.length > 0 ? compileField(path, untested).test : undefined;
    if (test) index.tests.push({ state, test });
  }
  index.prefixLengths.push(...[...lengths].sort((a, b) => a - b));
  if (ranges.length > 0) return { ...index, ranges: new NumericRangeIndex(ranges.map(([spec, state]) => [spec.range, state] as const)) };
  return index;
}

function addTo<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}
