/**
 * EventBridge Scheduler and scheduled EventBridge rules for the local runtime: rate, cron (AWS's dialect, with
 * `L`, `W`, `#` and the year field) and one-time at() expressions evaluated in IANA time zones with DST handled
 * as AWS documents it, fired on the runtime's clock with Scheduler's payloads, retry policy and dead letters.
 *
 * @example
 * import { SchedulerService, compileSchedule } from './local/scheduler/index.ts';
 *
 * const scheduler = new SchedulerService(topology, {
 *   accountId: topology.accountId, region: topology.region, clock,
 *   dispatch: { lambda, sqs, eventBus, rule: (rule, event) => bus.deliverToRuleTargets(rule, event) },
 *   onActivity: (activity) => liveLog.scheduler(activity),
 * });
 * scheduler.start();
 * const { outcome } = scheduler.fireNow('expire-unpaid-orders'); // the CLI's "fire a schedule now"
 * console.log(await outcome); // { status: 'delivered', attempts: 1 }
 *
 * compileSchedule('cron(0 2 ? * SUN#1 *)', { timezone: 'America/New_York' }).next(Date.now());
 */
export { SchedulerService } from './scheduler-service.ts';
export { FileLastFireStore } from './last-fire-store.ts';
export { compileSchedule, type CompiledSchedule, type ScheduleTiming } from './compiled-schedule.ts';
export { parseScheduleExpression, type ExpressionDialect, type RateUnit, type ScheduleExpression } from './schedule-expression.ts';
export { CONTEXT_ATTRIBUTES, DEAD_LETTER_ATTRIBUTES, DEFAULT_RETRY_POLICY } from './constants.ts';
export {
  InvalidScheduleExpressionError,
  InvalidScheduleSettingError,
  ScheduleNotFoundError,
  SchedulerConfigError,
  SchedulerStoppedError,
  TargetDeliveryError,
} from './errors.ts';
export type {
  DeliveryOutcome,
  FireReceipt,
  LastFireStore,
  PutEventsEntry,
  ScheduledEvent,
  ScheduledRule,
  ScheduleSummary,
  SchedulerActivity,
  SchedulerDispatch,
  SchedulerScheduleSpec,
  SchedulerServiceOptions,
} from './types.ts';
