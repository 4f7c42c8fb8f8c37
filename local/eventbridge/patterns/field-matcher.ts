import { compileAnythingBut } from './anything-but.ts';
import { inIpRange, type IpRange } from './cidr.ts';
import { compileIgnoreCase } from './equals-ignore-case.ts';
import { inNumericRange } from './numeric.ts';
import type { LeafValue, MatcherSpec } from './types.ts';
import { compileWildcard, parseWildcard } from './wildcard.ts';

/** Compiled matchers of one field: a test for a present value, and whether absence (`exists: false`) also matches. */
export interface FieldMatcher {
  readonly path: string;
  /** Tests one scalar found at the path; `undefined` when only `exists: false` was given. */
  readonly test: ((value: LeafValue) => boolean) | undefined;
  readonly matchesAbsence: boolean;
}

type Test = (value: LeafValue) => boolean;

/**
 * Compiles the value list of one field, once: exact values go to hash sets, strings that are IP literals and CIDR
 * blocks to integer ranges, wildcards to segment lists, case-insensitive texts to lists of per-character alternatives (no regular
 * expression is built from a pattern: every test is linear in the value).
 * The field matches a value when any matcher does (the list is an OR).
 */
export function compileField(path: string, specs: readonly MatcherSpec[]): FieldMatcher {
  const strings = new Set<string>();
  const numbers = new Set<number>();
  const literals = new Set<boolean | null>();
  const addresses: IpRange[] = [];
  const tests: Test[] = [];
  let matchesAbsence = false;
  let matchesAnyValue = false;

  for (const spec of specs) {
    switch (spec.kind) {
      case 'exact':
        if (typeof spec.value === 'string') strings.add(spec.value);
        // Numbers compare as numbers: [300] matches 300.0 and 3.0e2 (AWS-verified, despite the docs saying otherwise).
        else if (typeof spec.value === 'number') numbers.add(spec.value);
        else literals.add(spec.value);
        break;
      case 'ip':
      case 'cidr':
        addresses.push(spec.range);
        break;
      case 'exists':
        if (spec.value) matchesAnyValue = true;
        else matchesAbsence = true;
        break;
      default:
        tests.push(compileTest(spec));
    }
  }

  if (addresses.length > 0) {
    tests.push((value) => typeof value === 'string' && addresses.some((range) => inIpRange(range, value)));
  }
  const hasValueMatchers = matchesAnyValue || strings.size + numbers.size + literals.size + tests.length > 0;
  const test: Test | undefined = !hasValueMatchers ? undefined : matchesAnyValue ? () => true : combine(strings, numbers, literals, tests);
  return { path, test, matchesAbsence };
}

/**
 * One test for a field's whole value list, built from the parts it has only: a field with one matcher (the usual
 * case) costs one check per value, not a look-up in each empty set.
 */
function combine(strings: ReadonlySet<string>, numbers: ReadonlySet<number>, literals: ReadonlySet<boolean | null>, tests: readonly Test[]): Test {
  const parts: Test[] = [];
  if (strings.size === 1) {
    const [only] = strings;
    parts.push((value) => value === only);
  } else if (strings.size > 1) {
    parts.push((value) => typeof value === 'string' && strings.has(value));
  }
  if (numbers.size > 0) parts.push((value) => typeof value === 'number' && numbers.has(value));
  if (literals.size > 0) parts.push((value) => typeof value !== 'string' && typeof value !== 'number' && literals.has(value));
  parts.push(...tests);
  const [first, second] = parts;
  if (parts.length === 1 && first) return first;
  if (parts.length === 2 && first && second) return (value) => first(value) || second(value);
  return (value) => {
    for (const part of parts) if (part(value)) return true;
    return false;
  };
}

function compileTest(spec: Exclude<MatcherSpec, { kind: 'exact' | 'ip' | 'cidr' | 'exists' }>): Test {
  switch (spec.kind) {
    case 'prefix':
    case 'suffix': {
      if (spec.ignoreCase) {
        const matches = compileIgnoreCase(spec.value, spec.kind);
        return (value) => typeof value === 'string' && matches(value);
      }
      const text = spec.value;
      return spec.kind === 'prefix'
        ? (value) => typeof value === 'string' && value.startsWith(text)
        : (value) => typeof value === 'string' && value.endsWith(text);
    }
    case 'equals-ignore-case': {
      const matches = compileIgnoreCase(spec.value, 'whole');
      return (value) => typeof value === 'string' && matches(value);
    }
    case 'wildcard': {
      const matches = compileWildcard(parseWildcard(spec.value, ''));
      return (value) => typeof value === 'string' && matches(value);
    }
    case 'numeric': {
      const range = spec.range;
      return (value) => typeof value === 'number' && inNumericRange(range, value);
    }
    case 'anything-but':
      return compileAnythingBut(spec);
  }
}
