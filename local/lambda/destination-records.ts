import { DEAD_LETTER_ERROR_MESSAGE_LIMIT_BYTES, LATEST } from './constants.ts';
import type { DestinationCondition, ExecutionOutcome, InvocationRecord, MessageAttribute } from './types.ts';

export interface RecordInput {
  timestamp: number;
  requestId: string;
  /** Unqualified: the record names `$LATEST`, as AWS does. */
  functionArn: string;
  condition: DestinationCondition;
  /** Attempts that ran the function (throttled ones do not count). */
  approximateInvokeCount: number;
  /** The event as JSON text. */
  event: string;
  /** The last attempt, if the function ran at all. */
  last?: ExecutionOutcome;
}

/**
 * The invocation record Lambda sends to an on-success or on-failure destination.
 * https://docs.aws.amazon.com/lambda/latest/dg/invocation-async-retain-records.html
 *
 * An event throttled until it expired never ran: its record says 429 and has no response payload (this
 * shape is our reading; AWS documents no example of it).
 */
export function invocationRecord(input: RecordInput): InvocationRecord {
  const { last } = input;
  const record: InvocationRecord = {
    version: '1.0',
    timestamp: new Date(input.timestamp).toISOString(),
    requestContext: {
      requestId: input.requestId,
      functionArn: `${input.functionArn}:${LATEST}`,
      condition: input.condition,
      approximateInvokeCount: input.approximateInvokeCount,
    },
    requestPayload: JSON.parse(input.event),
    responseContext: last
      ? { statusCode: 200, executedVersion: LATEST, ...(last.ok ? {} : { functionError: 'Unhandled' }) }
      : { statusCode: 429, executedVersion: LATEST },
  };
  if (last) record.responsePayload = last.ok ? JSON.parse(last.payload) : last.error;
  return record;
}

export interface DeadLetter {
  /** The original event, unmodified. */
  body: string;
  messageAttributes: Record<string, MessageAttribute>;
}

/**
 * What Lambda sends to a function's dead-letter queue: the event as it was, with the reason in message
 * attributes. `ErrorCode` is the Invoke status: 200 when the function ran and failed, 429 when it never got
 * to run. https://docs.aws.amazon.com/lambda/latest/dg/invocation-async-retain-records.html#invocation-dlq
 */
export function deadLetter(input: { requestId: string; event: string; last?: ExecutionOutcome }): DeadLetter {
  const { last } = input;
  const errorMessage = last ? (last.ok ? '' : last.error.errorMessage) : 'Rate Exceeded.';
  return {
    body: input.event,
    messageAttributes: {
      RequestID: { dataType: 'String', stringValue: input.requestId },
      ErrorCode: { dataType: 'Number', stringValue: last ? '200' : '429' },
      ErrorMessage: { dataType: 'String', stringValue: truncateUtf8(errorMessage, DEAD_LETTER_ERROR_MESSAGE_LIMIT_BYTES) },
    },
  };
}

function truncateUtf8(text: string, limitBytes: number): string {
  const bytes = Buffer.from(text, 'utf8');
  if (bytes.length <= limitBytes) return text;
  // Cutting mid-character leaves a replacement character at the end: drop it.
  return bytes
    .subarray(0, limitBytes)
    .toString('utf8')
    .replace(/\uFFFD+$/, '');
}
