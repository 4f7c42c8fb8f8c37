import type { Chaos } from '../chaos/chaos.ts';
import type { DeliveryStore } from './target-deliveries.ts';
import type { Clock } from '../clock.ts';
import type { ArchiveSpec, BucketSpec, EventBusSpec, RuleSpec } from '../topology/types.ts';
import type { TargetErrorCode } from './errors.ts';

/**
 * An event as EventBridge delivers it. Keys are in AWS's order (`version`, `id`, `detail-type`, `source`,
 * `account`, `time`, `region`, `replay-name` when replayed, `resources`, `detail`), so the JSON text matches.
 */
export interface EventEnvelope {
  version: string;
  id: string;
  'detail-type': string;
  source: string;
  account: string;
  /** ISO-8601 UTC with seconds precision, e.g. `2026-01-01T00:00:00Z`. */
  time: string;
  region: string;
  'replay-name'?: string;
  resources: string[];
  detail: Record<string, unknown>;
}

/** The part of the topology the EventBridge service is built from. */
export interface EventBridgeTopology {
  accountId: string;
  region: string;
  eventBuses: EventBusSpec[];
  rules: RuleSpec[];
  archives: ArchiveSpec[];
  buckets: BucketSpec[];
}

/** One SQS message attribute, as EventBridge sets them on dead letters. */
export interface MessageAttribute {
  dataType: 'String' | 'Number';
  stringValue: string;
}

/**
 * How the service reaches targets, provided by the runtime. A rejection is a failed delivery: throw a
 * `TargetDeliveryError` to say whether it is retriable; other errors are classified by their AWS error name.
 * Payloads are the exact text EventBridge sends (JSON for the whole event or a JSON template, any text for a
 * string template).
 */
export interface TargetDispatcher {
  /** Asynchronous (`Event`) invocation: resolves once Lambda has accepted the event. */
  lambda(functionArn: string, payload: string): Promise<void>;
  sqs(queueArn: string, body: string, options: { messageGroupId?: string; messageAttributes?: Record<string, MessageAttribute> }): Promise<void>;
  kinesis(streamArn: string, data: string, partitionKey: string): Promise<void>;
  /** Another bus: `event` is the envelope (or what the target's input settings made of it). */
  eventBus(busArn: string, event: unknown): Promise<void>;
}

/** A target of a matched rule, as named in activity records. */
export interface TargetRef {
  ruleName: string;
  ruleArn: string;
  targetId: string;
  targetArn: string;
}

/**
 * A rule created, changed or deleted at runtime (PutRule, DeleteRule, EnableRule, DisableRule): what a scheduler
 * needs to fire the rules that carry a `ScheduleExpression`.
 */
export type RuleChange =
  | { type: 'put'; rule: { name: string; eventBusName: string; arn: string; scheduleExpression?: string; state: 'ENABLED' | 'DISABLED' } }
  | { type: 'deleted'; name: string; eventBusName: string };

/** Why retries stopped: the name AWS writes in `EXHAUSTED_RETRY_CONDITION`. */
export type ExhaustedRetryCondition = 'MaximumRetryAttempts' | 'MaximumEventAgeInSeconds';

interface ActivityBase {
  /** Service clock time. */
  at: number;
  eventId: string;
  busName: string;
  /** `detail.metadata.correlationId` when the event carries one. */
  correlationId?: string;
}

/** A structured account of what flows, for the live log: event → rules → targets → outcome. */
export type EventBridgeActivity =
  | (ActivityBase &
      /** `event` is the envelope as rules and targets see it. */
      (
        | { type: 'received'; source: string; detailType: string; replayName?: string; event: EventEnvelope }
        /** Rule names, in the order the rules were created; empty when nothing matched. */
        | { type: 'matched'; rules: string[] }
        | { type: 'archived'; archiveName: string }
        | ({ type: 'delivered'; attempt: number } & TargetRef)
        | ({ type: 'retry-scheduled'; attempt: number; delayMs: number; errorCode: TargetErrorCode; errorMessage: string } & TargetRef)
        | ({
            type: 'dead-lettered';
            deadLetterArn: string;
            errorCode: TargetErrorCode;
            errorMessage: string;
            exhaustedRetryCondition?: ExhaustedRetryCondition;
          } & TargetRef)
        /** Nowhere to go: no DLQ, as AWS drops it (only its `FailedInvocations`/`InvocationsFailedToBeSentToDLQ` metrics tell). */
        | ({
            type: 'dropped';
            reason: ExhaustedRetryCondition | 'non-retriable' | 'dead-letter-failed' | 'invalid-input';
            errorCode: TargetErrorCode;
            errorMessage: string;
          } & TargetRef)
        /** PutEvents named a bus that does not exist: AWS accepts the entry (it gets an EventId) and drops the event. */
        | { type: 'bus-not-found' }
      ))
  | { type: 'replay-state'; at: number; replayName: string; busName: string; state: ReplayState; eventsReplayed: number };

export type ReplayState = 'STARTING' | 'RUNNING' | 'CANCELLING' | 'COMPLETED' | 'CANCELLED' | 'FAILED';

export interface EventBridgeServiceOptions {
  /** Drives retry backoff, maximum event age, archive retention and `time` of events. @default systemClock */
  clock?: Clock;
  targets: TargetDispatcher;
  onActivity?: (activity: EventBridgeActivity) => void;
  /** Jitter source, in [0, 1). @default Math.random */
  random?: () => number;
  /**
   * What `PutEvents` answers for a bus that does not exist. AWS answers with an `EventId` and drops the event
   * (https://github.com/aws/aws-cli/issues/9186); `reject` fails the entry instead, which catches typos early.
   * @default 'accept'
   */
  unknownEventBus?: 'accept' | 'reject';
  /** Time between the one-minute slices of a replay, on the clock. AWS takes minutes; 0 replays at once. @default 0 */
  replaySliceDelayMs?: number;
  /**
   * Archives keep their events in `<archiveDir>/<archive name>.jsonl` and load them at start, so a restart keeps
   * them (`--persist`). @default in memory
   */
  archiveDir?: string;
  /**
   * Keeps every target delivery from PutEvents' answer to its end (`FileDeliveryStore`), so a kill in between loses
   * nothing: `resumeDeliveries` makes them after a restart. @default in memory
   */
  deliveryStore?: DeliveryStore;
  /** `--chaos`: per-entry PutEvents failures and duplicate deliveries. @default none (no fault, no cost) */
  chaos?: Chaos;
}
