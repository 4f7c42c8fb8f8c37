import { describe, expect, it } from 'vitest';
import { InvalidScheduleInputError, parseScheduleInput } from '../../../shared/runtime/index.ts';

describe('parseScheduleInput', () => {
  it.each(['2026-03-01T00:05:00Z', '2026-03-01T01:05:00+01:00'])('reads the scheduled time %s', (scheduledTime) => {
    // Act
    const input = parseScheduleInput({ scheduledTime });

    // Assess
    expect(input).toEqual({ scheduledTime });
  });

  it.each([
    ['the context attribute left unfilled', { scheduledTime: '<aws.scheduler.scheduled-time>' }, /^The schedule input is invalid: scheduledTime: /],
    ['no scheduled time', {}, /scheduledTime/],
    ['no object at all', 'now', /\(input\)/],
  ])('rejects %s, naming the field', (_case, input, message) => {
    // Act
    const parsing = () => parseScheduleInput(input);

    // Assess
    expect(parsing).toThrow(InvalidScheduleInputError);
    expect(parsing).toThrow(message);
  });
});
