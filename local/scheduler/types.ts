import type { Clock } from '../clock.ts';
import type { MessageAttribute } from '../lambda/types.ts';
import type { RuleSpec, ScheduleSpec, TargetSpec } from '../topology/types.ts';

/**
 * A schedule as the template loader gives it (its target's `SqsParameters`, `KinesisParameters` and
 * `EventBridgeParameters` under the loader's names), plus the completion action of the Scheduler API.
 */
export type SchedulerScheduleSpec = ScheduleSpec & {
  /** One-time schedules only: `DELETE` removes the schedule once its invocation is done. @default 'NONE' */
  actionAfterCompletion?: 'NONE' | 'DELETE';
};

/** The Scheduled Event a scheduled EventBridge rule sends its targets. https://docs.aws.amazon.com/eventbridge/latest/userguide/event-reference.html */
export interface ScheduledEvent {
  version: '0';
  id: string;
  'detail-type': 'Scheduled Event';
  source: 'aws.events';
  account: string;
  time: string;
  region: string;
  resources: string[];
  detail: Record<string, never>;
}

export interface PutEventsEntry {
  source: string;
  detailType: string;
  /** JSON text. */
  detail: string;
  resources: string[];
  time: string;
}

/**
 * How the Scheduler reaches targets, provided by the runtime. A rejection is a failed delivery: retried under
 * the schedule's retry policy, then dead-lettered. Only the kinds a topology uses need to be present.
 */
export interface SchedulerDispatch {
  /** Lambda's Invoke API; Scheduler invokes asynchronously (`Event`). */
  lambda?: { invoke(functionNameOrArn: string, payload: unknown, options: { invocationType: 'Event' }): Promise<unknown> };
  sqs?: {
    sendMessage(queueArn: string, body: string, options?: { messageGroupId?: string; messageAttributes?: Record<string, MessageAttribute> }): Promise<unknown>;
  };
  /** PutEvents with one entry; reject when the entry failed. */
  eventBus?: { putEvents(eventBusArn: string, entries: PutEventsEntry[]): Promise<unknown> };
  kinesis?: { putRecord(streamArn: string, data: string, partitionKey: string): Promise<unknown> };
  /**
   * A scheduled rule fired: hand its Scheduled Event to the rule's targets the way the bus does (input
   * shaping, retry policy, DLQ). Required when the topology has enabled scheduled rules.
   */
  rule?: (rule: ScheduledRule, event: ScheduledEvent) => Promise<unknown>;
}

/**
 * A scheduled EventBridge rule: one from the template (a `RuleSpec`), or one created at runtime through PutRule,
 * whose targets come later (PutTargets) and live with the bus.
 */
export type ScheduledRule = Pick<RuleSpec, 'name' | 'eventBusName' | 'arn' | 'scheduleExpression' | 'state'> & { targets?: readonly Pick<TargetSpec, 'arn'>[] };

export interface SchedulerServiceOptions {
  accountId: string;
  region: string;
  dispatch: SchedulerDispatch;
  /** @default systemClock */
  clock?: Clock;
  onActivity?: (activity: SchedulerActivity) => void;
  /** Picks the delay inside a FLEXIBLE time window; returns [0, 1). @default Math.random */
  random?: () => number;
  /**
   * Keeps each schedule's last scheduled fire time beyond the run (`FileLastFireStore`), so a restart continues
   * its series instead of starting a new one (a rate schedule does not fire again at start; a one-time schedule
   * that fired does not fire again). @default in memory
   */
  lastFires?: LastFireStore;
}

/** Last scheduled fire times by `<group>/<name>` (scheduled rules: `<bus>/<rule>`), epoch milliseconds. */
export interface LastFireStore {
  load(): Record<string, number>;
  /** Written before the call returns. */
  save(key: string, firedAtMs: number): void;
}

/** How one invocation of a schedule ended. */
export type DeliveryOutcome =
  | { status: 'delivered'; attempts: number }
  | { status: 'dead-lettered'; attempts: number; errorCode: string; deadLetterArn: string }
  /** Retries exhausted and no dead-letter queue (or it could not take the message): the event is gone. */
  | { status: 'dropped'; attempts: number; errorCode: string }
  /** The service stopped first. */
  | { status: 'abandoned'; attempts: number };

export interface FireReceipt {
  executionId: string;
  /** ISO 8601 to the second, as `<aws.scheduler.scheduled-time>` renders it. */
  scheduledTime: string;
  /** Settles when delivery ends, retries included; never rejects. */
  outcome: Promise<DeliveryOutcome>;
}

export interface ScheduleSummary {
  kind: 'schedule' | 'rule';
  name: string;
  /** Schedule group, or the rule's event bus. */
  groupName: string;
  arn: string;
  expression: string;
  timezone: string;
  state: 'ENABLED' | 'DISABLED';
  targetArn: string;
  /** ISO 8601; absent when disabled, finished or past its EndDate. */
  nextFireTime?: string;
  lastFireTime?: string;
}

export type SchedulerActivity = {
  at: number;
  kind: 'schedule' | 'rule';
  name: string;
  groupName: string;
  arn: string;
} & (
  | { type: 'fired'; executionId: string; scheduledTime: string; manual: boolean; targetArn: string }
  | { type: 'delivered'; executionId: string; attempt: number; targetArn: string }
  | { type: 'attempt-failed'; executionId: string; attempt: number; errorCode: string; errorMessage: string; retryInMs?: number }
  | { type: 'dead-lettered'; executionId: string; attempts: number; errorCode: string; deadLetterArn: string }
  | { type: 'dead-letter-failed'; executionId: string; deadLetterArn: string; error: string }
  | { type: 'dropped'; executionId: string; attempts: number; errorCode: string }
  /** A one-time schedule finished; `DELETE` removed it. */
  | { type: 'completed'; actionAfterCompletion: 'NONE' | 'DELETE' }
);
