/*
 * EventBridge facts the local service relies on, once, with the page that states them.
 * Limits shared with the publishers (entries per call, request size) live in shared/publishing/limits.ts.
 */

/** Every account and region has this bus; rules without `EventBusName` are on it. */
export const DEFAULT_EVENT_BUS = 'default';

/** Sources only AWS services may put events with: `aws.s3`, `aws.events`, ... */
export const AWS_SOURCE_PREFIX = 'aws.';

/**
 * The field EventBridge adds to an event it replays from an archive, holding the replay's name; archives skip such
 * events, so a replay is never archived again.
 * https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-archive.html
 */
export const REPLAY_NAME_FIELD = 'replay-name';

/**
 * Retry policy of a target when none is set: 185 retries over 24 hours.
 * https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-rule-retry-policy.html
 */
export const DEFAULT_RETRY_POLICY = { maximumRetryAttempts: 185, maximumEventAgeInSeconds: 86_400 } as const;

/** `RetryPolicy` bounds (API_RetryPolicy): attempts 0 to 185, age 60 to 86,400 seconds. */
export const RETRY_POLICY_LIMITS = {
  maximumRetryAttempts: { min: 0, max: 185 },
  maximumEventAgeInSeconds: { min: 60, max: 86_400 },
} as const;

/**
 * AWS documents "exponential back off and jitter" without the numbers. Ours: the n-th retry waits between half and
 * all of min(1 s × 2^(n-1), 10 min). With AWS's default 185 retries that spreads over about 22 hours, in line with
 * the documented 24-hour default window.
 */
export const RETRY_BACKOFF = { baseMs: 1_000, maxMs: 600_000 } as const;

/**
 * Message attributes EventBridge sets on an event it sends to a target's dead-letter queue.
 * https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-rule-dlq.html
 */
export const DEAD_LETTER_ATTRIBUTES = {
  ruleArn: 'RULE_ARN',
  targetArn: 'TARGET_ARN',
  errorCode: 'ERROR_CODE',
  errorMessage: 'ERROR_MESSAGE',
  /** Only when retries ran out: `MaximumRetryAttempts` or `MaximumEventAgeInSeconds`. */
  exhaustedRetryCondition: 'EXHAUSTED_RETRY_CONDITION',
  retryAttempts: 'RETRY_ATTEMPTS',
} as const;

/** Predefined input-transformer variables. https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-transform-target-input.html */
export const PREDEFINED_VARIABLES = {
  ruleArn: 'aws.events.rule-arn',
  ruleName: 'aws.events.rule-name',
  ingestionTime: 'aws.events.event.ingestion-time',
  event: 'aws.events.event',
  eventJson: 'aws.events.event.json',
} as const;

/** Fields TestEventPattern requires in its `Event` (AWS accepts an event without `resources` or `detail`). */
export const TEST_EVENT_REQUIRED_FIELDS = ['id', 'account', 'source', 'time', 'region', 'detail-type'] as const;

/** `Limit` of the List* actions (1 to 100). */
export const LIST_LIMIT_MAX = 100;

/** Targets per `PutTargets` call, and per rule. https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-quota.html */
export const TARGETS_PER_RULE = 5;
export const PUT_TARGETS_MAX_TARGETS = 10;

/** Default `source-ip-address` and `requester` of local S3 events when the caller does not say. */
export const LOCAL_SOURCE_IP = '127.0.0.1';
