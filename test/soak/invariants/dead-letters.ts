import type { Message } from '@aws-sdk/client-sqs';
import type { DeadLetterQueue } from '../stores.ts';
import { fromViolations, type InvariantResult } from './invariant.ts';

/** Why a message is in a dead-letter queue or on-failure destination, read from what AWS (and the app) put on it. */
export type DeadLetterCause =
  | { kind: 'poison on purpose' }
  | { kind: 'retries exhausted'; reason: string }
  | { kind: 'dead-lettered by the app'; reason: string }
  | { kind: 'no reason' };

/** Markers the soak puts in what it makes poison on purpose. */
const POISON_MARKERS = ['soak-poison', 'soakPoison'];

/**
 * Why `message` is dead-lettered. `poison` lists more markers of what the soak made poison on purpose: a stream
 * batch's on-failure record carries no data, only the sequence numbers of the records it describes.
 */
export function causeOf(queue: DeadLetterQueue, message: Message, poison: readonly string[] = []): DeadLetterCause {
  const body = message.Body ?? '';
  if (POISON_MARKERS.some((marker) => body.includes(marker)) || describesPoisonRecords(body, poison)) return { kind: 'poison on purpose' };
  const attributes = message.MessageAttributes ?? {};
  // EventBridge's target DLQ: ERROR_CODE and ERROR_MESSAGE. https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-rule-dlq.html
  const errorCode = attributes.ERROR_CODE?.StringValue;
  if (errorCode) return { kind: 'retries exhausted', reason: `${errorCode}: ${attributes.ERROR_MESSAGE?.StringValue ?? ''}` };
  // The app's dead letter channel: a message that can never succeed, at once, with ErrorCode / ErrorMessage.
  const appCode = attributes.ErrorCode?.StringValue;
  if (appCode) return { kind: 'dead-lettered by the app', reason: `${appCode}: ${attributes.ErrorMessage?.StringValue ?? ''}` };
  const parsed = safeJson(body) as
    | { requestContext?: { condition?: string; approximateInvokeCount?: number }; responsePayload?: { errorMessage?: string } }
    | undefined;
  // Lambda's on-failure record (async invocations and event source mappings): the condition says why.
  const condition = parsed?.requestContext?.condition;
  if (condition)
    return {
      kind: 'retries exhausted',
      reason: `${condition} after ${parsed?.requestContext?.approximateInvokeCount ?? '?'} attempts: ${parsed?.responsePayload?.errorMessage ?? ''}`,
    };
  // A queue's redrive policy moved it after maxReceiveCount receives.
  const receives = Number(message.Attributes?.ApproximateReceiveCount ?? 0);
  if (queue.sourceQueueUrl && receives > 0)
    return { kind: 'retries exhausted', reason: `received ${receives} times from ${queue.sourceQueueUrl.split('/').pop()}` };
  return { kind: 'no reason' };
}

/** Every dead-lettered message was made poison on purpose by the soak or exhausted its retries, and carries its reason. */
export function deadLetterInvariant(queues: DeadLetterQueue[], poison: readonly string[]): InvariantResult {
  const violations: string[] = [];
  const tally: Record<string, number> = {};
  for (const queue of queues) {
    for (const message of queue.messages) {
      const cause = causeOf(queue, message, poison);
      tally[cause.kind] = (tally[cause.kind] ?? 0) + 1;
      if (cause.kind === 'no reason') violations.push(`${queue.path}: ${String(message.Body).slice(0, 120)} carries no reason`);
      if (cause.kind === 'dead-lettered by the app')
        violations.push(`${queue.path}: dead-lettered at once though the soak sent nothing poison there (${cause.reason})`);
    }
  }
  return fromViolations(
    'every dead-lettered message was made poison on purpose or exhausted its retries, and carries its reason',
    `${Object.values(tally).reduce((a, b) => a + b, 0)} messages: ${JSON.stringify(tally)}`,
    violations,
  );
}

/** After chaos is paused and the queues redriven, only what the soak made poison on purpose is left. */
export function redriveInvariant(after: DeadLetterQueue[], redriven: number, notRedrivable: string[], markers: readonly string[]): InvariantResult {
  const isPoison = (queue: DeadLetterQueue, m: Message) => causeOf(queue, m, markers).kind === 'poison on purpose';
  const left = after.flatMap((queue) => queue.messages.filter((m) => !isPoison(queue, m)).map((m) => `${queue.path}: ${String(m.Body).slice(0, 120)}`));
  const poison = after.reduce((sum, queue) => sum + queue.messages.filter((m) => isPoison(queue, m)).length, 0);
  return fromViolations(
    'after chaos is turned off, redriving the dead-letter queues completes the rest: only poison sent on purpose is left',
    `${redriven} messages redriven, ${poison} poison messages left where they belong`,
    [...notRedrivable.map((n) => `not redrivable: ${n}`), ...left.map((l) => `still dead-lettered: ${l}`)],
  );
}

/** Whether a Kinesis batch's on-failure record covers one of the poison records (by sequence number range). */
function describesPoisonRecords(body: string, poison: readonly string[]): boolean {
  const info = (safeJson(body) as { KinesisBatchInfo?: { startSequenceNumber?: string; endSequenceNumber?: string } } | undefined)?.KinesisBatchInfo;
  if (!info?.startSequenceNumber || !info.endSequenceNumber || poison.length === 0) return false;
  const [start, end] = [BigInt(info.startSequenceNumber), BigInt(info.endSequenceNumber)];
  return poison.some((sequence) => BigInt(sequence) >= start && BigInt(sequence) <= end);
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
