import { describe, expect, it } from 'vitest';
import { compileIgnoreCase, type Anchor } from '../../eventbridge/patterns/equals-ignore-case.ts';
import { compilePattern } from '../../eventbridge/patterns/index.ts';
import { busEvent } from './support/conformance.ts';

/** A value as large as an event may carry whole (256 KB), and a pattern as long as the rule's pattern text allows. */
const HUGE_VALUE_LENGTH = 256 * 1024;
const LONG_PATTERN_LENGTH = 4_000;
/** A long wildcard segment the complexity check accepts (it refuses repeated sequences after a wildcard). */
const DISTINCT_CHARACTERS = Array.from({ length: LONG_PATTERN_LENGTH }, (_, i) => String.fromCharCode(0x4e00 + i)).join('');

/**
 * The case-insensitive semantics as a regular expression (event-ruler's EqualsIgnoreCaseParser, one alternation per
 * UTF-16 unit): the oracle the linear matcher must agree with, on values small enough for a regex to be harmless.
 */
function oracle(text: string, anchor: Anchor): RegExp {
  const escapeRegExp = (part: string) => part.replace(/[\\^$.*+?()[\]{}|/-]/g, '\\$&');
  const body = text
    .split('')
    .map((char) => `(?:${escapeRegExp(char.toLowerCase())}|${escapeRegExp(char.toUpperCase())})`)
    .join('');
  return new RegExp(`${anchor === 'suffix' ? '' : '^'}${body}${anchor === 'prefix' ? '' : '$'}`);
}

/** Every string of up to `length` characters over `alphabet`. */
function allStrings(alphabet: readonly string[], length: number): string[] {
  let level = [''];
  const all = [''];
  for (let i = 0; i < length; i++) {
    level = level.flatMap((prefix) => alphabet.map((char) => prefix + char));
    all.push(...level);
  }
  return all;
}

describe('matching stays linear in the value, for every operator', () => {
  // Letters whose cases differ in length (ß/SS), the Kelvin sign, a letter whose lower case is longer (İ), digits.
  const alphabet = ['a', 'A', 's', 'S', 'ß', '\u212a', 'k', 'İ', 'i', '1'];
  const patterns = allStrings(['a', 's', 'ß', 'S', '\u212a', 'İ'], 2);
  const values = allStrings(alphabet, 3);

  it.each<Anchor>(['whole', 'prefix', 'suffix'])('agrees with the regular-expression semantics of event-ruler (%s), on every small case', (anchor) => {
    // Prepare
    const disagreements: string[] = [];

    // Act
    for (const pattern of patterns) {
      const matches = compileIgnoreCase(pattern, anchor);
      const expected = oracle(pattern, anchor);
      for (const value of values) if (matches(value) !== expected.test(value)) disagreements.push(`${JSON.stringify(pattern)} vs ${JSON.stringify(value)}`);
    }

    // Assess
    expect(disagreements).toEqual([]);
  });

  // Each case took seconds to minutes when it was a regular expression tried at every offset of the value (65 s for
  // the suffix); linear matching answers in microseconds, far inside the test's default timeout.
  it.each([
    [
      'a long equals-ignore-case suffix',
      { detail: { text: [{ suffix: { 'equals-ignore-case': `${'a'.repeat(LONG_PATTERN_LENGTH)}b` } }] } },
      'a'.repeat(HUGE_VALUE_LENGTH),
    ],
    [
      'a long equals-ignore-case prefix',
      { detail: { text: [{ prefix: { 'equals-ignore-case': `${'a'.repeat(LONG_PATTERN_LENGTH)}b` } }] } },
      'a'.repeat(HUGE_VALUE_LENGTH),
    ],
    ['a long equals-ignore-case', { detail: { text: [{ 'equals-ignore-case': 'a'.repeat(LONG_PATTERN_LENGTH) }] } }, 'a'.repeat(HUGE_VALUE_LENGTH)],
    [
      'anything-but a long equals-ignore-case',
      { detail: { text: [{ 'anything-but': { 'equals-ignore-case': 'a'.repeat(LONG_PATTERN_LENGTH) } }] } },
      'A'.repeat(HUGE_VALUE_LENGTH),
    ],
    ['a cidr against a long run of colons', { detail: { text: [{ cidr: '10.0.0.0/24' }] } }, `${':'.repeat(HUGE_VALUE_LENGTH)}g`],
    [
      'a wildcard with a long segment',
      { detail: { text: [{ wildcard: `*${DISTINCT_CHARACTERS}*` }] } },
      DISTINCT_CHARACTERS.slice(0, -1).repeat(HUGE_VALUE_LENGTH / LONG_PATTERN_LENGTH),
    ],
  ])('answers %s against a 256 KB value at once', (_case, pattern, text) => {
    // Prepare
    const matches = compilePattern(pattern);

    // Act
    const matched = matches(busEvent({ text }));

    // Assess
    expect(matched).toBe(typeof pattern.detail.text[0] === 'object' && 'anything-but' in pattern.detail.text[0]);
  });
});
