import {
  DescribeStreamSummaryCommand,
  ExpiredIteratorException,
  GetRecordsCommand,
  GetShardIteratorCommand,
  type KinesisClient,
  ListShardsCommand,
  type Shard,
} from '@aws-sdk/client-kinesis';
import type { Clock } from '../clock.ts';
import { KINESIS_GET_RECORDS_MAX, KINESIS_POLL_INTERVAL_MS } from './constants.ts';
import { kinesisRecordOf, type KinesisSource } from '../aws/events/index.ts';
import { recordSize, type ShardDescription, type StartingPosition, type StreamItem, type StreamReader } from './stream-reader.ts';

export interface KinesisReaderOptions {
  client: KinesisClient;
  clock: Clock;
  /** From the stream's ARN (`…:stream/<name>`): kinesalite takes names. */
  streamName: string;
  placement: KinesisSource;
  retentionHours: number;
  pollIntervalMs?: number;
}

/** A Kinesis data stream, through the engine's HTTP front. */
export class KinesisReader implements StreamReader {
  readonly source = 'kinesis';
  readonly pollIntervalMs: number;
  readonly maxRecordsPerRead = KINESIS_GET_RECORDS_MAX;
  readonly retentionMs: number;

  constructor(private readonly options: KinesisReaderOptions) {
    this.pollIntervalMs = options.pollIntervalMs ?? KINESIS_POLL_INTERVAL_MS;
    this.retentionMs = options.retentionHours * 3_600_000;
  }

  /** Fails when the stream does not exist. */
  async describe(): Promise<void> {
    await this.options.client.send(new DescribeStreamSummaryCommand({ StreamName: this.options.streamName }));
  }

  async shards(): Promise<ShardDescription[]> {
    const shards: Shard[] = [];
    let nextToken: string | undefined;
    do {
      const page = await this.options.client.send(new ListShardsCommand(nextToken ? { NextToken: nextToken } : { StreamName: this.options.streamName }));
      shards.push(...(page.Shards ?? []));
      nextToken = page.NextToken;
    } while (nextToken);
    return shards.map((shard) => ({
      shardId: shard.ShardId ?? '',
      parentShardIds: [shard.ParentShardId, shard.AdjacentParentShardId].filter((id): id is string => !!id),
      closed: shard.SequenceNumberRange?.EndingSequenceNumber !== undefined,
    }));
  }

  async iterator(shardId: string, position: StartingPosition): Promise<string | undefined> {
    const { ShardIterator } = await this.options.client.send(
      new GetShardIteratorCommand({ StreamName: this.options.streamName, ShardId: shardId, ...iteratorPosition(position, this.options.clock) }),
    );
    return ShardIterator;
  }

  async read(shardId: string, iterator: string, limit: number): Promise<{ items: StreamItem[]; nextIterator?: string }> {
    const page = await this.options.client.send(new GetRecordsCommand({ ShardIterator: iterator, Limit: Math.min(limit, this.maxRecordsPerRead) }));
    const items = (page.Records ?? []).map((raw): StreamItem => {
      const record = kinesisRecordOf(raw, shardId, this.options.placement);
      const arrivedAt = raw.ApproximateArrivalTimestamp?.getTime() ?? this.options.clock.now();
      return {
        sequenceNumber: record.kinesis.sequenceNumber,
        arrivedAt,
        arrival: new Date(arrivedAt).toISOString(),
        record,
        sizeBytes: recordSize(record),
      };
    });
    return { items, ...(page.NextShardIterator ? { nextIterator: page.NextShardIterator } : {}) };
  }

  isExpiredIterator(error: unknown): boolean {
    return error instanceof ExpiredIteratorException;
  }
}

/**
 * GetShardIterator's position. AT_TIMESTAMP in the future is refused by Kinesis ("cannot be greater than the
 * current timestamp"): such a mapping reads from the latest record, which is what it would get once the time comes.
 */
function iteratorPosition(position: StartingPosition, clock: Clock) {
  switch (position.type) {
    case 'AT_TIMESTAMP':
      return position.timestamp > clock.now()
        ? { ShardIteratorType: 'LATEST' as const }
        : { ShardIteratorType: 'AT_TIMESTAMP' as const, Timestamp: new Date(position.timestamp) };
    case 'AFTER_SEQUENCE_NUMBER':
      return { ShardIteratorType: 'AFTER_SEQUENCE_NUMBER' as const, StartingSequenceNumber: position.sequenceNumber };
    default:
      return { ShardIteratorType: position.type };
  }
}
