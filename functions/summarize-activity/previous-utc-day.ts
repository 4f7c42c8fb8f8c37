const DAY_MS = 24 * 60 * 60 * 1000;

/** The UTC day before `scheduledTime`: `YYYY-MM-DD` and its bounds, `[start, end)`. */
export function previousUtcDay(scheduledTime: string): { day: string; start: string; end: string } {
  const at = new Date(scheduledTime).getTime();
  const end = Math.floor(at / DAY_MS) * DAY_MS;
  const start = end - DAY_MS;
  return { day: new Date(start).toISOString().slice(0, 10), start: new Date(start).toISOString(), end: new Date(end).toISOString() };
}
