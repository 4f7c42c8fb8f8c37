import { pause } from './batch-window.ts';
import { describeError as describe } from './describe-error.ts';
import { ShardPoller, type ShardPollerContext } from './shard-poller.ts';
import type { ShardDescription, StartingPosition } from './stream-reader.ts';
import type { OpenWindow } from './tumbling-window.ts';

export interface StreamMappingContext extends ShardPollerContext {
  discoveryIntervalMs: number;
}

interface RunningShard {
  done: boolean;
  poller?: ShardPoller;
  finished?: Promise<void>;
}

/**
 * A Kinesis or DynamoDB stream mapping: one `ShardPoller` per shard, all at once. Shards that appear later (a split
 * or merge, DynamoDB's shard rollover) are picked up by a periodic look at the stream; a child shard starts only once
 * its parents are read to their end, so records of one partition key stay in order across a reshard, as Lambda
 * guarantees.
 *
 * Shards present at start begin at the mapping's `StartingPosition` (LATEST skips shards that are already closed);
 * shards that appear later begin at TRIM_HORIZON: every record in them is new. A mapping that ran before (its
 * checkpoints were kept, `--persist`) resumes each shard after its checkpoint, as Lambda resumes a mapping; a shard
 * without one begins where it began in that run, or at TRIM_HORIZON when it appeared since.
 */
export class StreamMapping {
  readonly #ctx: StreamMappingContext;
  readonly #shards = new Map<string, RunningShard>();
  #wake: AbortController | undefined;

  constructor(ctx: StreamMappingContext) {
    this.#ctx = ctx;
  }

  /** The earliest `idleSince` of its running shards (`Infinity` with none); `undefined` while one has work. */
  idleSince(): number | undefined {
    let since = Number.POSITIVE_INFINITY;
    for (const shard of this.#shards.values()) {
      if (shard.done || !shard.poller) continue;
      const idle = shard.poller.idleSince;
      if (idle === undefined) return undefined;
      since = Math.min(since, idle);
    }
    return since;
  }

  /** Discovers shards and polls them until the signal aborts; resolves once every shard poller has stopped. */
  async run(signal: AbortSignal): Promise<void> {
    try {
      for (let initial = true; ; initial = false) {
        try {
          await this.#discover(initial, signal);
        } catch (error) {
          signal.throwIfAborted();
          this.#ctx.report({ type: 'poll-error', error: describe(error) });
        }
        await this.#sleep(signal);
      }
    } catch (error) {
      if (!signal.aborted) throw error;
    } finally {
      await Promise.allSettled([...this.#shards.values()].map((shard) => shard.finished));
    }
  }

  /** Waits for the next look at the stream; a shard reaching its end cuts the wait short (its children may start). */
  async #sleep(signal: AbortSignal): Promise<void> {
    // An abort that came during the look at the stream would never reach the listener below.
    signal.throwIfAborted();
    const wake = new AbortController();
    this.#wake = wake;
    const onAbort = () => wake.abort(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    try {
      await pause(this.#ctx.clock, this.#ctx.discoveryIntervalMs, wake.signal);
    } catch (error) {
      signal.throwIfAborted();
      if (!wake.signal.aborted) throw error;
    } finally {
      signal.removeEventListener('abort', onAbort);
    }
  }

  async #discover(initial: boolean, signal: AbortSignal): Promise<void> {
    const { checkpoints } = this.#ctx;
    const listed = await this.#ctx.reader.shards();
    const fresh = initial && !checkpoints.resumed;
    const start = fresh ? this.#startingPosition() : ({ type: 'TRIM_HORIZON' } as const);
    for (const shard of listed) {
      if (this.#shards.has(shard.shardId)) continue;
      const checkpoint = checkpoints.get(shard.shardId);
      // A closed shard has nothing after LATEST.
      if (checkpoint?.ended || (fresh && start.type === 'LATEST' && shard.closed)) {
        this.#shards.set(shard.shardId, { done: true });
        if (!checkpoint?.ended) checkpoints.save(shard.shardId, { ended: true });
      }
    }
    const ids = new Set(listed.map((shard) => shard.shardId));
    for (const shard of listed) {
      if (this.#shards.has(shard.shardId) || this.#waitsForParent(shard, ids)) continue;
      const checkpoint = checkpoints.get(shard.shardId);
      if (checkpoint?.sequenceNumber !== undefined) {
        this.#startShard(shard.shardId, { type: 'AFTER_SEQUENCE_NUMBER', sequenceNumber: checkpoint.sequenceNumber }, signal, checkpoint.window);
      } else if (checkpoint?.start) {
        this.#startShard(shard.shardId, checkpoint.start, signal);
      } else {
        // Kept so that a restart before the shard's first batch begins where this run began, not at a new LATEST.
        if (start.type !== 'TRIM_HORIZON') checkpoints.save(shard.shardId, { start: this.#resumable(start) });
        this.#startShard(shard.shardId, start, signal);
      }
    }
  }

  /**
   * LATEST means "from now", which a restart cannot ask for again: on Kinesis it becomes AT_TIMESTAMP now. DynamoDB
   * Streams has no AT_TIMESTAMP: a DynamoDB shard that was still at LATEST when the runtime stopped (no batch yet)
   * begins at LATEST again.
   */
  #resumable(position: StartingPosition): StartingPosition {
    if (position.type !== 'LATEST' || this.#ctx.reader.source !== 'kinesis') return position;
    return { type: 'AT_TIMESTAMP', timestamp: this.#ctx.clock.now() };
  }

  #waitsForParent(shard: ShardDescription, listed: ReadonlySet<string>): boolean {
    return shard.parentShardIds.some((parent) => listed.has(parent) && !this.#shards.get(parent)?.done);
  }

  #startShard(shardId: string, position: StartingPosition, signal: AbortSignal, window?: OpenWindow): void {
    const poller = new ShardPoller(shardId, position, this.#ctx, window);
    const running: RunningShard = { done: false, poller };
    running.finished = poller
      .run(signal)
      .catch((error: unknown) => {
        if (!signal.aborted) this.#ctx.report({ type: 'poll-error', shardId, error: describe(error) });
      })
      .finally(() => {
        running.done = true;
        this.#wake?.abort();
      });
    this.#shards.set(shardId, running);
  }

  #startingPosition(): StartingPosition {
    const { startingPosition = 'LATEST', startingPositionTimestamp } = this.#ctx.spec;
    if (startingPosition === 'AT_TIMESTAMP') return { type: 'AT_TIMESTAMP', timestamp: (startingPositionTimestamp ?? 0) * 1000 };
    return { type: startingPosition };
  }
}
