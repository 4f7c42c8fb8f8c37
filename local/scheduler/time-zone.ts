/**
 * Wall-clock arithmetic in IANA time zones with `Intl` (Node ships full ICU): no library, and the same tz
 * database the rest of the process uses. EventBridge Scheduler evaluates cron and at() expressions in the
 * schedule's `ScheduleExpressionTimezone`.
 * https://docs.aws.amazon.com/scheduler/latest/UserGuide/schedule-types.html#time-zones
 */

/** A local date and time; `month` is 1-12. */
export interface WallTime {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

const HOUR_MS = 3_600_000;
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

/** True when `Intl` knows the zone (IANA names such as `Europe/Paris`, and `UTC`). */
export function isValidTimeZone(timeZone: string): boolean {
  try {
    formatterFor(timeZone);
    return true;
  } catch {
    return false;
  }
}

const isUtc = (timeZone: string) => timeZone === 'UTC' || timeZone === 'Etc/UTC';

/** The wall-clock time at an instant in a zone (to the second). */
export function wallTimeAt(instantMs: number, timeZone: string): WallTime {
  if (isUtc(timeZone)) {
    const date = new Date(instantMs);
    return {
      year: date.getUTCFullYear(),
      month: date.getUTCMonth() + 1,
      day: date.getUTCDate(),
      hour: date.getUTCHours(),
      minute: date.getUTCMinutes(),
      second: date.getUTCSeconds(),
    };
  }
  const fields: Record<string, number> = {};
  for (const part of formatterFor(timeZone).formatToParts(instantMs)) {
    if (part.type !== 'literal') fields[part.type] = Number(part.value);
  }
  return {
    year: fields['year'] ?? 0,
    month: fields['month'] ?? 0,
    day: fields['day'] ?? 0,
    hour: fields['hour'] ?? 0,
    minute: fields['minute'] ?? 0,
    second: fields['second'] ?? 0,
  };
}

const asUtc = (wall: WallTime) => Date.UTC(wall.year, wall.month - 1, wall.day, wall.hour, wall.minute, wall.second);

/** Milliseconds the zone is ahead of UTC at an instant. */
function offsetAt(instantMs: number, timeZone: string): number {
  const wholeSeconds = Math.floor(instantMs / 1000) * 1000;
  return asUtc(wallTimeAt(wholeSeconds, timeZone)) - wholeSeconds;
}

/**
 * The instant a local time names in a zone. A time the clocks skip (spring forward) names no instant:
 * `undefined`. A time that happens twice (fall back) names its first occurrence: Scheduler runs a schedule
 * once in the repeated hour, not twice.
 * https://repost.aws/knowledge-center/eventbridge-scheduler-adjust-dst
 */
export function instantOf(wall: WallTime, timeZone: string): number | undefined {
  const naive = asUtc(wall);
  if (isUtc(timeZone)) return naive;
  // The offsets in force around the local time cover both sides of any transition near it.
  const offsets = new Set([offsetAt(naive - 36 * HOUR_MS, timeZone), offsetAt(naive, timeZone), offsetAt(naive + 36 * HOUR_MS, timeZone)]);
  let earliest: number | undefined;
  for (const offset of offsets) {
    const candidate = naive - offset;
    if (asUtc(wallTimeAt(candidate, timeZone)) === naive && (earliest === undefined || candidate < earliest)) earliest = candidate;
  }
  return earliest;
}

/**
 * Like `instantOf`, but a skipped local time resolves to the instant the same wall reading has under the
 * offset in force before the transition (02:30 on a spring-forward night becomes 03:30 local).
 */
export function instantOfLenient(wall: WallTime, timeZone: string): number {
  return instantOf(wall, timeZone) ?? asUtc(wall) - offsetAt(asUtc(wall) - 36 * HOUR_MS, timeZone);
}
