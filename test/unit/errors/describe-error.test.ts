import { describe, expect, it } from 'vitest';
import { describeError, errorMessageOf } from '../../../shared/errors/describe-error.ts';

class ThrottledError extends Error {
  override name = 'ProvisionedThroughputExceededException';
}

describe('describing what was thrown', () => {
  it.each([
    ['an Error', new ThrottledError('Rate exceeded'), 'Rate exceeded', 'ProvisionedThroughputExceededException: Rate exceeded'],
    ['a string', 'boom', 'boom', 'boom'],
    ['undefined', undefined, 'undefined', 'undefined'],
  ])('turns %s into text', (_what, thrown, message, described) => {
    expect(errorMessageOf(thrown)).toBe(message);
    expect(describeError(thrown)).toBe(described);
  });
});
