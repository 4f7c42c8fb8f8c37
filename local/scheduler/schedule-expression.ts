import { CronSchedule } from './cron-expression.ts';
import { InvalidScheduleExpressionError } from './errors.ts';
import type { WallTime } from './time-zone.ts';

/**
 * `rate(value unit)`, `cron(fields)` and `at(yyyy-mm-ddThh:mm:ss)`, parsed once.
 * https://docs.aws.amazon.com/scheduler/latest/UserGuide/schedule-types.html
 * https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-scheduled-rule-pattern.html
 */
export type ScheduleExpression =
  | { type: 'rate'; text: string; value: number; unit: RateUnit; intervalMs: number }
  | { type: 'cron'; text: string; cron: CronSchedule }
  | { type: 'at'; text: string; wall: WallTime };

export type RateUnit = 'minute' | 'hour' | 'day';

/**
 * `scheduler` for EventBridge Scheduler schedules; `rule` for scheduled EventBridge rules, which take no
 * `at()` and want `rate(1 hour)` but `rate(5 hours)`: "If the value is equal to 1, then the unit must be
 * singular" (eb-rate-expressions). Scheduler's reference lists `minute | minutes | hour | hours | day | days`
 * without that rule, so both spellings are accepted there.
 */
export type ExpressionDialect = 'scheduler' | 'rule';

const UNIT_MS: Record<RateUnit, number> = { minute: 60_000, hour: 3_600_000, day: 86_400_000 };

export function parseScheduleExpression(text: string, dialect: ExpressionDialect = 'scheduler'): ScheduleExpression {
  const match = /^(rate|cron|at)\((.*)\)$/s.exec(text);
  if (!match) throw new InvalidScheduleExpressionError(text, 'expected rate(value unit), cron(fields) or at(yyyy-mm-ddThh:mm:ss)');
  const [, kind, body = ''] = match;
  if (kind === 'rate') return parseRate(text, body, dialect);
  if (kind === 'cron') return { type: 'cron', text, cron: CronSchedule.parse(text, body) };
  if (dialect === 'rule') throw new InvalidScheduleExpressionError(text, 'at() is an EventBridge Scheduler expression; rules take rate() or cron()');
  return { type: 'at', text, wall: parseAt(text, body) };
}

function parseRate(text: string, body: string, dialect: ExpressionDialect): ScheduleExpression {
  const match = /^(\S+) (\S+)$/.exec(body);
  if (!match) throw new InvalidScheduleExpressionError(text, 'expected rate(value unit), e.g. rate(5 minutes)');
  const [, valueText = '', unitText = ''] = match;
  if (!/^\d+$/.test(valueText) || Number(valueText) < 1) {
    throw new InvalidScheduleExpressionError(text, `value ${JSON.stringify(valueText)} is not a positive integer`);
  }
  const value = Number(valueText);
  const unit = unitText.replace(/s$/, '') as RateUnit;
  if (!(unit in UNIT_MS)) {
    throw new InvalidScheduleExpressionError(text, `unit ${JSON.stringify(unitText)} is not one of minute, minutes, hour, hours, day, days`);
  }
  if (dialect === 'rule' && (value === 1) !== (unitText === unit)) {
    throw new InvalidScheduleExpressionError(text, `use ${value === 1 ? `the singular "${unit}"` : `the plural "${unit}s"`} with a value of ${value}`);
  }
  return { type: 'rate', text, value, unit, intervalMs: value * UNIT_MS[unit] };
}

function parseAt(text: string, body: string): WallTime {
  const match = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})$/.exec(body);
  if (!match) throw new InvalidScheduleExpressionError(text, 'expected at(yyyy-mm-ddThh:mm:ss)');
  const [year, month, day, hour, minute, second] = match.slice(1).map(Number) as [number, number, number, number, number, number];
  const wall = { year, month, day, hour, minute, second };
  const date = new Date(Date.UTC(year, month - 1, day, hour, minute, second));
  const roundTrips =
    date.getUTCFullYear() === year &&
    date.getUTCMonth() === month - 1 &&
    date.getUTCDate() === day &&
    date.getUTCHours() === hour &&
    date.getUTCMinutes() === minute &&
    date.getUTCSeconds() === second;
  if (!roundTrips) throw new InvalidScheduleExpressionError(text, `${body} is not a valid date and time`);
  return wall;
}
