import type { ManualClock } from '../../../clock.ts';
import { memoryCheckpoints } from '../../../esm/checkpoint-store.ts';
import { ShardPoller } from '../../../esm/shard-poller.ts';
import type { StartingPosition, StreamItem, StreamReader } from '../../../esm/stream-reader.ts';
import type { EsmActivity, SourceWatch } from '../../../esm/index.ts';
import type { EventSourceMappingSpec } from '../../../topology/types.ts';
import { kinesisRecord } from '../../../aws/events/index.ts';
import type { FakeFunction } from './fake-function.ts';
import { functionArn } from './topology.ts';

export const SHARD_ID = 'shardId-000000000000';

/**
 * One Kinesis shard held in memory, whose records arrive at times the test chooses: lets tumbling windows and record
 * ages be checked to the millisecond against a manual clock.
 */
export class MemoryShard implements StreamReader {
  readonly source = 'kinesis';
  readonly pollIntervalMs = 1_000;
  readonly maxRecordsPerRead = 10_000;
  readonly retentionMs = 24 * 3_600_000;
  readonly items: StreamItem[] = [];

  /** Appends a record whose JSON data is `data`, arrived at `arrivedAt` (epoch ms). */
  add(data: unknown, arrivedAt: number): string {
    const sequenceNumber = String(49_000_000_000n + BigInt(this.items.length));
    const record = kinesisRecord(data, { sequenceNumber, arrivedAt: new Date(arrivedAt), shardId: SHARD_ID });
    this.items.push({ sequenceNumber, arrivedAt, arrival: new Date(arrivedAt).toISOString(), record, sizeBytes: JSON.stringify(record).length });
    return sequenceNumber;
  }

  async shards() {
    return [{ shardId: SHARD_ID, parentShardIds: [], closed: false }];
  }

  async iterator(_shardId: string, position: StartingPosition): Promise<string> {
    if (position.type === 'AFTER_SEQUENCE_NUMBER') return String(this.items.findIndex((item) => item.sequenceNumber === position.sequenceNumber) + 1);
    return position.type === 'LATEST' ? String(this.items.length) : '0';
  }

  async read(_shardId: string, iterator: string, limit: number) {
    const from = Number(iterator);
    const items = this.items.slice(from, from + limit);
    return { items, nextIterator: String(from + items.length) };
  }

  isExpiredIterator(): boolean {
    return false;
  }
}

export interface RunningShard {
  activities: EsmActivity[];
  stop(): Promise<void>;
}

/** Runs a ShardPoller over a memory shard on a manual clock; `watch`: the wake-ups of writes to the shard. */
export function pollShard(
  shard: MemoryShard,
  spec: EventSourceMappingSpec,
  fn: FakeFunction,
  clock: ManualClock,
  retryBackoff = { initialMs: 0, maxMs: 0 },
  watch?: SourceWatch,
): RunningShard {
  const activities: EsmActivity[] = [];
  const controller = new AbortController();
  const poller = new ShardPoller(
    SHARD_ID,
    { type: 'TRIM_HORIZON' },
    {
      spec,
      reader: shard,
      invoke: fn.invoke,
      deliver: async () => {},
      clock,
      filter: () => true,
      report: (activity) =>
        activities.push({ ...activity, mapping: spec.uuid, functionName: spec.functionName, source: 'kinesis', at: clock.now() } as EsmActivity),
      functionArn: functionArn(),
      retryBackoff,
      checkpoints: memoryCheckpoints.open({ uuid: spec.uuid, eventSourceArn: spec.eventSourceArn, functionName: spec.functionName }),
      ...(watch ? { watch } : {}),
    },
  );
  const running = poller.run(controller.signal).catch(() => {});
  return {
    activities,
    async stop() {
      controller.abort();
      await running;
    },
  };
}
