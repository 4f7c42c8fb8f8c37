import { DescribeTableCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  DescribeStreamCommand,
  type DynamoDBStreamsClient,
  ExpiredIteratorException,
  GetRecordsCommand,
  GetShardIteratorCommand,
  type Shard,
  TrimmedDataAccessException,
} from '@aws-sdk/client-dynamodb-streams';
import type { Clock } from '../clock.ts';
import { DYNAMODB_GET_RECORDS_MAX, DYNAMODB_POLL_INTERVAL_MS, DYNAMODB_STREAM_RETENTION_HOURS } from './constants.ts';
import { dynamoDBStreamRecordOf, type DynamoDBStreamSource } from '../aws/events/index.ts';
import { isoSeconds } from './tumbling-window.ts';
import { recordSize, type ShardDescription, type StartingPosition, type StreamItem, type StreamReader } from './stream-reader.ts';

export interface DynamoDBStreamReaderOptions {
  dynamodb: DynamoDBClient;
  streams: DynamoDBStreamsClient;
  clock: Clock;
  /** From the stream's ARN (`…:table/<name>/stream/<label>`). */
  tableName: string;
  placement: DynamoDBStreamSource;
  pollIntervalMs?: number;
}

/**
 * A table's DynamoDB stream in DynamoDB Local. The template's stream ARN names a label the loader made up;
 * DynamoDB Local's own (`arn:aws:dynamodb:ddblocal:000000000000:table/<name>/stream/<its label>`) is read from
 * DescribeTable and used for the calls, the template's in the events.
 *
 * DynamoDB Local rounds `ApproximateCreationDateTime` down to the minute (AWS: to the second). Events carry it as
 * the engine reports it; record age and tumbling windows count from the time the poller first read the record,
 * on the service clock (at most one poll interval, 250 ms, after the write).
 */
export class DynamoDBStreamReader implements StreamReader {
  readonly source = 'dynamodb';
  readonly pollIntervalMs: number;
  readonly maxRecordsPerRead = DYNAMODB_GET_RECORDS_MAX;
  readonly retentionMs = DYNAMODB_STREAM_RETENTION_HOURS * 3_600_000;
  #streamArn: string | undefined;

  constructor(private readonly options: DynamoDBStreamReaderOptions) {
    this.pollIntervalMs = options.pollIntervalMs ?? DYNAMODB_POLL_INTERVAL_MS;
  }

  /** The engine's stream ARN; fails when the table does not exist, and says so when it has no stream. */
  async describe(): Promise<string | undefined> {
    const { Table } = await this.options.dynamodb.send(new DescribeTableCommand({ TableName: this.options.tableName }));
    this.#streamArn = Table?.StreamSpecification?.StreamEnabled === false ? undefined : Table?.LatestStreamArn;
    return this.#streamArn;
  }

  get #arn(): string {
    if (!this.#streamArn) throw new Error(`DynamoDB stream of table ${this.options.tableName} not resolved: call describe() first`);
    return this.#streamArn;
  }

  async shards(): Promise<ShardDescription[]> {
    const shards: Shard[] = [];
    let start: string | undefined;
    do {
      const { StreamDescription } = await this.options.streams.send(
        new DescribeStreamCommand({ StreamArn: this.#arn, ...(start ? { ExclusiveStartShardId: start } : {}) }),
      );
      shards.push(...(StreamDescription?.Shards ?? []));
      start = StreamDescription?.LastEvaluatedShardId;
    } while (start);
    return shards.map((shard) => ({
      shardId: shard.ShardId ?? '',
      parentShardIds: shard.ParentShardId ? [shard.ParentShardId] : [],
      closed: shard.SequenceNumberRange?.EndingSequenceNumber !== undefined,
    }));
  }

  async iterator(shardId: string, position: StartingPosition): Promise<string | undefined> {
    if (position.type === 'AT_TIMESTAMP') throw new Error('DynamoDB Streams has no AT_TIMESTAMP iterator (Lambda accepts TRIM_HORIZON or LATEST)');
    const { ShardIterator } = await this.options.streams.send(
      new GetShardIteratorCommand({
        StreamArn: this.#arn,
        ShardId: shardId,
        ShardIteratorType: position.type,
        ...(position.type === 'AFTER_SEQUENCE_NUMBER' ? { SequenceNumber: position.sequenceNumber } : {}),
      }),
    );
    return ShardIterator;
  }

  async read(_shardId: string, iterator: string, limit: number): Promise<{ items: StreamItem[]; nextIterator?: string }> {
    const page = await this.options.streams.send(new GetRecordsCommand({ ShardIterator: iterator, Limit: Math.min(limit, this.maxRecordsPerRead) }));
    const readAt = this.options.clock.now();
    const items = (page.Records ?? []).map((raw): StreamItem => {
      const record = dynamoDBStreamRecordOf(raw, this.options.placement);
      const created = record.dynamodb?.ApproximateCreationDateTime;
      return {
        sequenceNumber: record.dynamodb?.SequenceNumber ?? '',
        arrivedAt: readAt,
        arrival: isoSeconds(created === undefined ? readAt : created * 1000),
        record,
        sizeBytes: recordSize(record),
      };
    });
    return { items, ...(page.NextShardIterator ? { nextIterator: page.NextShardIterator } : {}) };
  }

  isExpiredIterator(error: unknown): boolean {
    return error instanceof ExpiredIteratorException;
  }

  /**
   * DynamoDB Local numbers stream records with one counter for all tables, and an iterator taken on an empty shard
   * points at the counter's value then. Once another table has been written to, the shard's first record has a
   * higher number and that iterator fails with TrimmedDataAccessException ("read past the oldest stream record"),
   * forever. Iterators after a record read are not affected. (On AWS this error means records older than 24 hours.)
   */
  isEmptyShardIteratorRefused(error: unknown): boolean {
    return error instanceof TrimmedDataAccessException;
  }
}
