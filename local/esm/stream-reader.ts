import type { DynamoDBRecord, KinesisStreamRecord } from 'aws-lambda';

/** One record read from a shard, in the form the function will get it plus what the poller needs. */
export interface StreamItem {
  sequenceNumber: string;
  /** Epoch milliseconds: the record's age and tumbling window are measured from it. */
  arrivedAt: number;
  /** The arrival time as the on-failure record's batch info shows it. */
  arrival: string;
  record: KinesisStreamRecord | DynamoDBRecord;
  /** The record's size in the event's JSON: batches stay under Lambda's 6 MB payload. */
  sizeBytes: number;
}

export type StartingPosition =
  | { type: 'TRIM_HORIZON' }
  | { type: 'LATEST' }
  /** Epoch milliseconds. */
  | { type: 'AT_TIMESTAMP'; timestamp: number }
  | { type: 'AFTER_SEQUENCE_NUMBER'; sequenceNumber: string };

export interface ShardDescription {
  shardId: string;
  /** Shards a split or merge came from: read to their end before this one. */
  parentShardIds: string[];
  /** The shard has an ending sequence number: it takes no new records. */
  closed: boolean;
}

/** Reading one Kinesis stream or DynamoDB stream, shard by shard. */
export interface StreamReader {
  readonly source: 'kinesis' | 'dynamodb';
  /** Pause after an empty read. */
  readonly pollIntervalMs: number;
  /** GetRecords `Limit` ceiling. */
  readonly maxRecordsPerRead: number;
  /** How long records stay in the stream: with no `MaximumRecordAgeInSeconds` they expire with it. */
  readonly retentionMs: number;
  shards(): Promise<ShardDescription[]>;
  /** An iterator at the position; `undefined` when the shard has nothing more to give. */
  iterator(shardId: string, position: StartingPosition): Promise<string | undefined>;
  /** Records after the iterator; `nextIterator` undefined once a closed shard is read to its end. */
  read(shardId: string, iterator: string, limit: number): Promise<{ items: StreamItem[]; nextIterator?: string }>;
  /** The iterator expired (Kinesis: 5 minutes; DynamoDB: 15): get a new one after the last record read. */
  isExpiredIterator(error: unknown): boolean;
  /**
   * The engine refused an iterator taken on a shard that was empty then (DynamoDB Local): read the shard again
   * from its start, where every record is newer than that iterator.
   */
  isEmptyShardIteratorRefused?(error: unknown): boolean;
}

export const recordSize = (record: unknown) => Buffer.byteLength(JSON.stringify(record));
