import { randomUUID } from 'node:crypto';
import { systemClock, type Clock } from '../clock.ts';
import { compileSchedule, type CompiledSchedule } from './compiled-schedule.ts';
import { deliverInvocation, type ScheduleActivityBody } from './deliver-invocation.ts';
import { ScheduleNotFoundError, SchedulerConfigError, SchedulerStoppedError } from './errors.ts';
import { isoSeconds, newExecutionId, scheduledRuleEvent } from './payloads.ts';
import type {
  DeliveryOutcome,
  FireReceipt,
  ScheduleSummary,
  ScheduledEvent,
  ScheduledRule,
  SchedulerActivity,
  SchedulerDispatch,
  SchedulerScheduleSpec,
  SchedulerServiceOptions,
} from './types.ts';

/** A clock jump (a laptop waking up) fires what was due in the last minute, not every missed occurrence. */
const CATCH_UP_MS = 60_000;

/** Node's timers overflow past 2^31-1 ms (24.8 days) and fire at once; far-off fire times are slept towards in days. */
const MAX_SLEEP_MS = 86_400_000;

/** A schedule as the service keeps it: what `list()` reports of it, and how to fire it. */
interface Entry extends Omit<ScheduleSummary, 'nextFireTime' | 'lastFireTime'> {
  compiled: CompiledSchedule;
  schedule?: SchedulerScheduleSpec;
  rule?: ScheduledRule;
  nextMs?: number;
  lastFireMs?: number;
  /** The last scheduled fire time of a previous run (`lastFires`): the series continues after it. */
  resumedFromMs?: number;
  deleted: boolean;
}

/**
 * EventBridge Scheduler and scheduled EventBridge rules, locally, on an injectable clock: each ENABLED schedule
 * fires at the times its rate, cron or at() expression names in its time zone, within StartDate and EndDate;
 * targets get the schedule's Input with context attributes replaced (or Scheduler's default notification),
 * failures are retried under the retry policy and then dead-lettered with Scheduler's attributes. Scheduled
 * rules send the Scheduled Event to the rule's targets through `dispatch.rule`.
 *
 * @example
 * const scheduler = new SchedulerService(topology, {
 *   accountId: topology.accountId, region: topology.region, clock,
 *   dispatch: { lambda, sqs, eventBus, rule: (rule, event) => eventBridge.deliverToRuleTargets(rule, event) },
 *   onActivity: (activity) => liveLog.scheduler(activity),
 * });
 * scheduler.start();
 * scheduler.list(); // [{ name: 'expire-unpaid-orders', nextFireTime: '2026-01-01T00:05:00Z', … }]
 * const { outcome } = await scheduler.fireNow('expire-unpaid-orders');
 * await outcome; // { status: 'delivered', attempts: 1 }
 * await scheduler.stop();
 */
export class SchedulerService {
  #entries: Entry[] = [];
  #options: SchedulerServiceOptions;
  #clock: Clock;
  #abort = new AbortController();
  #inflight = new Set<Promise<DeliveryOutcome>>();
  #loops: Promise<void>[] = [];
  #startedAt?: number;
  #stopped = false;

  /** Compiles every expression; throws `SchedulerConfigError` naming each schedule AWS would reject. */
  constructor(topology: { schedules?: readonly SchedulerScheduleSpec[]; rules?: readonly ScheduledRule[] }, options: SchedulerServiceOptions) {
    this.#options = options;
    this.#clock = options.clock ?? systemClock;
    const problems: string[] = [];
    for (const schedule of topology.schedules ?? []) {
      const label = `schedule ${schedule.groupName}/${schedule.name}`;
      try {
        const compiled = compileSchedule(schedule.expression, {
          timezone: schedule.timezone,
          ...(schedule.startDate !== undefined && { startDate: schedule.startDate }),
          ...(schedule.endDate !== undefined && { endDate: schedule.endDate }),
        });
        problems.push(...missingDispatchers(label, schedule, options.dispatch));
        this.#entries.push({
          kind: 'schedule',
          name: schedule.name,
          groupName: schedule.groupName,
          arn: schedule.arn,
          expression: schedule.expression,
          timezone: compiled.timezone,
          state: schedule.state,
          targetArn: schedule.target.arn,
          compiled,
          schedule,
          deleted: false,
        });
      } catch (error) {
        problems.push(`${label}: ${(error as Error).message}`);
      }
    }
    for (const rule of topology.rules ?? []) {
      if (rule.scheduleExpression === undefined) continue;
      const label = `rule ${rule.eventBusName}/${rule.name}`;
      try {
        if (!options.dispatch.rule) problems.push(`${label}: scheduled rules need dispatch.rule to reach their targets`);
        this.#entries.push(ruleEntry(rule, rule.scheduleExpression));
      } catch (error) {
        problems.push(`${label}: ${(error as Error).message}`);
      }
    }
    if (problems.length > 0) throw new SchedulerConfigError(problems);
  }

  /**
   * A rule created or changed at runtime (PutRule, EnableRule, DisableRule): fired from now on when it is ENABLED
   * and has a `ScheduleExpression`, as EventBridge fires a rule as soon as it exists. A rule whose expression and
   * state did not change keeps its timing. The expression was checked by PutRule.
   *
   * @throws InvalidScheduleExpressionError for an expression a scheduled rule cannot have.
   */
  putScheduledRule(rule: ScheduledRule): void {
    const current = this.#ruleEntry(rule.name, rule.eventBusName);
    if (current && current.expression === rule.scheduleExpression && current.state === rule.state) {
      current.rule = rule;
      return;
    }
    const entry = rule.scheduleExpression === undefined ? undefined : ruleEntry(rule, rule.scheduleExpression);
    if (current) current.deleted = true;
    if (!entry) return;
    this.#entries.push(entry);
    if (this.#startedAt !== undefined && !this.#stopped && entry.state === 'ENABLED') this.#loops.push(this.#run(entry, this.#clock.now()));
  }

  /** A rule deleted at runtime (DeleteRule): it fires no more. */
  deleteScheduledRule(name: string, eventBusName: string): void {
    const entry = this.#ruleEntry(name, eventBusName);
    if (entry) entry.deleted = true;
  }

  #ruleEntry(name: string, eventBusName: string): Entry | undefined {
    return this.#entries.find((entry) => !entry.deleted && entry.kind === 'rule' && entry.name === name && entry.groupName === eventBusName);
  }

  /** Starts firing ENABLED schedules on the clock. A rate schedule without StartDate fires now, as a new schedule does on AWS. */
  start(): void {
    if (this.#startedAt !== undefined || this.#stopped) return;
    this.#startedAt = this.#clock.now();
    const lastFires = this.#options.lastFires?.load() ?? {};
    for (const entry of this.#entries) {
      const last = lastFires[entryKey(entry)];
      if (last !== undefined) entry.lastFireMs = entry.resumedFromMs = last;
    }
    for (const entry of this.#entries) {
      if (entry.state === 'ENABLED') this.#loops.push(this.#run(entry));
    }
  }

  /** Every schedule and scheduled rule with its next fire time (computed from now when not started). */
  list(): ScheduleSummary[] {
    const now = this.#clock.now();
    return this.#entries
      .filter((entry) => !entry.deleted)
      .map((entry) => {
        const next =
          entry.state !== 'ENABLED' ? undefined : this.#startedAt !== undefined ? entry.nextMs : entry.compiled.next(now - 1, this.#rateAnchor(entry, now));
        return {
          kind: entry.kind,
          name: entry.name,
          groupName: entry.groupName,
          arn: entry.arn,
          expression: entry.expression,
          timezone: entry.timezone,
          state: entry.state,
          targetArn: entry.targetArn,
          ...(next !== undefined && { nextFireTime: isoSeconds(next) }),
          ...(entry.lastFireMs !== undefined && { lastFireTime: isoSeconds(entry.lastFireMs) }),
        };
      });
  }

  /**
   * Fires a schedule (or scheduled rule) once, now, whatever its state: the CLI's "fire a schedule now". The
   * scheduled time is now; the receipt's `outcome` settles when delivery ends, retries included.
   */
  fireNow(name: string, options: { groupName?: string } = {}): FireReceipt {
    if (this.#stopped) throw new SchedulerStoppedError();
    const matches = this.#entries.filter(
      (entry) => !entry.deleted && entry.name === name && (options.groupName === undefined || entry.groupName === options.groupName),
    );
    const [entry] = matches;
    if (!entry)
      throw new ScheduleNotFoundError(
        name,
        this.#entries.filter((e) => !e.deleted).map((e) => `${e.groupName}/${e.name}`),
      );
    if (matches.length > 1) {
      throw new ScheduleNotFoundError(
        `${name} (ambiguous: give groupName)`,
        matches.map((e) => `${e.groupName}/${e.name}`),
      );
    }
    return this.#fire(entry, this.#clock.now(), true);
  }

  /** Resolves when no delivery is running or waiting to retry. */
  async drained(): Promise<void> {
    while (this.#inflight.size > 0) await Promise.allSettled([...this.#inflight]);
  }

  /** Stops firing; deliveries waiting to retry are abandoned. Resolves once everything has wound down. */
  async stop(): Promise<void> {
    this.#stopped = true;
    this.#abort.abort(new SchedulerStoppedError());
    await Promise.allSettled(this.#loops);
    await this.drained();
  }

  #rateAnchor(entry: Entry, from: number): number | undefined {
    if (entry.compiled.expression.type !== 'rate') return undefined;
    // A new schedule without StartDate "starts invoking its target immediately"; a new scheduled rule first
    // fires one interval after it is created.
    return entry.kind === 'schedule' ? from : from + entry.compiled.expression.intervalMs;
  }

  async #run(entry: Entry, from?: number): Promise<void> {
    const startedAt = from ?? this.#startedAt ?? this.#clock.now();
    const resumed = entry.resumedFromMs;
    // A resumed series keeps its rhythm; what fell due while the runtime was stopped fires once if within the
    // last minute, as after a clock jump.
    const anchor = resumed !== undefined && entry.compiled.expression.type === 'rate' ? resumed : this.#rateAnchor(entry, startedAt);
    let after = resumed === undefined ? startedAt - 1 : Math.max(resumed, startedAt - CATCH_UP_MS);
    while (!this.#stopped && !entry.deleted) {
      const next = entry.compiled.next(after, anchor);
      if (next === undefined) {
        delete entry.nextMs;
        return;
      }
      entry.nextMs = next;
      try {
        do {
          await this.#clock.sleep(Math.min(MAX_SLEEP_MS, Math.max(0, next - this.#clock.now())), this.#abort.signal);
        } while (this.#clock.now() < next);
      } catch {
        return;
      }
      if (entry.deleted) return;
      this.#fire(entry, next, false);
      this.#options.lastFires?.save(entryKey(entry), next);
      after = Math.max(next, this.#clock.now() - CATCH_UP_MS);
    }
  }

  #fire(entry: Entry, scheduledMs: number, manual: boolean): FireReceipt {
    entry.lastFireMs = scheduledMs;
    const scheduledTime = isoSeconds(scheduledMs);
    const report = (activity: ScheduleActivityBody) => this.#report(entry, activity);
    let executionId: string;
    let delivery: Promise<DeliveryOutcome>;
    if (entry.rule) {
      const event = scheduledRuleEvent({ accountId: this.#options.accountId, region: this.#options.region, ruleArn: entry.arn, time: scheduledTime });
      executionId = event.id;
      report({ type: 'fired', executionId, scheduledTime, manual, targetArn: entry.targetArn });
      delivery = this.#deliverRule(entry.rule, event, this.#options.dispatch);
    } else {
      const schedule = entry.schedule as SchedulerScheduleSpec;
      executionId = newExecutionId();
      report({ type: 'fired', executionId, scheduledTime, manual, targetArn: entry.targetArn });
      delivery = this.#deliverSchedule(entry, schedule, executionId, scheduledMs, manual, report);
    }
    const outcome = delivery.finally(() => this.#inflight.delete(outcome));
    this.#inflight.add(outcome);
    return { executionId, scheduledTime, outcome };
  }

  async #deliverSchedule(
    entry: Entry,
    schedule: SchedulerScheduleSpec,
    executionId: string,
    scheduledMs: number,
    manual: boolean,
    report: (activity: ScheduleActivityBody) => void,
  ): Promise<DeliveryOutcome> {
    const window = schedule.flexibleTimeWindow;
    if (!manual && window.mode === 'FLEXIBLE' && window.maximumWindowInMinutes) {
      // FLEXIBLE: Scheduler invokes the target at some point within the window after the scheduled time.
      const delay = Math.floor((this.#options.random ?? Math.random)() * window.maximumWindowInMinutes * 60_000);
      try {
        await this.#clock.sleep(delay, this.#abort.signal);
      } catch {
        return { status: 'abandoned', attempts: 0 };
      }
    }
    const outcome = await deliverInvocation(
      { schedule, executionId, scheduledTimeMs: scheduledMs, notificationId: randomUUID() },
      {
        accountId: this.#options.accountId,
        region: this.#options.region,
        dispatch: this.#options.dispatch,
        clock: this.#clock,
        signal: this.#abort.signal,
        report,
      },
    );
    if (!manual && entry.compiled.expression.type === 'at') {
      const action = schedule.actionAfterCompletion ?? 'NONE';
      if (action === 'DELETE') entry.deleted = true;
      report({ type: 'completed', actionAfterCompletion: action });
    }
    return outcome;
  }

  async #deliverRule(rule: ScheduledRule, event: ScheduledEvent, dispatch: SchedulerDispatch): Promise<DeliveryOutcome> {
    // Retries and DLQs of rule targets belong to the bus's delivery; a rejection here is reported as such.
    try {
      await dispatch.rule?.(rule, event);
      return { status: 'delivered', attempts: 1 };
    } catch (error) {
      return { status: 'dropped', attempts: 1, errorCode: error instanceof Error ? error.name : 'Error' };
    }
  }

  #report(entry: Entry, activity: ScheduleActivityBody): void {
    this.#options.onActivity?.({
      at: this.#clock.now(),
      kind: entry.kind,
      name: entry.name,
      groupName: entry.groupName,
      arn: entry.arn,
      ...activity,
    } as SchedulerActivity);
  }
}

/** A scheduled rule as the service keeps it. Scheduled rules run in UTC only. */
function ruleEntry(rule: ScheduledRule, expression: string): Entry {
  return {
    kind: 'rule',
    name: rule.name,
    groupName: rule.eventBusName,
    arn: rule.arn,
    expression,
    timezone: 'UTC',
    state: rule.state,
    targetArn: (rule.targets ?? []).map((target) => target.arn).join(', '),
    compiled: compileSchedule(expression, { dialect: 'rule' }),
    rule,
    deleted: false,
  };
}

const entryKey = (entry: Entry) => `${entry.kind === 'rule' ? 'rule:' : ''}${entry.groupName}/${entry.name}`;

function missingDispatchers(label: string, schedule: SchedulerScheduleSpec, dispatch: SchedulerDispatch): string[] {
  const needed: Partial<Record<SchedulerScheduleSpec['target']['kind'], keyof SchedulerDispatch>> = {
    lambda: 'lambda',
    sqs: 'sqs',
    'event-bus': 'eventBus',
    kinesis: 'kinesis',
  };
  const problems: string[] = [];
  const dispatcher = needed[schedule.target.kind];
  if (dispatcher && !dispatch[dispatcher]) problems.push(`${label}: its ${schedule.target.kind} target needs dispatch.${dispatcher}`);
  if (schedule.target.deadLetterArn !== undefined && !dispatch.sqs) problems.push(`${label}: its dead-letter queue needs dispatch.sqs`);
  return problems;
}
