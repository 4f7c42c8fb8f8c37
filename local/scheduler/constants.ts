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

/** The context attributes Scheduler replaces in a target's `Input`: with the event shapes (`@eventful/local/aws-events`). */
export { SchedulerContextAttributes as CONTEXT_ATTRIBUTES } from '../aws/events/index.ts';

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
