import { ManualClock, type Clock } from '../../../clock.ts';
import {
  EventBridgeService,
  type EventBridgeActivity,
  type EventBridgeServiceOptions,
  type EventBridgeTopology,
  type MessageAttribute,
} from '../../../eventbridge/index.ts';

/** One call the service made to a target, as the dispatcher saw it. */
export interface TargetCall {
  kind: 'lambda' | 'sqs' | 'kinesis' | 'event-bus';
  arn: string;
  /** Payload, body or data, exactly as sent. */
  payload: string;
  partitionKey?: string;
  messageGroupId?: string;
  messageAttributes?: Record<string, MessageAttribute>;
  /** For event-bus targets: the event object handed over. */
  event?: unknown;
}

export interface Harness {
  service: EventBridgeService;
  clock: ManualClock;
  /** Every successful call, in order. */
  calls: TargetCall[];
  callsTo(arn: string): TargetCall[];
  /** Bodies sent to `arn`, parsed as JSON. */
  jsonTo(arn: string): unknown[];
  activities: EventBridgeActivity[];
  activitiesOf<T extends EventBridgeActivity['type']>(type: T): Extract<EventBridgeActivity, { type: T }>[];
  /** Makes calls to `arn` fail: `failures` errors in a row, then succeed (Infinity: always fail). */
  failCalls(arn: string, error: () => unknown, failures?: number): void;
}

/**
 * An EventBridge service over a recording dispatcher and a ManualClock (unless given another clock).
 * Jitter is 0 unless `random` is given, so the n-th retry waits exactly half its backoff step.
 */
export function harness(
  topology: EventBridgeTopology,
  options: Partial<Omit<EventBridgeServiceOptions, 'targets' | 'clock'>> & { clock?: Clock } = {},
): Harness {
  const clock = (options.clock as ManualClock | undefined) ?? new ManualClock(Date.UTC(2026, 0, 15, 12, 0, 0));
  const calls: TargetCall[] = [];
  const activities: EventBridgeActivity[] = [];
  const failing = new Map<string, { error: () => unknown; remaining: number }>();

  const record = async (call: TargetCall): Promise<void> => {
    const failure = failing.get(call.arn);
    if (failure && failure.remaining > 0) {
      failure.remaining -= 1;
      throw failure.error();
    }
    calls.push(call);
  };

  const service = new EventBridgeService(topology, {
    random: () => 0,
    ...options,
    clock,
    onActivity: (activity) => {
      activities.push(activity);
      options.onActivity?.(activity);
    },
    targets: {
      lambda: (arn, payload) => record({ kind: 'lambda', arn, payload }),
      sqs: (arn, body, { messageGroupId, messageAttributes }) =>
        record({
          kind: 'sqs',
          arn,
          payload: body,
          ...(messageGroupId === undefined ? {} : { messageGroupId }),
          ...(messageAttributes ? { messageAttributes } : {}),
        }),
      kinesis: (arn, data, partitionKey) => record({ kind: 'kinesis', arn, payload: data, partitionKey }),
      eventBus: (arn, event) => record({ kind: 'event-bus', arn, payload: JSON.stringify(event), event }),
    },
  });

  return {
    service,
    clock,
    calls,
    callsTo: (arn) => calls.filter((call) => call.arn === arn),
    jsonTo: (arn) => calls.filter((call) => call.arn === arn).map((call) => JSON.parse(call.payload) as unknown),
    activities,
    activitiesOf: <T extends EventBridgeActivity['type']>(type: T) =>
      activities.filter((activity): activity is Extract<EventBridgeActivity, { type: T }> => activity.type === type),
    failCalls: (arn, error, failures = Number.POSITIVE_INFINITY) => failing.set(arn, { error, remaining: failures }),
  };
}
