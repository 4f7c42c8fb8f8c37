import type { Clock } from '../clock.ts';
import type { MessageAttribute } from '../lambda/types.ts';
import { DEAD_LETTER_ATTRIBUTES, RETRY_BACKOFF_FIRST_MS, RETRY_BACKOFF_MAX_MS } from './constants.ts';
import { TargetDeliveryError } from './errors.ts';
import { defaultNotification, isoSeconds, renderInput } from './payloads.ts';
import type { DeliveryOutcome, SchedulerActivity, SchedulerDispatch, SchedulerScheduleSpec } from './types.ts';

type ActivityBody<T> = T extends unknown ? Omit<T, 'at' | 'kind' | 'name' | 'groupName' | 'arn'> : never;
export type ScheduleActivityBody = ActivityBody<SchedulerActivity>;

export interface Invocation {
  schedule: SchedulerScheduleSpec;
  executionId: string;
  scheduledTimeMs: number;
  /** The `id` of the default notification, the same on every attempt. */
  notificationId: string;
}

export interface DeliveryEnvironment {
  accountId: string;
  region: string;
  dispatch: SchedulerDispatch;
  clock: Clock;
  signal: AbortSignal;
  report: (activity: ScheduleActivityBody) => void;
}

/** Exponential backoff between attempts: 1 s, 2 s, 4 s, … up to 5 minutes. */
export function retryDelayMs(attempt: number): number {
  return Math.min(RETRY_BACKOFF_FIRST_MS * 2 ** (attempt - 1), RETRY_BACKOFF_MAX_MS);
}

/**
 * One invocation of a schedule's target, as Scheduler makes it: the input rendered for each attempt, failures
 * retried with backoff while attempts remain and the event is younger than MaximumEventAgeInSeconds, then the
 * payload sent to the dead-letter queue with Scheduler's attributes.
 * https://docs.aws.amazon.com/scheduler/latest/UserGuide/configuring-schedule-dlq.html
 */
export async function deliverInvocation(invocation: Invocation, env: DeliveryEnvironment): Promise<DeliveryOutcome> {
  const { schedule, executionId } = invocation;
  const { maximumRetryAttempts, maximumEventAgeInSeconds } = schedule.target.retryPolicy;
  for (let attempt = 1; ; attempt += 1) {
    const body = payloadFor(invocation, env, attempt);
    try {
      await sendToTarget(schedule, body, invocation, env);
      env.report({ type: 'delivered', executionId, attempt, targetArn: schedule.target.arn });
      return { status: 'delivered', attempts: attempt };
    } catch (error) {
      const { code, message } = describe(error);
      const delay = retryDelayMs(attempt);
      const ageAtRetry = env.clock.now() + delay - invocation.scheduledTimeMs;
      const retry = attempt <= maximumRetryAttempts && ageAtRetry <= maximumEventAgeInSeconds * 1000;
      env.report({ type: 'attempt-failed', executionId, attempt, errorCode: code, errorMessage: message, ...(retry && { retryInMs: delay }) });
      if (retry) {
        try {
          await env.clock.sleep(delay, env.signal);
        } catch {
          return { status: 'abandoned', attempts: attempt };
        }
        continue;
      }
      return deadLetter(invocation, env, { body, attempts: attempt, code, message });
    }
  }
}

function payloadFor(invocation: Invocation, env: DeliveryEnvironment, attempt: number): string {
  const { schedule } = invocation;
  const scheduledTime = isoSeconds(invocation.scheduledTimeMs);
  if (schedule.target.input === undefined) {
    return defaultNotification({ accountId: env.accountId, region: env.region, scheduleArn: schedule.arn, scheduledTime, id: invocation.notificationId });
  }
  return renderInput(schedule.target.input, { scheduleArn: schedule.arn, scheduledTime, executionId: invocation.executionId, attemptNumber: attempt });
}

async function sendToTarget(schedule: SchedulerScheduleSpec, body: string, invocation: Invocation, env: DeliveryEnvironment): Promise<void> {
  const { target } = schedule;
  const { dispatch } = env;
  switch (target.kind) {
    case 'lambda':
      // The templated Lambda target requires well-formed JSON Input; anything else goes as bytes and fails
      // there, as the Invoke API would.
      await required(dispatch.lambda, 'lambda').invoke(target.arn, parseOrBytes(body), { invocationType: 'Event' });
      return;
    case 'sqs':
      await required(dispatch.sqs, 'sqs').sendMessage(target.arn, body, {
        ...(target.sqsMessageGroupId !== undefined && { messageGroupId: target.sqsMessageGroupId }),
      });
      return;
    case 'event-bus':
      await required(dispatch.eventBus, 'eventBus').putEvents(target.arn, [
        {
          // CDK's EventBridgePutEvents target always sets both; Scheduler's own values stand in when absent.
          source: target.eventBridgeParameters?.source ?? 'aws.scheduler',
          detailType: target.eventBridgeParameters?.detailType ?? 'Scheduled Event',
          detail: body,
          resources: [schedule.arn],
          time: isoSeconds(invocation.scheduledTimeMs),
        },
      ]);
      return;
    case 'kinesis': {
      const partitionKey = target.kinesisPartitionKey;
      if (partitionKey === undefined)
        throw new TargetDeliveryError('ValidationException', `Kinesis target ${target.arn} has no KinesisParameters.PartitionKey`);
      await required(dispatch.kinesis, 'kinesis').putRecord(target.arn, body, partitionKey);
      return;
    }
    case 'unsupported':
      throw new TargetDeliveryError('UnsupportedTarget', `Target ${target.arn} is not emulated locally`);
  }
}

function required<T>(dispatcher: T | undefined, kind: string): T {
  if (dispatcher === undefined) throw new TargetDeliveryError('TargetNotReachable', `The runtime gave the scheduler no ${kind} dispatcher`);
  return dispatcher;
}

function parseOrBytes(body: string): unknown {
  try {
    return JSON.parse(body);
  } catch {
    return new TextEncoder().encode(body);
  }
}

function describe(error: unknown): { code: string; message: string } {
  if (error instanceof Error) {
    const code = (error as { code?: unknown }).code;
    return { code: typeof code === 'string' ? code : error.name, message: error.message };
  }
  return { code: 'Error', message: String(error) };
}

async function deadLetter(
  invocation: Invocation,
  env: DeliveryEnvironment,
  failure: { body: string; attempts: number; code: string; message: string },
): Promise<DeliveryOutcome> {
  const { schedule, executionId } = invocation;
  const deadLetterArn = schedule.target.deadLetterArn;
  const dropped: DeliveryOutcome = { status: 'dropped', attempts: failure.attempts, errorCode: failure.code };
  if (deadLetterArn === undefined) {
    env.report({ type: 'dropped', executionId, attempts: failure.attempts, errorCode: failure.code });
    return dropped;
  }
  const text = (stringValue: string): MessageAttribute => ({ dataType: 'String', stringValue });
  const messageAttributes: Record<string, MessageAttribute> = {
    [DEAD_LETTER_ATTRIBUTES.attempt]: { dataType: 'Number', stringValue: String(failure.attempts) },
    [DEAD_LETTER_ATTRIBUTES.scheduleArn]: text(schedule.arn),
    [DEAD_LETTER_ATTRIBUTES.targetArn]: text(schedule.target.arn),
    [DEAD_LETTER_ATTRIBUTES.group]: text(schedule.groupName),
    [DEAD_LETTER_ATTRIBUTES.errorCode]: text(failure.code),
    [DEAD_LETTER_ATTRIBUTES.errorMessage]: text(failure.message),
  };
  try {
    if (!env.dispatch.sqs) throw new Error('no SQS dispatcher to reach the dead-letter queue');
    await env.dispatch.sqs.sendMessage(deadLetterArn, failure.body, { messageAttributes });
  } catch (error) {
    env.report({ type: 'dead-letter-failed', executionId, deadLetterArn, error: describe(error).message });
    env.report({ type: 'dropped', executionId, attempts: failure.attempts, errorCode: failure.code });
    return dropped;
  }
  env.report({ type: 'dead-lettered', executionId, attempts: failure.attempts, errorCode: failure.code, deadLetterArn });
  return { status: 'dead-lettered', attempts: failure.attempts, errorCode: failure.code, deadLetterArn };
}
