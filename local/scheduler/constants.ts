/**
 * EventBridge Scheduler's numbers, each with the page that states it.
 */

/** https://docs.aws.amazon.com/scheduler/latest/APIReference/API_RetryPolicy.html: 185 attempts over 24 hours. */
export const DEFAULT_RETRY_POLICY = { maximumRetryAttempts: 185, maximumEventAgeInSeconds: 86_400 } as const;

/**
 * "Retry attempts with exponential backoff" (API_RetryPolicy); AWS does not publish the intervals. Locally:
 * 1 s doubling per attempt, capped at 5 minutes, without jitter so tests on a manual clock are exact.
 */
export const RETRY_BACKOFF_FIRST_MS = 1_000;
export const RETRY_BACKOFF_MAX_MS = 300_000;

/**
 * The context attributes Scheduler replaces in a target's `Input` at each invocation.
 * https://docs.aws.amazon.com/scheduler/latest/UserGuide/managing-schedule-context-attributes.html
 */
export const CONTEXT_ATTRIBUTES = {
  scheduleArn: '<aws.scheduler.schedule-arn>',
  scheduledTime: '<aws.scheduler.scheduled-time>',
  executionId: '<aws.scheduler.execution-id>',
  attemptNumber: '<aws.scheduler.attempt-number>',
} as const;

/**
 * Message attributes Scheduler sets on a dead letter (configuring-schedule-dlq.html, "Retrieve the dead-letter
 * event"); the body is the payload the target was sent.
 */
export const DEAD_LETTER_ATTRIBUTES = {
  attempt: 'X-Amz-Scheduler-Attempt',
  scheduleArn: 'X-Amz-Scheduler-Schedule-Arn',
  targetArn: 'X-Amz-Scheduler-Target-Arn',
  group: 'X-Amz-Scheduler-Group',
  errorCode: 'X-Amz-Scheduler-Error-Code',
  errorMessage: 'X-Amz-Scheduler-Error-Message',
} as const;

/** Execution ids look like `d32c5kddcf5bb8c3` in the context-attributes page: 16 lowercase alphanumerics. */
export const EXECUTION_ID_LENGTH = 16;
