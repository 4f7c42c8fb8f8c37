import { describe, expect, it } from 'vitest';
import { parseFunctionReference } from '../../lambda/index.ts';

describe('parseFunctionReference', () => {
  it.each([
    ['my-function', { functionName: 'my-function' }],
    ['my-function:live', { functionName: 'my-function', qualifier: 'live' }],
    ['123456789012:function:my-function', { functionName: 'my-function' }],
    ['123456789012:function:my-function:7', { functionName: 'my-function', qualifier: '7' }],
    ['arn:aws:lambda:us-east-1:123456789012:function:my-function', { functionName: 'my-function' }],
    ['arn:aws:lambda:us-east-1:123456789012:function:my-function:$LATEST', { functionName: 'my-function', qualifier: '$LATEST' }],
  ])('reads %s', (reference, expected) => {
    // Act
    const parsed = parseFunctionReference(reference);

    // Assess
    expect(parsed).toEqual(expected);
  });
});
