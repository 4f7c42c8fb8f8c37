import type { PutEventsRequestEntry } from '@aws-sdk/client-eventbridge';
import { PUT_EVENTS_TIME_BYTES } from './limits.ts';

const utf8Bytes = (text: string | undefined): number => (text === undefined ? 0 : Buffer.byteLength(text, 'utf8'));

/**
 * The size EventBridge counts for one `PutEvents` entry, exactly as documented in
 * https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-putevent-size.html:
 * `Time` 14 bytes when set, plus the UTF-8 bytes of `Source`, `DetailType`, `Detail` and each of
 * `Resources`. `EventBusName` and `TraceHeader` are not counted.
 *
 * @example
 * putEventsEntrySize({ Source: 'eventful.orders', DetailType: 'OrderPlaced', Detail: '{"a":"é"}' }); // 15 + 11 + 10
 */
export function putEventsEntrySize(entry: PutEventsRequestEntry): number {
  let size = entry.Time === undefined ? 0 : PUT_EVENTS_TIME_BYTES;
  size += utf8Bytes(entry.Source) + utf8Bytes(entry.DetailType) + utf8Bytes(entry.Detail);
  for (const resource of entry.Resources ?? []) size += utf8Bytes(resource);
  return size;
}
