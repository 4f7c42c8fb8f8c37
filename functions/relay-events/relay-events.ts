import type { DynamoDBBatchResponse, DynamoDBRecord } from 'aws-lambda';
import { storedRecordFromStreamRecord, toSerializedEvent, type StoredRecord } from '../../shared/event-store/index.ts';
import { PUT_EVENTS_MAX_ENTRIES, PublishFailedError, type EventPublisher } from '../../shared/publishing/index.ts';

export interface RelayDeps {
  publish: EventPublisher;
}

/** Where a batch stopped: the record that could not be relayed, and why. */
export interface RelayStop {
  /** Index of the record in the batch. */
  index: number;
  sequenceNumber: string;
  /** The record's event, when the record was one (the failure was publishing it). */
  event?: StoredRecord;
  reason: unknown;
}

export interface RelayResult {
  /** The events that reached the bus, in order. */
  relayed: StoredRecord[];
  /** Records left alone: not INSERTs. */
  skipped: DynamoDBRecord[];
  /** The first record that failed; it and every record after it were not relayed. */
  stopped?: RelayStop;
}

interface Pending {
  index: number;
  stored: StoredRecord;
}

/**
 * The outbox relay: publishes each event the event store's stream shows inserted, byte for byte as
 * stored (its `detail` JSON is not parsed against today's schema, so an event written at an older
 * version goes out at that version and consumers upcast it), in stream order. Records that are not
 * INSERTs are skipped.
 *
 * It stops at the first record it cannot relay (an item that is not an event, or a publish that
 * failed after the publisher's retries): that record and every later one are left for the retry, so
 * an event is never skipped on its way to the bus and later events never overtake it. Events are
 * published ten at a time (one `PutEvents` call), each call only after the previous one succeeded.
 */
export async function relayRecords(records: readonly DynamoDBRecord[], deps: RelayDeps): Promise<RelayResult> {
  const pending: Pending[] = [];
  const skipped: DynamoDBRecord[] = [];
  let stopped: RelayStop | undefined;
  for (const [index, record] of records.entries()) {
    if (record.eventName !== 'INSERT') {
      skipped.push(record);
      continue;
    }
    try {
      pending.push({ index, stored: storedRecordFromStreamRecord(record) });
    } catch (reason) {
      stopped = stopAt(records, index, reason);
      break;
    }
  }

  const relayed: StoredRecord[] = [];
  for (let start = 0; start < pending.length; start += PUT_EVENTS_MAX_ENTRIES) {
    const chunk = pending.slice(start, start + PUT_EVENTS_MAX_ENTRIES);
    const failedAt = await publishChunk(chunk, deps.publish);
    const done = failedAt === undefined ? chunk : chunk.slice(0, failedAt.offset);
    relayed.push(...done.map(({ stored }) => stored));
    if (failedAt !== undefined) {
      // A publish failure comes before any malformed record further on.
      const failed = chunk[failedAt.offset] as Pending;
      stopped = { ...stopAt(records, failed.index, failedAt.reason), event: failed.stored };
      break;
    }
  }
  return stopped ? { relayed, skipped, stopped } : { relayed, skipped };
}

/**
 * What to answer Lambda for a stopped batch: the failed record and every later one. Lambda resumes
 * the shard from the lowest reported sequence number anyway; listing the rest too says plainly that
 * none of them was relayed.
 * https://docs.aws.amazon.com/lambda/latest/dg/services-ddb-batchfailurereporting.html
 */
export function batchItemFailuresFrom(records: readonly DynamoDBRecord[], stop: RelayStop | undefined): DynamoDBBatchResponse {
  if (!stop) return { batchItemFailures: [] };
  return { batchItemFailures: records.slice(stop.index).map((record) => ({ itemIdentifier: sequenceNumberOf(record) })) };
}

/** The offset in `chunk` of the first event that is not on the bus, or undefined when all are. */
async function publishChunk(chunk: readonly Pending[], publish: EventPublisher): Promise<{ offset: number; reason: unknown } | undefined> {
  try {
    await publish(chunk.map(({ stored }) => toSerializedEvent(stored)));
    return undefined;
  } catch (reason) {
    const published = reason instanceof PublishFailedError ? new Set(reason.publishedEventIds) : new Set<string>();
    const offset = chunk.findIndex(({ stored }) => !published.has(stored.eventId));
    return { offset: offset === -1 ? 0 : offset, reason };
  }
}

function stopAt(records: readonly DynamoDBRecord[], index: number, reason: unknown): RelayStop {
  return { index, sequenceNumber: sequenceNumberOf(records[index] as DynamoDBRecord), reason };
}

function sequenceNumberOf(record: DynamoDBRecord): string {
  return record.dynamodb?.SequenceNumber ?? '';
}
