import { describe, expect, it } from 'vitest';
import { compileSchedule } from '../../scheduler/index.ts';

/** The first `count` fire times strictly after `after`, as ISO strings. */
function fireTimes(expression: string, after: string, count: number, timezone = 'UTC'): string[] {
  const schedule = compileSchedule(expression, { timezone });
  const times: string[] = [];
  let cursor = Date.parse(after);
  while (times.length < count) {
    const next = schedule.next(cursor);
    if (next === undefined) break;
    times.push(new Date(next).toISOString().replace('.000Z', 'Z'));
    cursor = next;
  }
  return times;
}

describe('cron expressions (AWS dialect, UTC)', () => {
  // Examples from https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-cron-expressions.html and the
  // wildcard table on the same page; calendar: 2026-01-01 is a Thursday.
  it.each([
    { name: 'every day at 10:00', expression: 'cron(0 10 * * ? *)', expected: ['2026-01-01T10:00:00Z', '2026-01-02T10:00:00Z', '2026-01-03T10:00:00Z'] },
    { name: 'every day at 12:15', expression: 'cron(15 12 * * ? *)', expected: ['2026-01-01T12:15:00Z', '2026-01-02T12:15:00Z', '2026-01-03T12:15:00Z'] },
    {
      name: 'weekdays at 18:00 (MON-FRI)',
      expression: 'cron(0 18 ? * MON-FRI *)',
      expected: ['2026-01-01T18:00:00Z', '2026-01-02T18:00:00Z', '2026-01-05T18:00:00Z'],
    },
    {
      name: 'the first day of every month at 08:00',
      expression: 'cron(0 8 1 * ? *)',
      expected: ['2026-01-01T08:00:00Z', '2026-02-01T08:00:00Z', '2026-03-01T08:00:00Z'],
    },
    {
      name: 'every 10 minutes on weekdays (0/10)',
      expression: 'cron(0/10 * ? * MON-FRI *)',
      expected: ['2026-01-01T00:10:00Z', '2026-01-01T00:20:00Z', '2026-01-01T00:30:00Z'],
    },
    {
      name: 'every 5 minutes between 08:00 and 17:55 on weekdays',
      expression: 'cron(0/5 8-17 ? * MON-FRI *)',
      expected: ['2026-01-01T08:00:00Z', '2026-01-01T08:05:00Z', '2026-01-01T08:10:00Z'],
    },
    {
      name: '1/10: the 1st, 11th, 21st minute…',
      expression: 'cron(1/10 * * * ? *)',
      expected: ['2026-01-01T00:01:00Z', '2026-01-01T00:11:00Z', '2026-01-01T00:21:00Z'],
    },
    { name: 'a list of hours', expression: 'cron(0 6,18 * * ? *)', expected: ['2026-01-01T06:00:00Z', '2026-01-01T18:00:00Z', '2026-01-02T06:00:00Z'] },
    {
      name: 'the first Monday of the month (2#1)',
      expression: 'cron(0 9 ? * 2#1 *)',
      expected: ['2026-01-05T09:00:00Z', '2026-02-02T09:00:00Z', '2026-03-02T09:00:00Z'],
    },
    {
      name: 'the second Tuesday of the month (3#2)',
      expression: 'cron(0 10 ? * 3#2 *)',
      expected: ['2026-01-13T10:00:00Z', '2026-02-10T10:00:00Z', '2026-03-10T10:00:00Z'],
    },
    {
      name: 'a fifth Sunday only in months that have one (1#5)',
      expression: 'cron(0 12 ? 3 1#5 *)',
      expected: ['2026-03-29T12:00:00Z', '2030-03-31T12:00:00Z'],
    },
    {
      name: 'the last day of the month (L)',
      expression: 'cron(0 0 L * ? *)',
      expected: ['2026-01-31T00:00:00Z', '2026-02-28T00:00:00Z', '2026-03-31T00:00:00Z'],
    },
    {
      name: 'the last Friday of the month (6L)',
      expression: 'cron(0 12 ? * 6L *)',
      expected: ['2026-01-30T12:00:00Z', '2026-02-27T12:00:00Z', '2026-03-27T12:00:00Z'],
    },
    {
      name: 'L alone in day-of-week: the last day of the week, Saturday',
      expression: 'cron(0 12 ? * L *)',
      expected: ['2026-01-03T12:00:00Z', '2026-01-10T12:00:00Z', '2026-01-17T12:00:00Z'],
    },
    {
      name: 'the weekday nearest the 15th (15W)',
      expression: 'cron(0 12 15W * ? *)',
      expected: ['2026-01-15T12:00:00Z', '2026-02-16T12:00:00Z', '2026-03-16T12:00:00Z'],
    },
    {
      name: 'the last weekday of the month (LW)',
      expression: 'cron(0 12 LW * ? *)',
      expected: ['2026-01-30T12:00:00Z', '2026-02-27T12:00:00Z', '2026-03-31T12:00:00Z'],
    },
    { name: 'day names in any case', expression: 'cron(30 6 ? * sun *)', expected: ['2026-01-04T06:30:00Z', '2026-01-11T06:30:00Z', '2026-01-18T06:30:00Z'] },
    {
      name: 'month names in a list',
      expression: 'cron(0 0 1 JAN,jul ? *)',
      expected: ['2026-07-01T00:00:00Z', '2027-01-01T00:00:00Z', '2027-07-01T00:00:00Z'],
    },
    {
      name: 'a day-of-week range that wraps (FRI-MON)',
      expression: 'cron(0 12 ? * FRI-MON *)',
      expected: ['2026-01-02T12:00:00Z', '2026-01-03T12:00:00Z', '2026-01-04T12:00:00Z', '2026-01-05T12:00:00Z', '2026-01-09T12:00:00Z'],
    },
    {
      name: 'an hour range that wraps midnight (22-2)',
      expression: 'cron(0 22-2 * * ? *)',
      expected: ['2026-01-01T01:00:00Z', '2026-01-01T02:00:00Z', '2026-01-01T22:00:00Z', '2026-01-01T23:00:00Z', '2026-01-02T00:00:00Z'],
    },
    {
      name: 'a year field with increments (2030/2)',
      expression: 'cron(0 0 1 1 ? 2030/2)',
      expected: ['2030-01-01T00:00:00Z', '2032-01-01T00:00:00Z', '2034-01-01T00:00:00Z'],
    },
  ])('$name: $expression', ({ expression, expected }) => {
    // Act
    const times = fireTimes(expression, '2026-01-01T00:00:00Z', expected.length + 1).slice(0, expected.length);

    // Assess
    expect(times).toEqual(expected);
  });

  it.each([
    {
      name: '1W on a Saturday moves forward to Monday the 3rd, not into the previous month',
      expression: 'cron(0 12 1W * ? *)',
      after: '2026-07-15T00:00:00Z',
      expected: ['2026-08-03T12:00:00Z', '2026-09-01T12:00:00Z'],
    },
    {
      name: '15W on a Saturday moves back to Friday the 14th',
      expression: 'cron(0 12 15W * ? *)',
      after: '2026-08-01T00:00:00Z',
      expected: ['2026-08-14T12:00:00Z'],
    },
    {
      name: '31W on a Sunday moves back to Friday the 29th; months without a 31st are skipped',
      expression: 'cron(0 12 31W * ? *)',
      after: '2026-05-01T00:00:00Z',
      expected: ['2026-05-29T12:00:00Z', '2026-07-31T12:00:00Z'],
    },
    {
      name: 'L in February of a leap year is the 29th',
      expression: 'cron(0 0 L 2 ? 2027-2028)',
      after: '2026-01-01T00:00:00Z',
      expected: ['2027-02-28T00:00:00Z', '2028-02-29T00:00:00Z'],
    },
  ])('$name', ({ expression, after, expected }) => {
    // Act
    const times = fireTimes(expression, after, expected.length);

    // Assess
    expect(times).toEqual(expected);
  });

  it('never fires again once its year field has run out', () => {
    // Prepare
    const schedule = compileSchedule('cron(0 0 L 2 ? 2027-2028)');

    // Act
    const next = schedule.next(Date.parse('2028-02-29T00:00:00Z'));

    // Assess
    expect(next).toBeUndefined();
  });

  it('fires at the start minute itself only when strictly after the given instant', () => {
    // Prepare
    const schedule = compileSchedule('cron(0 10 * * ? *)');

    // Act
    const fromJustBefore = schedule.next(Date.parse('2026-01-01T09:59:59.999Z'));
    const fromExactly = schedule.next(Date.parse('2026-01-01T10:00:00Z'));

    // Assess
    expect(new Date(fromJustBefore ?? 0).toISOString()).toBe('2026-01-01T10:00:00.000Z');
    expect(new Date(fromExactly ?? 0).toISOString()).toBe('2026-01-02T10:00:00.000Z');
  });
});
