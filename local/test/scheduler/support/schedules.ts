import type { MessageAttribute } from '../../../lambda/types.ts';
import type { PutEventsEntry, ScheduledEvent, ScheduledRule, SchedulerActivity, SchedulerDispatch, SchedulerScheduleSpec } from '../../../scheduler/index.ts';
import type { RuleSpec } from '../../../topology/types.ts';

export const ACCOUNT = '000000000000';
export const REGION = 'us-east-1';
export const FUNCTION_ARN = `arn:aws:lambda:${REGION}:${ACCOUNT}:function:expire-orders`;
export const QUEUE_ARN = `arn:aws:sqs:${REGION}:${ACCOUNT}:jobs`;
export const DLQ_ARN = `arn:aws:sqs:${REGION}:${ACCOUNT}:schedule-dlq`;
export const BUS_ARN = `arn:aws:events:${REGION}:${ACCOUNT}:event-bus/eventful`;

type ScheduleOverrides = Partial<Omit<SchedulerScheduleSpec, 'target'>> & { target?: Partial<SchedulerScheduleSpec['target']> };

/** A schedule as the loader builds it: a Lambda target, AWS's default retry policy, UTC, enabled. */
export function scheduleSpec(overrides: ScheduleOverrides = {}): SchedulerScheduleSpec {
  const name = overrides.name ?? 'expire-orders';
  const groupName = overrides.groupName ?? 'default';
  return {
    stackName: 'Eventful',
    logicalId: 'ExpireOrdersSchedule',
    name,
    groupName,
    arn: `arn:aws:scheduler:${REGION}:${ACCOUNT}:schedule/${groupName}/${name}`,
    expression: 'rate(5 minutes)',
    timezone: 'UTC',
    state: 'ENABLED',
    flexibleTimeWindow: { mode: 'OFF' },
    ...overrides,
    target: {
      arn: FUNCTION_ARN,
      kind: 'lambda',
      retryPolicy: { maximumRetryAttempts: 185, maximumEventAgeInSeconds: 86_400 },
      ...overrides.target,
    },
  };
}

export function scheduledRuleSpec(overrides: Partial<RuleSpec> = {}): RuleSpec {
  const name = overrides.name ?? 'nightly-report';
  return {
    stackName: 'Eventful',
    logicalId: 'NightlyReportRule',
    name,
    arn: `arn:aws:events:${REGION}:${ACCOUNT}:rule/${name}`,
    eventBusName: 'default',
    scheduleExpression: 'cron(0 3 * * ? *)',
    state: 'ENABLED',
    targets: [{ id: 'Target0', arn: FUNCTION_ARN, kind: 'lambda', retryPolicy: { maximumRetryAttempts: 185, maximumEventAgeInSeconds: 86_400 } }],
    ...overrides,
  };
}

export interface LambdaCall {
  functionArn: string;
  payload: unknown;
  invocationType: string;
}

export interface SqsCall {
  queueArn: string;
  body: string;
  messageGroupId?: string;
  messageAttributes?: Record<string, MessageAttribute>;
}

/**
 * Dispatchers that record what reaches them; `failLambda(n)` makes the next n Lambda invokes reject the way
 * the Invoke API does (an error with a `code`).
 */
export function recordingDispatch() {
  const lambdaCalls: LambdaCall[] = [];
  const sqsCalls: SqsCall[] = [];
  const putEvents: { eventBusArn: string; entries: PutEventsEntry[] }[] = [];
  const kinesisCalls: { streamArn: string; data: string; partitionKey: string }[] = [];
  const ruleCalls: { rule: ScheduledRule; event: ScheduledEvent }[] = [];
  let lambdaFailures = 0;
  const dispatch: SchedulerDispatch = {
    lambda: {
      invoke: async (functionArn, payload, options) => {
        lambdaCalls.push({ functionArn, payload, invocationType: options.invocationType });
        if (lambdaFailures > 0) {
          lambdaFailures -= 1;
          throw Object.assign(new Error('Rate Exceeded.'), { code: 'TooManyRequestsException' });
        }
        return { statusCode: 202 };
      },
    },
    sqs: {
      sendMessage: async (queueArn, body, options = {}) => {
        sqsCalls.push({ queueArn, body, ...options });
      },
    },
    eventBus: {
      putEvents: async (eventBusArn, entries) => {
        putEvents.push({ eventBusArn, entries });
      },
    },
    kinesis: {
      putRecord: async (streamArn, data, partitionKey) => {
        kinesisCalls.push({ streamArn, data, partitionKey });
      },
    },
    rule: async (rule, event) => {
      ruleCalls.push({ rule, event });
    },
  };
  return {
    dispatch,
    lambdaCalls,
    sqsCalls,
    putEvents,
    kinesisCalls,
    ruleCalls,
    failLambda: (times: number) => {
      lambdaFailures = times;
    },
  };
}

export function activityLog() {
  const activities: SchedulerActivity[] = [];
  return {
    activities,
    onActivity: (activity: SchedulerActivity) => activities.push(activity),
    ofType: <T extends SchedulerActivity['type']>(type: T) => activities.filter((a): a is Extract<SchedulerActivity, { type: T }> => a.type === type),
  };
}
