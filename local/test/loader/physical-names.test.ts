import { describe, expect, it } from 'vitest';
import { generatedName, stableToken, stableUuid } from '../../loader/physical-names.ts';

describe('generatedName', () => {
  it("names a resource '<stack>-<logicalId>-<12-character suffix>' when it fits", () => {
    // Act
    const name = generatedName('Core', 'OrdersQueue3DFA1D51', { maxLength: 80 });

    // Assess
    expect(name).toMatch(/^Core-OrdersQueue3DFA1D51-[A-Z0-9]{12}$/);
  });

  it.each([
    ['Lambda function', { maxLength: 64 }],
    ['SQS queue', { maxLength: 80 }],
    ['FIFO queue', { maxLength: 80, ending: '.fifo' }],
    ['S3 bucket', { maxLength: 63, lowercase: true }],
    ['archive', { maxLength: 48 }],
  ])('shortens the stack and logical id to fit a %s name', (_kind, rule) => {
    // Act
    const name = generatedName('AVeryLongStackNameThatGoesOnAndOnForever', 'AVeryLongLogicalIdentifierOfSomeConstructABCDEF12', rule);

    // Assess
    expect(name.length).toBeLessThanOrEqual(rule.maxLength);
    expect(name).toMatch(/^AVeryLong\w*-AVeryLong\w*-[A-Za-z0-9]{12}/i);
  });

  it('keeps the .fifo ending after the suffix and counts it in the limit', () => {
    // Act
    const name = generatedName('Stack', 'L'.repeat(100), { maxLength: 80, ending: '.fifo' });

    // Assess
    expect(name).toHaveLength(80);
    expect(name.endsWith('.fifo')).toBe(true);
  });

  it('lowercases names for services that only allow lowercase', () => {
    // Assess
    expect(generatedName('Core', 'Uploads4F6EB0FD', { maxLength: 63, lowercase: true })).toMatch(/^core-uploads4f6eb0fd-[a-z0-9]{12}$/);
  });

  it('gives the same resource the same name every time, and different resources different names', () => {
    // Act
    const first = generatedName('Core', 'Queue', { maxLength: 80 });
    const again = generatedName('Core', 'Queue', { maxLength: 80 });
    const other = generatedName('Core', 'Queue2', { maxLength: 80 });
    const otherStack = generatedName('Edge', 'Queue', { maxLength: 80 });

    // Assess
    expect(again).toBe(first);
    expect(new Set([first, other.replace('Queue2', 'Queue'), otherStack.replace('Edge', 'Core')]).size).toBe(3);
  });
});

describe('stableToken and stableUuid', () => {
  it('draws a token of the requested length from the alphabet', () => {
    // Assess
    expect(stableToken('seed', 10, 'ab')).toMatch(/^[ab]{10}$/);
  });

  it('shapes a UUID as version 4 with the RFC 4122 variant', () => {
    // Assess
    expect(stableUuid('Core/Mapping')).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(stableUuid('Core/Mapping')).toBe(stableUuid('Core/Mapping'));
  });
});
