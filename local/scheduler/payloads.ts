import { schedulerEvent, scheduledRuleEvent as ruleEvent } from '../aws/events/index.ts';
import type { ScheduledEvent } from './types.ts';

export { isoSeconds, newExecutionId, renderScheduleInput as renderInput, type SchedulerInvocationContext as InvocationContext } from '../aws/events/index.ts';

/**
 * What a target gets when the schedule has no `Input` ("EventBridge Scheduler delivers a default notification
 * to the target", API_Target), as the JSON text delivered.
 */
export function defaultNotification(input: { accountId: string; region: string; scheduleArn: string; scheduledTime: string; id: string }): string {
  return JSON.stringify(
    schedulerEvent({
      id: input.id,
      account: input.accountId,
      region: input.region,
      scheduleArn: input.scheduleArn,
      scheduledTime: new Date(input.scheduledTime),
    }),
  );
}

/** The event a scheduled EventBridge rule sends: https://docs.aws.amazon.com/eventbridge/latest/userguide/event-reference.html */
export function scheduledRuleEvent(input: { accountId: string; region: string; ruleArn: string; time: string }): ScheduledEvent {
  return ruleEvent({ account: input.accountId, region: input.region, ruleArn: input.ruleArn, time: new Date(input.time) }) as ScheduledEvent;
}
