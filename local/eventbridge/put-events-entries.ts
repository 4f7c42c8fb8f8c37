import type { PutEventsRequestEntry, PutEventsResultEntry } from '@aws-sdk/client-eventbridge';
import { PUT_EVENTS_MAX_ENTRIES, PUT_EVENTS_MAX_REQUEST_BYTES } from '../aws/limits.ts';
import { putEventsEntrySize } from '../aws/put-events-entry-size.ts';
import { AWS_SOURCE_PREFIX } from './constants.ts';
import { ValidationError } from './errors.ts';

/** An entry that passed PutEvents' per-entry checks, with its detail parsed. */
export type CheckedEntry = { ok: true; entry: PutEventsRequestEntry; detail: Record<string, unknown> } | { ok: false; result: PutEventsResultEntry };

/**
 * The checks PutEvents makes on the whole request, as AWS words them (AWS-verified messages recorded in LocalStack's
 * parity snapshots): 1 to 10 entries, and a total size within the limit, each entry sized as documented.
 *
 * @throws ValidationError, failing the whole call.
 */
export function checkPutEventsRequest(entries: readonly PutEventsRequestEntry[]): void {
  if (entries.length > PUT_EVENTS_MAX_ENTRIES || entries.length === 0) {
    const constraint =
      entries.length === 0 ? 'Member must have length greater than or equal to 1' : `Member must have length less than or equal to ${PUT_EVENTS_MAX_ENTRIES}`;
    throw new ValidationError(
      `1 validation error detected: Value '[${entries.map(javaEntryString).join(', ')}]' at 'entries' failed to satisfy constraint: ${constraint}`,
    );
  }
  const times = entries.flatMap((entry, index) => (entry.Time === undefined || isEventTime(entry.Time) ? [] : [timeProblem(entry.Time, index)]));
  if (times.length > 0) throw new ValidationError(`${times.length} validation error${times.length === 1 ? '' : 's'} detected: ${times.join('; ')}`);
  const total = entries.reduce((sum, entry) => sum + putEventsEntrySize(entry), 0);
  if (total > PUT_EVENTS_MAX_REQUEST_BYTES) throw new ValidationError('Total size of the entries in the request is over the limit.');
}

/**
 * One entry's checks: `Source`, `DetailType`, `Detail` present (non-empty), in that order; `Detail` a JSON object
 * (an array, a string or invalid JSON is `MalformedDetail`); and a `Source` outside the `aws.` prefix, which only
 * AWS services may use (`NotAuthorizedForSourceException`, observed on AWS).
 * https://docs.aws.amazon.com/eventbridge/latest/APIReference/API_PutEventsResultEntry.html
 */
export function checkPutEventsEntry(entry: PutEventsRequestEntry): CheckedEntry {
  for (const field of ['Source', 'DetailType', 'Detail'] as const) {
    if (!entry[field]) {
      return { ok: false, result: { ErrorCode: 'InvalidArgument', ErrorMessage: `Parameter ${field} is not valid. Reason: ${field} is a required argument.` } };
    }
  }
  let detail: unknown;
  try {
    detail = JSON.parse(entry.Detail!);
  } catch {
    detail = undefined;
  }
  if (detail === null || typeof detail !== 'object' || Array.isArray(detail)) {
    return { ok: false, result: { ErrorCode: 'MalformedDetail', ErrorMessage: 'Detail is malformed.' } };
  }
  if (entry.Source!.startsWith(AWS_SOURCE_PREFIX)) {
    return { ok: false, result: { ErrorCode: 'NotAuthorizedForSourceException', ErrorMessage: 'Not authorized for the source.' } };
  }
  return { ok: true, entry, detail: detail as Record<string, unknown> };
}

/**
 * The event's `time` is written as RFC 3339 (`2026-01-15T12:00:00Z`), whose years have four digits: a `Time` the
 * envelope cannot carry fails the whole call before any entry is routed, so a retry cannot deliver one twice. (AWS's
 * exact wording for this case is not verified; the member path is the one its validation messages use.)
 */
const EARLIEST_EVENT_TIME_MS = Date.parse('0000-01-01T00:00:00.000Z');
const LATEST_EVENT_TIME_MS = Date.parse('9999-12-31T23:59:59.999Z');

function isEventTime(time: Date): boolean {
  const ms = time.getTime();
  return Number.isFinite(ms) && ms >= EARLIEST_EVENT_TIME_MS && ms <= LATEST_EVENT_TIME_MS;
}

function timeProblem(time: Date, index: number): string {
  const ms = time.getTime();
  const shown = Number.isFinite(ms) ? String(ms / 1000) : 'an invalid date';
  return `Value '${shown}' at 'entries.${index + 1}.member.time' failed to satisfy constraint: Member must be a time between 0000-01-01T00:00:00Z and 9999-12-31T23:59:59Z`;
}

/** How AWS's Java service prints an entry in a validation message. */
function javaEntryString(entry: PutEventsRequestEntry): string {
  const value = (v: unknown): string =>
    v === undefined || v === null ? 'null' : v instanceof Date ? v.toISOString() : Array.isArray(v) ? `[${v.join(', ')}]` : String(v);
  return (
    `PutEventsRequestEntry(time=${value(entry.Time)}, source=${value(entry.Source)}, resources=${value(entry.Resources)}, ` +
    `detailType=${value(entry.DetailType)}, detail=${value(entry.Detail)}, eventBusName=${value(entry.EventBusName)}, ` +
    `traceHeader=${value(entry.TraceHeader)}, kmsKeyIdentifier=null, internalMetadata=null)`
  );
}
