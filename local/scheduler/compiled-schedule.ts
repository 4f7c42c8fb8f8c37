import { InvalidScheduleSettingError } from './errors.ts';
import { parseScheduleExpression, type ExpressionDialect, type ScheduleExpression } from './schedule-expression.ts';
import { instantOfLenient, isValidTimeZone } from './time-zone.ts';

export interface ScheduleTiming {
  /** IANA time zone the expression is evaluated in. @default 'UTC' */
  timezone?: string;
  /** ISO 8601, UTC when no offset is given. Ignored by at() schedules, as on AWS. */
  startDate?: string;
  /** ISO 8601, UTC when no offset is given. Ignored by at() schedules, as on AWS. */
  endDate?: string;
  /** @default 'scheduler' */
  dialect?: ExpressionDialect;
}

/**
 * A schedule expression with its time zone and window, ready to answer "when next?". StartDate and EndDate
 * bound recurring schedules: fires happen on or after StartDate and before EndDate; one-time schedules ignore
 * both. https://docs.aws.amazon.com/scheduler/latest/APIReference/API_CreateSchedule.html
 *
 * @example
 * const schedule = compileSchedule('cron(0 9 ? * MON-FRI *)', { timezone: 'Europe/Paris' });
 * new Date(schedule.next(Date.parse('2026-03-27T12:00:00Z'))!); // 2026-03-30T07:00:00.000Z (09:00 CEST)
 */
export interface CompiledSchedule {
  readonly expression: ScheduleExpression;
  readonly timezone: string;
  readonly startMs?: number;
  readonly endMs?: number;
  /**
   * The first fire time strictly after `afterMs`, or `undefined` when there is none. A rate schedule without
   * StartDate counts from `rateAnchorMs` (its first fire time), by default one interval after `afterMs`.
   */
  next(afterMs: number, rateAnchorMs?: number): number | undefined;
}

export function compileSchedule(text: string, timing: ScheduleTiming = {}): CompiledSchedule {
  const expression = parseScheduleExpression(text, timing.dialect);
  const timezone = timing.timezone ?? 'UTC';
  if (!isValidTimeZone(timezone)) {
    throw new InvalidScheduleSettingError('ScheduleExpressionTimezone', timezone, 'not a time zone name (expected an IANA name such as Europe/Paris)');
  }
  const startMs = timing.startDate === undefined ? undefined : parseDate('StartDate', timing.startDate);
  const endMs = timing.endDate === undefined ? undefined : parseDate('EndDate', timing.endDate);
  if (startMs !== undefined && endMs !== undefined && endMs <= startMs) {
    throw new InvalidScheduleSettingError('EndDate', timing.endDate ?? '', `must be after StartDate ${timing.startDate}`);
  }
  const bounded = (instant: number | undefined) => (instant === undefined || (endMs !== undefined && instant >= endMs) ? undefined : instant);

  const next = (afterMs: number, rateAnchorMs?: number): number | undefined => {
    switch (expression.type) {
      case 'at': {
        const instant = instantOfLenient(expression.wall, timezone);
        return instant > afterMs ? instant : undefined;
      }
      case 'cron':
        return bounded(expression.cron.next(startMs === undefined ? afterMs : Math.max(afterMs, startMs - 1), timezone));
      case 'rate': {
        const anchor = startMs ?? rateAnchorMs ?? afterMs + expression.intervalMs;
        if (afterMs < anchor) return bounded(anchor);
        const elapsed = Math.floor((afterMs - anchor) / expression.intervalMs) + 1;
        return bounded(anchor + elapsed * expression.intervalMs);
      }
    }
  };

  return {
    expression,
    timezone,
    ...(startMs !== undefined && { startMs }),
    ...(endMs !== undefined && { endMs }),
    next,
  };
}

function parseDate(setting: string, value: string): number {
  // CloudFormation takes StartDate/EndDate "in UTC"; a value without an offset is read as UTC, not local time.
  const withZone = /(Z|[+-]\d{2}:?\d{2})$/i.test(value) ? value : `${value}Z`;
  const instant = /^\d{4}-\d{2}-\d{2}T/.test(value) ? Date.parse(withZone) : Number.NaN;
  if (Number.isNaN(instant)) throw new InvalidScheduleSettingError(setting, value, 'not an ISO 8601 date and time (yyyy-mm-ddThh:mm:ssZ)');
  return instant;
}
