import type { EventBridgeEvent } from 'aws-lambda';
import { randomBytes } from 'node:crypto';
import { arn, isoSeconds, type Placement } from './common.ts';
import { eventBridgeEvent } from './eventbridge.ts';

/**
 * The context attributes EventBridge Scheduler substitutes in a target's `Input` at each invocation
 * (https://docs.aws.amazon.com/scheduler/latest/UserGuide/managing-schedule-context-attributes.html).
 * The CDK's `ContextAttribute` renders the same placeholders.
 */
export const SchedulerContextAttributes = {
  scheduleArn: '<aws.scheduler.schedule-arn>',
  scheduledTime: '<aws.scheduler.scheduled-time>',
  executionId: '<aws.scheduler.execution-id>',
  attemptNumber: '<aws.scheduler.attempt-number>',
} as const;

export interface ScheduleInvocationOptions extends Placement {
  /** @default `arn:aws:scheduler:<region>:<account>:schedule/default/<scheduleName>` */
  scheduleArn?: string;
  /** @default 'test-schedule' */
  scheduleName?: string;
  /** @default now, to the second */
  scheduledTime?: Date;
  /** @default 16 random lowercase alphanumerics, like `d32c5kddcf5bb8c3` */
  executionId?: string;
  /** @default 1 */
  attemptNumber?: number;
}

/** Execution ids look like `d32c5kddcf5bb8c3` in the context-attributes page: 16 lowercase alphanumerics. */
export const SCHEDULER_EXECUTION_ID_LENGTH = 16;

export function newExecutionId(): string {
  const alphabet = 'abcdefghijklmnopqrstuvwxyz0123456789';
  return [...randomBytes(SCHEDULER_EXECUTION_ID_LENGTH)].map((byte) => alphabet[byte % alphabet.length]).join('');
}

/** The values of the context attributes at one invocation attempt. */
export interface SchedulerInvocationContext {
  scheduleArn: string;
  /** Second-precision ISO-8601 (`2026-03-22T18:59:43Z`). */
  scheduledTime: string;
  executionId: string;
  attemptNumber: number;
}

function contextOf(options: ScheduleInvocationOptions): SchedulerInvocationContext {
  return {
    scheduleArn: options.scheduleArn ?? arn('scheduler', `schedule/default/${options.scheduleName ?? 'test-schedule'}`, options),
    scheduledTime: isoSeconds(options.scheduledTime ?? new Date()),
    executionId: options.executionId ?? newExecutionId(),
    attemptNumber: options.attemptNumber ?? 1,
  };
}

/** A target's `Input` text with the context attributes replaced, as Scheduler does at each attempt. */
export function renderScheduleInput(input: string, context: SchedulerInvocationContext): string {
  return input
    .replaceAll(SchedulerContextAttributes.scheduleArn, context.scheduleArn)
    .replaceAll(SchedulerContextAttributes.scheduledTime, context.scheduledTime)
    .replaceAll(SchedulerContextAttributes.executionId, context.executionId)
    .replaceAll(SchedulerContextAttributes.attemptNumber, String(context.attemptNumber));
}

/**
 * What a Lambda target of an EventBridge Scheduler schedule with an `Input` receives: the input
 * itself (not an EventBridge envelope), with the context attributes replaced.
 *
 * @example
 * const event = scheduledInvocation(
 *   { job: 'expire-unpaid-orders', at: SchedulerContextAttributes.scheduledTime },
 *   { scheduledTime: new Date('2026-11-28T12:00:00Z') },
 * ); // { job: 'expire-unpaid-orders', at: '2026-11-28T12:00:00Z' }
 */
export function scheduledInvocation<T>(input: T, options: ScheduleInvocationOptions = {}): T {
  const text = renderScheduleInput(typeof input === 'string' ? input : JSON.stringify(input), contextOf(options));
  return (typeof input === 'string' ? text : JSON.parse(text)) as T;
}

/**
 * What a Lambda target of a schedule without `Input` receives ("EventBridge Scheduler delivers a default
 * notification to the target", API_Target): an EventBridge-shaped event from `aws.scheduler` whose `detail` is
 * the string `"{}"` (not an object), as captured from a Lambda target.
 */
export function schedulerEvent(options: ScheduleInvocationOptions & { id?: string } = {}): EventBridgeEvent<'Scheduled Event', string> {
  const context = contextOf(options);
  return eventBridgeEvent(
    { source: 'aws.scheduler', detailType: 'Scheduled Event', detail: '{}' },
    { ...options, time: new Date(context.scheduledTime), resources: [context.scheduleArn] },
  );
}
