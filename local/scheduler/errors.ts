/**
 * Errors of the local Scheduler. Expressions and settings are checked when the service is built, so a
 * template AWS would reject fails at start with the schedule, the expression and the field named.
 */

/** A `rate()`, `cron()` or `at()` expression AWS would reject, with the part that is wrong. */
export class InvalidScheduleExpressionError extends Error {
  override readonly name = 'InvalidScheduleExpressionError';
  readonly expression: string;
  /** The cron field at fault (`minutes`, `day-of-week`, …), when there is one. */
  readonly field?: string;

  constructor(expression: string, reason: string, field?: string) {
    super(`${expression}: ${field ? `${field}: ` : ''}${reason}`);
    this.expression = expression;
    if (field !== undefined) this.field = field;
  }
}

/** A schedule setting other than the expression (`ScheduleExpressionTimezone`, `StartDate`, `EndDate`) AWS would reject. */
export class InvalidScheduleSettingError extends Error {
  override readonly name = 'InvalidScheduleSettingError';
  readonly setting: string;
  readonly value: string;

  constructor(setting: string, value: string, reason: string) {
    super(`${setting} ${JSON.stringify(value)}: ${reason}`);
    this.setting = setting;
    this.value = value;
  }
}

/** The schedules and scheduled rules that could not be compiled, each named; thrown by the `SchedulerService` constructor. */
export class SchedulerConfigError extends Error {
  override readonly name = 'SchedulerConfigError';
  readonly problems: string[];

  constructor(problems: string[]) {
    super(`Invalid schedules:\n${problems.map((problem) => `  - ${problem}`).join('\n')}`);
    this.problems = problems;
  }
}

/** `fireNow` was asked for a schedule or scheduled rule that does not exist. */
export class ScheduleNotFoundError extends Error {
  override readonly name = 'ScheduleNotFoundError';
  readonly scheduleName: string;

  constructor(scheduleName: string, known: string[]) {
    super(`No schedule or scheduled rule named ${JSON.stringify(scheduleName)}; known: ${known.length > 0 ? known.join(', ') : 'none'}`);
    this.scheduleName = scheduleName;
  }
}

/** `fireNow` after `stop()`. */
export class SchedulerStoppedError extends Error {
  override readonly name = 'SchedulerStoppedError';

  constructor() {
    super('The scheduler has been stopped');
  }
}

/** Why a delivery to a target failed; `code` becomes the dead letter's `X-Amz-Scheduler-Error-Code`. */
export class TargetDeliveryError extends Error {
  override readonly name = 'TargetDeliveryError';
  readonly code: string;

  constructor(code: string, message: string) {
    super(message);
    this.code = code;
  }
}
