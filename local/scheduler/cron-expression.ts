import { InvalidScheduleExpressionError } from './errors.ts';
import { instantOf, wallTimeAt, type WallTime } from './time-zone.ts';

/**
 * AWS's cron dialect: six fields `minutes hours day-of-month month day-of-week year`, `?` in exactly one of
 * the two day fields, `L`, `W` and `#`, names JAN-DEC and SUN-SAT, day-of-week 1-7 = SUN-SAT.
 * https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-cron-expressions.html
 * https://docs.aws.amazon.com/scheduler/latest/UserGuide/schedule-types.html#cron-based
 *
 * The wildcards each field accepts are the documented table's; ranges may wrap (`FRI-MON`, `22-2`) as in the
 * Quartz dialect AWS's is modelled on.
 */

interface FieldSpec {
  name: string;
  min: number;
  max: number;
  names?: Record<string, number>;
  wraps: boolean;
}

const MONTH_NAMES = { JAN: 1, FEB: 2, MAR: 3, APR: 4, MAY: 5, JUN: 6, JUL: 7, AUG: 8, SEP: 9, OCT: 10, NOV: 11, DEC: 12 };
const DAY_NAMES = { SUN: 1, MON: 2, TUE: 3, WED: 4, THU: 5, FRI: 6, SAT: 7 };

const FIELDS = {
  minutes: { name: 'minutes', min: 0, max: 59, wraps: true },
  hours: { name: 'hours', min: 0, max: 23, wraps: true },
  dayOfMonth: { name: 'day-of-month', min: 1, max: 31, wraps: true },
  month: { name: 'month', min: 1, max: 12, names: MONTH_NAMES, wraps: true },
  dayOfWeek: { name: 'day-of-week', min: 1, max: 7, names: DAY_NAMES, wraps: true },
  year: { name: 'year', min: 1970, max: 2199, wraps: false },
} satisfies Record<string, FieldSpec>;

export type DayOfMonthRule =
  | { kind: 'any' }
  | { kind: 'days'; days: ReadonlySet<number> }
  | { kind: 'last-day' }
  | { kind: 'last-weekday' }
  | { kind: 'nearest-weekday'; day: number };

export type DayOfWeekRule =
  | { kind: 'any' }
  | { kind: 'weekdays'; weekdays: ReadonlySet<number> }
  | { kind: 'last-of-month'; weekday: number }
  | { kind: 'nth-of-month'; weekday: number; nth: number };

/** A parsed cron expression; `next` walks it in a time zone. */
export class CronSchedule {
  readonly expression: string;
  readonly minutes: readonly number[];
  readonly hours: readonly number[];
  readonly dayOfMonth: DayOfMonthRule;
  readonly months: readonly number[];
  readonly dayOfWeek: DayOfWeekRule;
  readonly years: readonly number[];

  private constructor(expression: string, fields: Omit<CronSchedule, 'expression' | 'next' | 'daysOf'>) {
    this.expression = expression;
    this.minutes = fields.minutes;
    this.hours = fields.hours;
    this.dayOfMonth = fields.dayOfMonth;
    this.months = fields.months;
    this.dayOfWeek = fields.dayOfWeek;
    this.years = fields.years;
  }

  /** Parses the inside of `cron(...)`; `expression` is the whole text, for error messages. */
  static parse(expression: string, body: string): CronSchedule {
    const parts = body
      .trim()
      .split(/\s+/)
      .filter((part) => part.length > 0);
    if (parts.length !== 6) {
      throw new InvalidScheduleExpressionError(expression, `expected 6 fields (minutes hours day-of-month month day-of-week year), got ${parts.length}`);
    }
    const [minutes, hours, dayOfMonth, month, dayOfWeek, year] = parts as [string, string, string, string, string, string];
    const parsed = {
      minutes: parseList(expression, minutes, FIELDS.minutes),
      hours: parseList(expression, hours, FIELDS.hours),
      dayOfMonth: parseDayOfMonth(expression, dayOfMonth),
      months: parseList(expression, month, FIELDS.month),
      dayOfWeek: parseDayOfWeek(expression, dayOfWeek),
      years: parseList(expression, year, FIELDS.year),
    };
    if (parsed.dayOfMonth.kind === 'any' && parsed.dayOfWeek.kind === 'any') {
      throw new InvalidScheduleExpressionError(expression, "day-of-month and day-of-week cannot both be '?'");
    }
    if (parsed.dayOfMonth.kind !== 'any' && parsed.dayOfWeek.kind !== 'any') {
      throw new InvalidScheduleExpressionError(expression, "day-of-month and day-of-week cannot both be specified: use '?' in one of them");
    }
    return new CronSchedule(expression, parsed);
  }

  /** The days of a month (1-12) the expression fires on, ascending. */
  daysOf(year: number, month: number): number[] {
    const length = daysInMonth(year, month);
    const rule = this.dayOfMonth;
    switch (rule.kind) {
      case 'days':
        return range(1, length).filter((day) => rule.days.has(day));
      case 'last-day':
        return [length];
      case 'last-weekday': {
        let day = length;
        while (!isWeekday(year, month, day)) day -= 1;
        return [day];
      }
      case 'nearest-weekday':
        return rule.day > length ? [] : [nearestWeekday(year, month, rule.day, length)];
      case 'any':
        return this.#daysOfWeek(year, month, length);
    }
  }

  #daysOfWeek(year: number, month: number, length: number): number[] {
    const rule = this.dayOfWeek;
    const days = range(1, length);
    switch (rule.kind) {
      case 'weekdays':
        return days.filter((day) => rule.weekdays.has(weekdayOf(year, month, day)));
      case 'last-of-month':
        return days.filter((day) => weekdayOf(year, month, day) === rule.weekday).slice(-1);
      case 'nth-of-month': {
        const day = days.filter((d) => weekdayOf(year, month, d) === rule.weekday)[rule.nth - 1];
        return day === undefined ? [] : [day];
      }
      case 'any':
        return days;
    }
  }

  /**
   * The first fire time strictly after `afterMs`, in `timeZone`; `undefined` when the expression never fires
   * again (its year field has run out). Local times the clocks skip are not fired; a repeated local time fires
   * once, at its first occurrence.
   */
  next(afterMs: number, timeZone: string): number | undefined {
    // Local times map to instants in order (skipped ones aside), so walk local times from a little before
    // `afterMs` (any offset change since is under 3 hours) and keep the first instant after it.
    const from = wallTimeAt(afterMs - 3 * 3_600_000, timeZone);
    for (const year of this.years) {
      if (year < from.year) continue;
      const yearBound = year === from.year;
      for (const month of this.months) {
        if (yearBound && month < from.month) continue;
        const monthBound = yearBound && month === from.month;
        for (const day of this.daysOf(year, month)) {
          if (monthBound && day < from.day) continue;
          const dayBound = monthBound && day === from.day;
          for (const hour of this.hours) {
            if (dayBound && hour < from.hour) continue;
            const hourBound = dayBound && hour === from.hour;
            for (const minute of this.minutes) {
              if (hourBound && minute < from.minute) continue;
              const wall: WallTime = { year, month, day, hour, minute, second: 0 };
              const instant = instantOf(wall, timeZone);
              if (instant !== undefined && instant > afterMs) return instant;
            }
          }
        }
      }
    }
    return undefined;
  }
}

function range(from: number, to: number): number[] {
  return Array.from({ length: Math.max(0, to - from + 1) }, (_, index) => from + index);
}

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** 1 = Sunday … 7 = Saturday, AWS's numbering. */
function weekdayOf(year: number, month: number, day: number): number {
  return new Date(Date.UTC(year, month - 1, day)).getUTCDay() + 1;
}

function isWeekday(year: number, month: number, day: number): boolean {
  const weekday = weekdayOf(year, month, day);
  return weekday >= 2 && weekday <= 6;
}

/**
 * `nW`: the weekday nearest day n, never leaving the month (Quartz semantics: `1W` on a Saturday is Monday
 * the 3rd; `31W` on a Sunday is Friday the 29th).
 */
function nearestWeekday(year: number, month: number, day: number, length: number): number {
  const weekday = weekdayOf(year, month, day);
  if (weekday === 7) return day === 1 ? 3 : day - 1;
  if (weekday === 1) return day === length ? day - 2 : day + 1;
  return day;
}

function parseValue(expression: string, token: string, spec: FieldSpec): number {
  const named = spec.names ? (spec.names as Record<string, number>)[token.toUpperCase()] : undefined;
  if (named !== undefined) return named;
  if (!/^\d+$/.test(token)) {
    const expected = spec.names ? `a number or one of ${Object.keys(spec.names).join(', ')}` : 'a number';
    throw new InvalidScheduleExpressionError(expression, `${JSON.stringify(token)} is not ${expected}`, spec.name);
  }
  const value = Number(token);
  if (value < spec.min || value > spec.max) {
    throw new InvalidScheduleExpressionError(expression, `${value} is out of range ${spec.min}-${spec.max}`, spec.name);
  }
  return value;
}

function stepsOver(spec: FieldSpec, from: number, to: number, step: number): number[] {
  const values: number[] = [];
  if (from <= to) {
    for (let value = from; value <= to; value += step) values.push(value);
    return values;
  }
  // A wrapping range (`FRI-MON`) runs to the field's end and on from its start.
  const span = spec.max - spec.min + 1;
  for (let offset = 0; offset <= to + span - from; offset += step) {
    values.push(((from - spec.min + offset) % span) + spec.min);
  }
  return values;
}

function parseItem(expression: string, item: string, spec: FieldSpec): number[] {
  if (item === '') throw new InvalidScheduleExpressionError(expression, 'empty value in list', spec.name);
  const [base = '', stepText, ...rest] = item.split('/');
  if (rest.length > 0) throw new InvalidScheduleExpressionError(expression, `${JSON.stringify(item)} has more than one '/'`, spec.name);
  let step = 1;
  if (stepText !== undefined) {
    if (!/^\d+$/.test(stepText) || Number(stepText) < 1) {
      throw new InvalidScheduleExpressionError(expression, `increment ${JSON.stringify(stepText)} is not a positive integer`, spec.name);
    }
    step = Number(stepText);
  }
  if (base === '*') return stepsOver(spec, spec.min, spec.max, step);
  const bounds = base.split('-');
  if (bounds.length > 2) throw new InvalidScheduleExpressionError(expression, `${JSON.stringify(item)} is not a valid range`, spec.name);
  const from = parseValue(expression, bounds[0] ?? '', spec);
  if (bounds.length === 1) return stepText === undefined ? [from] : stepsOver(spec, from, spec.max, step);
  const to = parseValue(expression, bounds[1] ?? '', spec);
  if (from > to && !spec.wraps) {
    throw new InvalidScheduleExpressionError(expression, `range ${JSON.stringify(base)} ends before it starts`, spec.name);
  }
  return stepsOver(spec, from, to, step);
}

function parseList(expression: string, text: string, spec: FieldSpec): number[] {
  if (text === '?') {
    throw new InvalidScheduleExpressionError(expression, "'?' is only allowed in day-of-month and day-of-week", spec.name);
  }
  const values = new Set(text.split(',').flatMap((item) => parseItem(expression, item, spec)));
  return [...values].sort((a, b) => a - b);
}

function parseDayOfMonth(expression: string, text: string): DayOfMonthRule {
  const spec = FIELDS.dayOfMonth;
  if (text === '?') return { kind: 'any' };
  const upper = text.toUpperCase();
  if (upper === 'L') return { kind: 'last-day' };
  if (upper === 'LW') return { kind: 'last-weekday' };
  const nearest = /^(\d+)W$/i.exec(text);
  if (nearest) return { kind: 'nearest-weekday', day: parseValue(expression, nearest[1] ?? '', spec) };
  if (/[LW#]/i.test(text)) {
    throw new InvalidScheduleExpressionError(expression, `${JSON.stringify(text)}: L and W stand alone, as L, LW or <day>W`, spec.name);
  }
  return { kind: 'days', days: new Set(parseList(expression, text, spec)) };
}

function parseDayOfWeek(expression: string, text: string): DayOfWeekRule {
  const spec = FIELDS.dayOfWeek;
  if (text === '?') return { kind: 'any' };
  if (text.includes('/')) throw new InvalidScheduleExpressionError(expression, "'/' is not allowed in day-of-week", spec.name);
  if (text.includes('#')) {
    // "If you use the '#' character, you can define only one expression in the day-of-week field."
    const nth = /^([A-Za-z]+|\d+)#(\d+)$/.exec(text);
    if (!nth) {
      throw new InvalidScheduleExpressionError(expression, `${JSON.stringify(text)}: '#' takes one <day>#<n> expression and nothing else`, spec.name);
    }
    const n = Number(nth[2]);
    if (n < 1 || n > 5) throw new InvalidScheduleExpressionError(expression, `#${nth[2]}: the occurrence must be 1-5`, spec.name);
    return { kind: 'nth-of-month', weekday: parseValue(expression, nth[1] ?? '', spec), nth: n };
  }
  // `L` alone is the last day of the week, Saturday; `<day>L` the last such day of the month.
  if (text.toUpperCase() === 'L') return { kind: 'weekdays', weekdays: new Set([7]) };
  const last = /^([A-Za-z]+|\d+)L$/i.exec(text);
  if (last) return { kind: 'last-of-month', weekday: parseValue(expression, last[1] ?? '', spec) };
  if (/L/i.test(text.replace(/SUN|MON|TUE|WED|THU|FRI|SAT/gi, ''))) {
    throw new InvalidScheduleExpressionError(expression, `${JSON.stringify(text)}: L stands alone, as L or <day>L`, spec.name);
  }
  return { kind: 'weekdays', weekdays: new Set(parseList(expression, text, spec)) };
}
