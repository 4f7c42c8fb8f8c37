import { join } from 'node:path';
import { readJsonFile, writeFileAtomic } from '../persist/durable-file.ts';
import type { StartingPosition } from './stream-reader.ts';
import type { OpenWindow } from './tumbling-window.ts';

/** Where one shard of a stream mapping stands. */
export interface ShardCheckpoint {
  /**
   * The last record the mapping is done with: its batch succeeded or went to the on-failure destination (or the
   * record was filtered out). A restart reads from the record after it.
   */
  sequenceNumber?: string;
  /** Where the shard began, kept until its first checkpoint: a restart begins there again. */
  start?: StartingPosition;
  /** The shard is closed and was read to its end. */
  ended?: true;
  /** The open tumbling window with the state its last invocation returned (as of `sequenceNumber`). */
  window?: OpenWindow;
}

/** One mapping's checkpoints, by shard id. */
export interface MappingCheckpoints {
  /** The mapping ran before: shards it never saw appeared later (TRIM_HORIZON), not at its creation. */
  readonly resumed: boolean;
  get(shardId: string): ShardCheckpoint | undefined;
  /** Written before the call returns: a crash after it resumes from there. */
  save(shardId: string, checkpoint: ShardCheckpoint): void;
}

/** Identifies a mapping across runs: a changed source or function is a new mapping, as on AWS. */
export interface MappingIdentity {
  uuid: string;
  eventSourceArn: string;
  functionName: string;
}

/** Gives each stream mapping its checkpoints. */
export interface CheckpointStore {
  open(mapping: MappingIdentity): MappingCheckpoints;
}

/** Checkpoints kept in memory for the run: a restart begins again at the mapping's starting position. */
export const memoryCheckpoints: CheckpointStore = {
  open() {
    const shards = new Map<string, ShardCheckpoint>();
    return { resumed: false, get: (shardId) => shards.get(shardId), save: (shardId, checkpoint) => void shards.set(shardId, checkpoint) };
  },
};

interface CheckpointFile {
  mapping: MappingIdentity;
  shards: Record<string, ShardCheckpoint>;
}

/**
 * Checkpoints on disk, one JSON file per mapping (`<dir>/<uuid>.json`), replaced atomically on each save, so a
 * restart resumes each shard after the last record it was done with. Lambda keeps a mapping's position the same
 * way: "Lambda checkpoints … after each successful batch" and resumes from the checkpoint.
 * https://docs.aws.amazon.com/lambda/latest/dg/with-kinesis.html#kinesis-polling-and-batching
 */
export class FileCheckpointStore implements CheckpointStore {
  constructor(readonly dir: string) {}

  open(mapping: MappingIdentity): MappingCheckpoints {
    const path = join(this.dir, `${mapping.uuid.replace(/[^A-Za-z0-9._-]/g, '_')}.json`);
    const stored = readJsonFile(path) as CheckpointFile | undefined;
    const same = stored?.mapping.eventSourceArn === mapping.eventSourceArn && stored.mapping.functionName === mapping.functionName;
    const { uuid, eventSourceArn, functionName } = mapping;
    const file: CheckpointFile = { mapping: { uuid, eventSourceArn, functionName }, shards: same ? { ...stored.shards } : {} };
    // Written at once: the mapping exists from now on, even if it stops before its first batch.
    writeFileAtomic(path, JSON.stringify(file));
    return {
      resumed: same,
      get: (shardId) => file.shards[shardId],
      save: (shardId, checkpoint) => {
        file.shards[shardId] = checkpoint;
        writeFileAtomic(path, JSON.stringify(file));
      },
    };
  }
}
