import type { KinesisStreamRecord } from 'aws-lambda';
import {
  activityEventIndexInBytes,
  type ActivityCounts,
  type CountedActivityType,
  isCounted,
  REQUEST_ID_LENGTH,
  zeroCounts,
} from '../../shared/activity/index.ts';
import { PAGE_VIEW, plainActivityType } from './activity-bytes.ts';
import { decodeActivityRecord } from './decode-activity-record.ts';
import { PoisonRecordError } from './errors.ts';
import { InternedStrings } from './interned-strings.ts';
import { RecordData } from './record-data.ts';
import { ACTIVITY_TYPES, activityFieldOffsets, FIELD, latin1, scanActivityFields } from './scan-activity-json.ts';
import { SeenEvents } from './seen-events.ts';
import type { WindowState } from './window-state.ts';

export interface TallyResult {
  /** The incoming state plus every record counted, up to the first poison record when there is one. */
  state: WindowState;
  /** The first record that cannot be counted, by its position in the batch; nothing after it is counted. */
  poison?: { index: number; error: PoisonRecordError };
  /** Counted records whose event id was counted before (a retried write): not counted again. */
  duplicates: number;
  /** Seen requests forgotten at the state's bound (seen-events.ts): a duplicate of one would count again. */
  evicted: number;
}

/** Reused by every batch: the decoded bytes of the record being read, and where its values lie in them. */
const data = new RecordData();
const offsets = activityFieldOffsets();

/**
 * Counts a batch's product views, add-to-carts and checkouts per sku into the window state, in shard
 * order, each event id once, stopping at the first poison record: Lambda resumes the shard from a
 * reported record, so the records after it come again and must not be in the state yet.
 * Page views are read (and must be valid) but not counted. The incoming state is not modified.
 *
 * A record of the plain shape ingest writes that is plainly valid is read from its bytes (scan-activity-json.ts,
 * activity-bytes.ts), its sku and request id as interned strings; any other record is decoded as a whole
 * (decodeActivityRecord), which accepts it or names what is wrong with it.
 */
export function tallyBatch(records: readonly KinesisStreamRecord[], incoming: WindowState): TallyResult {
  // A Map while counting: looking a sku up as an object's property costs V8 a string-table lookup.
  const counts = new Map(Object.entries(incoming.counts).map(([sku, skuCounts]) => [sku, { ...skuCounts }]));
  const state: WindowState = { ...incoming };
  const seen = SeenEvents.from(incoming.seen, { earlier: incoming.earlier && SeenEvents.from(incoming.earlier) });
  const strings = new InternedStrings();
  let duplicates = 0;
  const result = (poison?: TallyResult['poison']): TallyResult => {
    state.counts = Object.fromEntries(counts);
    state.seen = seen.toState();
    return { state, duplicates, evicted: seen.evicted, ...(poison && { poison }) };
  };
  for (let index = 0; index < records.length; index++) {
    const record = records[index] as KinesisStreamRecord;
    data.decode(record.kinesis.data);
    const bytes = data.bytes;
    let type: CountedActivityType;
    let sku: string;
    const plainType = scanActivityFields(bytes, data.length, offsets) ? plainActivityType(bytes, offsets) : -1;
    if (plainType >= 0) {
      if (plainType === PAGE_VIEW) continue;
      if (!addEventId(seen, bytes, strings)) {
        duplicates += 1;
        continue;
      }
      type = ACTIVITY_TYPES[plainType] as CountedActivityType;
      sku = strings.intern(bytes, offsets[2 * FIELD.sku] as number, offsets[2 * FIELD.sku + 1] as number);
    } else {
      let activity;
      try {
        activity = decodeActivityRecord(record, data);
      } catch (error) {
        if (error instanceof PoisonRecordError) return result({ index, error });
        throw error;
      }
      if (!isCounted(activity)) continue;
      if (!seen.add(activity.eventId)) {
        duplicates += 1;
        continue;
      }
      type = activity.type;
      sku = activity.sku;
    }
    state.firstSequenceNumber ??= record.kinesis.sequenceNumber;
    let skuCounts: ActivityCounts | undefined = counts.get(sku);
    if (skuCounts === undefined) counts.set(sku, (skuCounts = zeroCounts()));
    skuCounts[type] += 1;
  }
  return result();
}

/** `seen.add` of the record's event id, read from its bytes: an ingest id by its interned request id and index. */
function addEventId(seen: SeenEvents, bytes: Buffer, strings: InternedStrings): boolean {
  const start = offsets[2 * FIELD.eventId] as number;
  const end = offsets[2 * FIELD.eventId + 1] as number;
  const index = activityEventIndexInBytes(bytes, start, end);
  return index < 0 ? seen.add(latin1(bytes, start, end)) : seen.addIndex(strings.intern(bytes, start, start + REQUEST_ID_LENGTH), index);
}
