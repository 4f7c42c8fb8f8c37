import { createHash, randomBytes } from 'node:crypto';

/*
 * The id of an activity event on the stream: `<request id>:<index>`. The request id is 16 bytes of a SHA-256 (or
 * random bytes, for a request without Idempotency-Key) in base64url: 22 characters. The index is the event's
 * position in the request's `events` (0 to 499). A retried request with the same key and body gets the very same
 * ids, so its records are byte-identical to the first attempt's, and the window aggregator counts each id once
 * (functions/aggregate-activity/seen-events.ts keeps the ids it saw compactly, per request id).
 */

/** Characters of a request id: 16 bytes in base64url, unpadded. */
export const REQUEST_ID_LENGTH = 22;
const REQUEST_ID_BYTES = 16;
const COLON = 0x3a;
const ZERO = 0x30;

/**
 * Events one `POST /activity` carries at most (docs/openapi.yaml, `ActivityRequest`), which is what one Kinesis
 * `PutRecords` call takes: https://docs.aws.amazon.com/kinesis/latest/APIReference/API_PutRecords.html
 */
export const MAX_EVENTS_PER_REQUEST = 500;

/**
 * The request id of a `POST /activity`: derived from the Idempotency-Key and the events (so the same key with a
 * different body is a different request, whose events are new), random without a key.
 */
export function activityRequestId(idempotencyKey: string | undefined, events: readonly unknown[]): string {
  if (idempotencyKey === undefined) return randomBytes(REQUEST_ID_BYTES).toString('base64url');
  // JSON of the pair, not the two joined by a separator: a key may contain any separator.
  return createHash('sha256')
    .update(JSON.stringify([idempotencyKey, events]))
    .digest()
    .subarray(0, REQUEST_ID_BYTES)
    .toString('base64url');
}

/** The id of the request's event at `index`. */
export const activityEventId = (requestId: string, index: number): string => `${requestId}:${index}`;

/**
 * The request id and index of an id `activityEventId` made, or undefined for any other id (another producer's),
 * which the aggregator then dedupes as an opaque string.
 */
export function parseActivityEventId(eventId: string): { requestId: string; index: number } | undefined {
  const length = eventId.length;
  if (length < REQUEST_ID_LENGTH + 2 || length > REQUEST_ID_LENGTH + 4 || eventId.charCodeAt(REQUEST_ID_LENGTH) !== COLON) return undefined;
  let index = 0;
  for (let i = REQUEST_ID_LENGTH + 1; i < length; i++) {
    const digit = eventId.charCodeAt(i) - ZERO;
    if (digit < 0 || digit > 9) return undefined;
    index = index * 10 + digit;
  }
  // No leading zeros: one index, one spelling, or "007" and "7" would be two ids for one event.
  if (index >= MAX_EVENTS_PER_REQUEST || (length > REQUEST_ID_LENGTH + 2 && eventId.charCodeAt(REQUEST_ID_LENGTH + 1) === ZERO)) return undefined;
  return { requestId: eventId.slice(0, REQUEST_ID_LENGTH), index };
}

/**
 * parseActivityEventId on an id's bytes (from `start` to `end`, a byte a character), making no string: the event's
 * index in its request, whose id is the REQUEST_ID_LENGTH bytes at `start`; -1 for any other id.
 */
export function activityEventIndexInBytes(bytes: Uint8Array, start: number, end: number): number {
  const length = end - start;
  if (length < REQUEST_ID_LENGTH + 2 || length > REQUEST_ID_LENGTH + 4 || bytes[start + REQUEST_ID_LENGTH] !== COLON) return -1;
  let index = 0;
  for (let i = start + REQUEST_ID_LENGTH + 1; i < end; i++) {
    const digit = (bytes[i] as number) - ZERO;
    if (digit < 0 || digit > 9) return -1;
    index = index * 10 + digit;
  }
  if (index >= MAX_EVENTS_PER_REQUEST || (length > REQUEST_ID_LENGTH + 2 && bytes[start + REQUEST_ID_LENGTH + 1] === ZERO)) return -1;
  return index;
}
