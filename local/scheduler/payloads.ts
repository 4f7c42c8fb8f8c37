import { randomBytes, randomUUID } from 'node:crypto';
import { CONTEXT_ATTRIBUTES, EXECUTION_ID_LENGTH } from './constants.ts';
import type { ScheduledEvent } from './types.ts';

/** `2026-03-22T18:59:43Z`: the second-precision ISO form Scheduler and EventBridge write times in. */
export function isoSeconds(instantMs: number): string {
  return new Date(Math.floor(instantMs / 1000) * 1000).toISOString().replace('.000Z', 'Z');
}

export function newExecutionId(): string {
  const alphabet = 'abcdefghijklmnopqrstuvwxyz0123456789';
  return [...randomBytes(EXECUTION_ID_LENGTH)].map((byte) => alphabet[byte % alphabet.length]).join('');
}

export interface InvocationContext {
  scheduleArn: string;
  scheduledTime: string;
  executionId: string;
  attemptNumber: number;
}

/** The target's `Input` with the context attributes replaced, as Scheduler does at each attempt. */
export function renderInput(input: string, context: InvocationContext): string {
  return input
    .replaceAll(CONTEXT_ATTRIBUTES.scheduleArn, context.scheduleArn)
    .replaceAll(CONTEXT_ATTRIBUTES.scheduledTime, context.scheduledTime)
    .replaceAll(CONTEXT_ATTRIBUTES.executionId, context.executionId)
    .replaceAll(CONTEXT_ATTRIBUTES.attemptNumber, String(context.attemptNumber));
}

/**
 * What a target gets when the schedule has no `Input` ("EventBridge Scheduler delivers a default notification
 * to the target", API_Target): an EventBridge-shaped event from `aws.scheduler` whose `detail` is the string
 * `"{}"`, as captured from a Lambda target.
 */
export function defaultNotification(input: { accountId: string; region: string; scheduleArn: string; scheduledTime: string; id: string }): string {
  return JSON.stringify({
    version: '0',
    id: input.id,
    'detail-type': 'Scheduled Event',
    source: 'aws.scheduler',
    account: input.accountId,
    time: input.scheduledTime,
    region: input.region,
    resources: [input.scheduleArn],
    detail: '{}',
  });
}

/** The event a scheduled EventBridge rule sends: https://docs.aws.amazon.com/eventbridge/latest/userguide/event-reference.html */
export function scheduledRuleEvent(input: { accountId: string; region: string; ruleArn: string; time: string }): ScheduledEvent {
  return {
    version: '0',
    id: randomUUID(),
    'detail-type': 'Scheduled Event',
    source: 'aws.events',
    account: input.accountId,
    time: input.time,
    region: input.region,
    resources: [input.ruleArn],
    detail: {},
  };
}
