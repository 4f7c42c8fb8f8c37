import type { EventBridgeService } from '../eventbridge/index.ts';
import type { SchedulerService } from '../scheduler/index.ts';

/**
 * Rules created, changed or deleted at runtime (PutRule, EnableRule, DisableRule, DeleteRule) reach the scheduler,
 * so a rule put with a `ScheduleExpression` fires like one from the template. Returns the unsubscribe function.
 */
export function scheduleRuntimeRules(events: EventBridgeService, scheduler: SchedulerService): () => void {
  return events.onRuleChange((change) => {
    if (change.type === 'put') scheduler.putScheduledRule(change.rule);
    else scheduler.deleteScheduledRule(change.name, change.eventBusName);
  });
}
