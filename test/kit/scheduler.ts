import type { EventBridgeEvent } from 'aws-lambda';
import { arn, hex, isoSeconds, type Placement } from './aws.ts';
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
  /** @default 16 random hex characters, like `d32c5kddcf5bb8c3` */
  executionId?: string;
  /** @default 1 */
  attemptNumber?: number;
}

function contextOf(options: ScheduleInvocationOptions) {
  return {
    scheduleArn: options.scheduleArn ?? arn('scheduler', `schedule/default/${options.scheduleName ?? 'test-schedule'}`, options),
    scheduledTime: isoSeconds(options.scheduledTime ?? new Date()),
    executionId: options.executionId ?? hex(16),
    attemptNumber: options.attemptNumber ?? 1,
  };
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
  const context = contextOf(options);
  let text = typeof input === 'string' ? input : JSON.stringify(input);
  for (const [name, placeholder] of Object.entries(SchedulerContextAttributes)) {
    text = text.replaceAll(placeholder, String(context[name as keyof typeof context]));
  }
  return (typeof input === 'string' ? text : JSON.parse(text)) as T;
}

/**
 * What a Lambda target of a schedule without `Input` receives: Scheduler's default notification,
 * an EventBridge-shaped event from `aws.scheduler` whose `detail` is the string `"{}"` (not an object).
 */
export function schedulerEvent(options: ScheduleInvocationOptions & { id?: string } = {}): EventBridgeEvent<'Scheduled Event', string> {
  const context = contextOf(options);
  return eventBridgeEvent(
    { source: 'aws.scheduler', detailType: 'Scheduled Event', detail: '{}' },
    { ...options, time: new Date(context.scheduledTime), resources: [context.scheduleArn] },
  );
}
