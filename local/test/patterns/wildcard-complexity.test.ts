import { describe, expect, it } from 'vitest';
import { parseWildcard } from '../../eventbridge/patterns/wildcard.ts';
import { wildcardComplexity } from '../../eventbridge/patterns/wildcard-complexity.ts';

// Every expectation of event-ruler's MachineComplexityEvaluatorTest (src/test/.../MachineComplexityEvaluatorTest.java).
const rulerCases: [patterns: string[], complexity: number][] = [
  [['*'], 1],
  [['*', 'ab*c'], 3],
  [['abc'], 1],
  [['*ab'], 2],
  [['*aa'], 3],
  [['a*b'], 2],
  [['aa*'], 2],
  [['a*bc'], 2],
  [['a*bb'], 3],
  [['a*bcb'], 3],
  [['a*bbb'], 4],
  [['*ab*ad'], 4],
  [['*ab*d'], 3],
  [['*aba*'], 4],
  [['a*b*bb'], 5],
  [['a*b*cb'], 4],
  [['a*b*cd'], 3],
  [['a*b*b'], 4],
  [['a*bb*'], 4],
  [['ab*b*'], 3],
  [['ab*c', 'x*xx'], 3],
  [['*abc', '*abcde'], 4],
  [['a*bcd', 'ab*cd'], 4],
  [['a*bc', 'a*bcde'], 4],
  [['a*aaa', 'aa*aa'], 7],
  [['a*bc', 'abc*d'], 4],
  [['a*aaa', 'aaa*a'], 6],
  [['a*aax', 'aaa*x'], 5],
  [['a*bc', 'abc*'], 4],
  [['a*aa', 'aaa*'], 5],
  [['abc*', 'abcde*'], 3],
  [['ab*cd', 'ab*wx', 'ab*yz'], 6],
  [['*ab*b*b*'], 7],
  [['*a*a*a*a*a*a*a*a*'], 17],
];

const complexityOf = (patterns: string[], cap = 100) =>
  wildcardComplexity(
    patterns.map((pattern) => parseWildcard(pattern, '')),
    cap,
  );

describe('wildcardComplexity', () => {
  it.each(rulerCases)('scores %j as event-ruler does: %i', (patterns, complexity) => {
    // Act
    const score = complexityOf(patterns);

    // Assess
    expect(score).toBe(complexity);
  });

  it.each([
    ['/Users/*/dir/dir/dir/dir/dir/doc.txt', 7],
    ['*:*:*:*:*:event-bus/*', 11],
    ['arn:aws:events:us-east-1:*:event-bus/*', 3],
  ])('scores %s, a pattern AWS was asked about, %i', (pattern, complexity) => {
    // Act
    const score = complexityOf([pattern]);

    // Assess
    expect(score).toBe(complexity);
  });

  it('treats an escaped asterisk as a plain character', () => {
    // Act
    const score = complexityOf(['\\*a\\*a\\*a']);

    // Assess
    expect(score).toBe(1);
  });

  it('stops at the cap', () => {
    // Act
    const score = complexityOf(['*a*a*a*a*a*a*a*a*'], 11);

    // Assess
    expect(score).toBe(11);
  });
});
