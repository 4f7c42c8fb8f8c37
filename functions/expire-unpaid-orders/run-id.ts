/**
 * The id of one run: the same for every delivery of one scheduled invocation (a Scheduler retry),
 * so the OrderExpired events of a run name it as their cause, and a run is found in the logs by it.
 */
export const runIdOf = (scheduledTime: string): string => `expire-unpaid-orders#${new Date(scheduledTime).toISOString()}`;
