import { describe, expect, it } from 'vitest';
import {
  compileSchedule,
  InvalidScheduleExpressionError,
  InvalidScheduleSettingError,
  parseScheduleExpression,
  type ExpressionDialect,
} from '../../scheduler/index.ts';

function thrownBy(action: () => unknown): Error | undefined {
  try {
    action();
  } catch (error) {
    return error as Error;
  }
  return undefined;
}

const iso = (instant: number | undefined) => (instant === undefined ? undefined : new Date(instant).toISOString().replace('.000Z', 'Z'));

describe('schedule expressions', () => {
  it.each([
    { expression: 'cron(0 12 * * * *)', message: "day-of-month and day-of-week cannot both be specified: use '?' in one of them" },
    { expression: 'cron(0 12 ? * ? *)', message: "day-of-month and day-of-week cannot both be '?'" },
    { expression: 'cron(0 12 * *)', message: 'expected 6 fields (minutes hours day-of-month month day-of-week year), got 4' },
    { expression: 'cron(0 12 * * ? * *)', message: 'expected 6 fields (minutes hours day-of-month month day-of-week year), got 7' },
    { expression: 'cron(60 12 * * ? *)', field: 'minutes', message: 'minutes: 60 is out of range 0-59' },
    { expression: 'cron(0 24 * * ? *)', field: 'hours', message: 'hours: 24 is out of range 0-23' },
    { expression: 'cron(0 12 32 * ? *)', field: 'day-of-month', message: 'day-of-month: 32 is out of range 1-31' },
    { expression: 'cron(0 12 * 13 ? *)', field: 'month', message: 'month: 13 is out of range 1-12' },
    { expression: 'cron(0 12 ? * 8 *)', field: 'day-of-week', message: 'day-of-week: 8 is out of range 1-7' },
    { expression: 'cron(0 12 ? * FUN *)', field: 'day-of-week', message: 'day-of-week: "FUN" is not a number or one of SUN, MON, TUE, WED, THU, FRI, SAT' },
    { expression: 'cron(0 12 * * ? 1969)', field: 'year', message: 'year: 1969 is out of range 1970-2199' },
    { expression: 'cron(0 12 * * ? 2030-2026)', field: 'year', message: 'year: range "2030-2026" ends before it starts' },
    { expression: 'cron(? 12 * * ? *)', field: 'minutes', message: "minutes: '?' is only allowed in day-of-month and day-of-week" },
    { expression: 'cron(0/0 12 * * ? *)', field: 'minutes', message: 'minutes: increment "0" is not a positive integer' },
    { expression: 'cron(0 12 ? * 2#6 *)', field: 'day-of-week', message: 'day-of-week: #6: the occurrence must be 1-5' },
    // "If you use the '#' character, you can define only one expression in the day-of-week field."
    { expression: 'cron(0 12 ? * 3#1,6#3 *)', field: 'day-of-week', message: `day-of-week: "3#1,6#3": '#' takes one <day>#<n> expression and nothing else` },
    { expression: 'cron(0 12 ? * 1/2 *)', field: 'day-of-week', message: "day-of-week: '/' is not allowed in day-of-week" },
    { expression: 'cron(0 12 L,15 * ? *)', field: 'day-of-month', message: 'day-of-month: "L,15": L and W stand alone, as L, LW or <day>W' },
    { expression: 'rate(0 minutes)', message: 'value "0" is not a positive integer' },
    { expression: 'rate(five minutes)', message: 'value "five" is not a positive integer' },
    { expression: 'rate(5 weeks)', message: 'unit "weeks" is not one of minute, minutes, hour, hours, day, days' },
    { expression: 'rate(5minutes)', message: 'expected rate(value unit), e.g. rate(5 minutes)' },
    { expression: 'at(2026-02-30T10:00:00)', message: '2026-02-30T10:00:00 is not a valid date and time' },
    { expression: 'at(2026-06-01 10:00:00)', message: 'expected at(yyyy-mm-ddThh:mm:ss)' },
    { expression: 'every(5 minutes)', message: 'expected rate(value unit), cron(fields) or at(yyyy-mm-ddThh:mm:ss)' },
    { expression: 'rate(1 minutes)', dialect: 'rule', message: 'use the singular "minute" with a value of 1' },
    { expression: 'rate(5 hour)', dialect: 'rule', message: 'use the plural "hours" with a value of 5' },
    { expression: 'at(2026-06-01T10:00:00)', dialect: 'rule', message: 'at() is an EventBridge Scheduler expression; rules take rate() or cron()' },
  ] as { expression: string; message: string; field?: string; dialect?: ExpressionDialect }[])(
    'rejects $expression ($dialect): $message',
    ({ expression, message, field, dialect }) => {
      // Act
      const error = thrownBy(() => parseScheduleExpression(expression, dialect));

      // Assess
      expect(error).toBeInstanceOf(InvalidScheduleExpressionError);
      expect(error?.message).toBe(`${expression}: ${message}`);
      expect((error as InvalidScheduleExpressionError | undefined)?.field).toBe(field);
    },
  );

  it.each([
    { expression: 'rate(1 minute)', intervalMs: 60_000 },
    { expression: 'rate(1 minutes)', intervalMs: 60_000 },
    { expression: 'rate(5 minute)', intervalMs: 300_000 },
    { expression: 'rate(2 hours)', intervalMs: 7_200_000 },
    { expression: 'rate(3 days)', intervalMs: 259_200_000 },
  ])('accepts $expression for Scheduler, whose reference lists both unit spellings', ({ expression, intervalMs }) => {
    // Act
    const parsed = parseScheduleExpression(expression, 'scheduler');

    // Assess
    expect(parsed).toMatchObject({ type: 'rate', intervalMs });
  });

  it.each([
    {
      setting: 'ScheduleExpressionTimezone',
      timing: { timezone: 'Mars/Olympus_Mons' },
      message: 'ScheduleExpressionTimezone "Mars/Olympus_Mons": not a time zone name (expected an IANA name such as Europe/Paris)',
    },
    { setting: 'StartDate', timing: { startDate: 'tomorrow' }, message: 'StartDate "tomorrow": not an ISO 8601 date and time (yyyy-mm-ddThh:mm:ssZ)' },
    {
      setting: 'EndDate',
      timing: { startDate: '2026-02-01T00:00:00Z', endDate: '2026-01-01T00:00:00Z' },
      message: 'EndDate "2026-01-01T00:00:00Z": must be after StartDate 2026-02-01T00:00:00Z',
    },
  ])('rejects an invalid $setting', ({ setting, timing, message }) => {
    // Act
    const compiling = () => compileSchedule('rate(5 minutes)', timing);

    // Assess
    expect(compiling).toThrow(InvalidScheduleSettingError);
    expect(compiling).toThrow(message);
    expect(() => compiling()).toThrow(expect.objectContaining({ setting }));
  });
});

describe('StartDate and EndDate', () => {
  it('fires a cron schedule only on or after StartDate', () => {
    // Prepare
    const schedule = compileSchedule('cron(0 10 * * ? *)', { startDate: '2026-01-10T10:00:00Z' });

    // Act
    const first = schedule.next(Date.parse('2026-01-01T00:00:00Z'));

    // Assess
    expect(iso(first)).toBe('2026-01-10T10:00:00Z');
  });

  it('fires only before EndDate', () => {
    // Prepare
    const schedule = compileSchedule('cron(0 10 * * ? *)', { endDate: '2026-01-02T10:00:00Z' });

    // Act
    const first = schedule.next(Date.parse('2026-01-01T00:00:00Z'));
    const second = schedule.next(first ?? 0);

    // Assess
    expect(iso(first)).toBe('2026-01-01T10:00:00Z');
    expect(second).toBeUndefined();
  });

  it('starts a rate schedule at StartDate, read as UTC when it has no offset', () => {
    // Prepare
    const schedule = compileSchedule('rate(30 minutes)', { startDate: '2026-01-01T08:15:00', timezone: 'Europe/Paris' });

    // Act
    const first = schedule.next(Date.parse('2026-01-01T00:00:00Z'));
    const second = schedule.next(first ?? 0);

    // Assess
    expect([iso(first), iso(second)]).toEqual(['2026-01-01T08:15:00Z', '2026-01-01T08:45:00Z']);
  });

  it('ignores StartDate and EndDate for a one-time schedule, as AWS does', () => {
    // Prepare
    const schedule = compileSchedule('at(2026-06-01T10:00:00)', { startDate: '2026-07-01T00:00:00Z', endDate: '2026-07-02T00:00:00Z' });

    // Act
    const first = schedule.next(Date.parse('2026-01-01T00:00:00Z'));
    const again = schedule.next(first ?? 0);

    // Assess
    expect(iso(first)).toBe('2026-06-01T10:00:00Z');
    expect(again).toBeUndefined();
  });
});
