import type { KinesisStreamRecord } from 'aws-lambda';
import { isCounted, zeroCounts } from '../../shared/activity/index.ts';
import { decodeActivityRecord } from './decode-activity-record.ts';
import { PoisonRecordError } from './errors.ts';
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

/**
 * Counts a batch's product views, add-to-carts and checkouts per sku into the window state, in shard
 * order, each event id once, stopping at the first poison record: Lambda resumes the shard from a
 * reported record, so the records after it come again and must not be in the state yet.
 * Page views are read (and must be valid) but not counted. The incoming state is not modified.
 */
export function tallyBatch(records: readonly KinesisStreamRecord[], incoming: WindowState): TallyResult {
  // A Map while counting: looking a fresh sku string up as an object's property costs V8 a string-table lookup.
  const counts = new Map(Object.entries(incoming.counts).map(([sku, skuCounts]) => [sku, { ...skuCounts }]));
  const state: WindowState = { ...incoming };
  const seen = SeenEvents.from(incoming.seen, { earlier: incoming.earlier && SeenEvents.from(incoming.earlier) });
  let duplicates = 0;
  const result = (poison?: TallyResult['poison']): TallyResult => {
    state.counts = Object.fromEntries(counts);
    state.seen = seen.toState();
    return { state, duplicates, evicted: seen.evicted, ...(poison && { poison }) };
  };
  for (let index = 0; index < records.length; index++) {
    const record = records[index] as KinesisStreamRecord;
    let activity;
    try {
      activity = decodeActivityRecord(record);
    } catch (error) {
      if (error instanceof PoisonRecordError) return result({ index, error });
      throw error;
    }
    if (!isCounted(activity)) continue;
    if (!seen.add(activity.eventId)) {
      duplicates += 1;
      continue;
    }
    state.firstSequenceNumber ??= record.kinesis.sequenceNumber;
    let skuCounts = counts.get(activity.sku);
    if (skuCounts === undefined) counts.set(activity.sku, (skuCounts = zeroCounts()));
    skuCounts[activity.type] += 1;
  }
  return result();
}
