import type { PutEventsRequestEntry, PutEventsResultEntry } from '@aws-sdk/client-eventbridge';
import { PUT_EVENTS_MAX_ENTRIES, PUT_EVENTS_MAX_REQUEST_BYTES } from '../../shared/publishing/limits.ts';
import { putEventsEntrySize } from '../../shared/publishing/put-events-entry-size.ts';
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
    throw new ValidationError(`1 validation error detected: Value '[${entries.map(javaEntryString).join(', ')}]' at 'entries' failed to satisfy constraint: ${constraint}`);
  }
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

/** How AWS's Java service prints an entry in a validation message. */
function javaEntryString(entry: PutEventsRequestEntry): string {
  const value = (v: unknown): string => (v === undefined || v === null ? 'null' : v instanceof Date ? v.toISOString() : Array.isArray(v) ? `[${v.join(', ')}]` : String(v));
  return (
    `PutEventsRequestEntry(time=${value(entry.Time)}, source=${value(entry.Source)}, resources=${value(entry.Resources)}, ` +
    `detailType=${value(entry.DetailType)}, detail=${value(entry.Detail)}, eventBusName=${value(entry.EventBusName)}, ` +
    `traceHeader=${value(entry.TraceHeader)}, kmsKeyIdentifier=null, internalMetadata=null)`
  );
}
