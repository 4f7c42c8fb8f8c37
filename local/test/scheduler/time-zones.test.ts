import { describe, expect, it } from 'vitest';
import { compileSchedule } from '../../scheduler/index.ts';

function fireTimes(expression: string, options: { after: string; count: number; timezone: string; startDate?: string }): string[] {
  const { after, count, ...timing } = options;
  const schedule = compileSchedule(expression, timing);
  const times: string[] = [];
  let cursor = Date.parse(after);
  while (times.length < count) {
    const next = schedule.next(cursor, Date.parse(after));
    if (next === undefined) break;
    times.push(new Date(next).toISOString().replace('.000Z', 'Z'));
    cursor = next;
  }
  return times;
}

// Scheduler evaluates expressions in ScheduleExpressionTimezone and adjusts for daylight saving time: "When
// the time shifts forward in Spring, your schedule invocation gets skipped if the cron expression falls on a
// non-existent date and time. When the time shifts back in the Fall, your schedule runs only once" and a
// rate in days is "a 24-hour duration on the clock".
// https://repost.aws/knowledge-center/eventbridge-scheduler-adjust-dst
describe('time zones and daylight saving time', () => {
  it.each([
    {
      name: 'a local time the clocks skip (New York, 2026-03-08 02:30) is not fired that day',
      expression: 'cron(30 2 * * ? *)',
      timezone: 'America/New_York',
      after: '2026-03-07T00:00:00Z',
      expected: ['2026-03-07T07:30:00Z', '2026-03-09T06:30:00Z'],
    },
    {
      name: 'a local time that happens twice (New York, 2026-11-01 01:30) is fired once, at its first occurrence',
      expression: 'cron(30 1 * * ? *)',
      timezone: 'America/New_York',
      after: '2026-10-31T00:00:00Z',
      expected: ['2026-10-31T05:30:00Z', '2026-11-01T05:30:00Z', '2026-11-02T06:30:00Z'],
    },
    {
      name: 'a frequent cron does not repeat the hour the clocks go back over',
      expression: 'cron(0/30 * * * ? *)',
      timezone: 'America/New_York',
      after: '2026-11-01T05:00:00Z',
      expected: ['2026-11-01T05:30:00Z', '2026-11-01T07:00:00Z', '2026-11-01T07:30:00Z'],
    },
    {
      name: 'a weekday schedule keeps 09:00 local across the switch to summer time (Paris)',
      expression: 'cron(0 9 ? * MON-FRI *)',
      timezone: 'Europe/Paris',
      after: '2026-03-26T12:00:00Z',
      expected: ['2026-03-27T08:00:00Z', '2026-03-30T07:00:00Z'],
    },
    {
      name: 'the southern hemisphere falls back in April (Sydney, 02:30 on 2026-04-05 fires once)',
      expression: 'cron(30 2 * * ? *)',
      timezone: 'Australia/Sydney',
      after: '2026-04-03T12:00:00Z',
      expected: ['2026-04-03T15:30:00Z', '2026-04-04T15:30:00Z', '2026-04-05T16:30:00Z'],
    },
    {
      name: 'half-hour offsets (Kolkata, UTC+05:30)',
      expression: 'cron(0 9 * * ? *)',
      timezone: 'Asia/Kolkata',
      after: '2026-01-01T00:00:00Z',
      expected: ['2026-01-01T03:30:00Z', '2026-01-02T03:30:00Z'],
    },
    {
      name: 'a rate in days stays 24 hours apart across a DST switch',
      expression: 'rate(1 day)',
      timezone: 'America/New_York',
      startDate: '2026-03-07T12:00:00Z',
      after: '2026-03-07T00:00:00Z',
      expected: ['2026-03-07T12:00:00Z', '2026-03-08T12:00:00Z', '2026-03-09T12:00:00Z'],
    },
    {
      name: 'a one-time schedule reads its date and time in the time zone',
      expression: 'at(2026-06-01T10:00:00)',
      timezone: 'Asia/Tokyo',
      after: '2026-01-01T00:00:00Z',
      expected: ['2026-06-01T01:00:00Z'],
    },
  ])('$name', ({ expression, timezone, after, startDate, expected }) => {
    // Act
    const times = fireTimes(expression, { after, count: expected.length + 1, timezone, ...(startDate !== undefined && { startDate }) }).slice(
      0,
      expected.length,
    );

    // Assess
    expect(times).toEqual(expected);
  });

  it('defaults to UTC when no time zone is given', () => {
    // Prepare
    const schedule = compileSchedule('cron(0 9 * * ? *)');

    // Act
    const next = schedule.next(Date.parse('2026-07-01T00:00:00Z'));

    // Assess
    expect(schedule.timezone).toBe('UTC');
    expect(new Date(next ?? 0).toISOString()).toBe('2026-07-01T09:00:00.000Z');
  });
});
