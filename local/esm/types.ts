import type { Chaos } from '../chaos/chaos.ts';
import type { Clock } from '../clock.ts';
import type { CheckpointStore } from './checkpoint-store.ts';
import type { Deliver, InvokeResult } from '../lambda/types.ts';
import type { EventSourceKind, LocalTopology } from '../topology/types.ts';
import type { WorkSignals } from './work-signals.ts';

/** What a mapping needs of an invocation's result: `LambdaService.invoke` returns it. */
export type InvokeOutcome = Pick<InvokeResult, 'requestId' | 'statusCode' | 'executedVersion' | 'payload' | 'response' | 'functionError'>;

/**
 * A synchronous (RequestResponse) invocation, as event source mappings make them: `LambdaService.invoke`. A
 * function error resolves with `functionError`; a rejection (throttled, function missing, service stopped) means
 * the batch never reached the function.
 */
export type Invoke = (functionName: string, payload: unknown) => Promise<InvokeOutcome>;

/** The parts of the topology mappings read. */
export type EventSourceTopology = Pick<LocalTopology, 'accountId' | 'region' | 'functions' | 'queues' | 'tables' | 'streams' | 'eventSourceMappings'>;

export interface PollingOptions {
  /** SQS `WaitTimeSeconds` while no batch is being gathered. @default 20 (as Lambda) */
  sqsWaitTimeSeconds?: number;
  /** Pause after an empty GetRecords on a Kinesis shard. @default 1000 (as Lambda) */
  kinesisIntervalMs?: number;
  /** Pause after an empty GetRecords on a DynamoDB stream shard. @default 250 (as Lambda) */
  dynamodbIntervalMs?: number;
  /** How often stream mappings look for new shards. @default 10000 */
  shardDiscoveryIntervalMs?: number;
}

export interface EventSourceMappingsOptions {
  /** The engines' endpoints (`startEngines()`): SQS (fauxqs), Kinesis (the HTTP/2 + 1.1 front), DynamoDB Local (+ Streams). */
  endpoints: { sqs: string; kinesis: string; dynamodb: string };
  invoke: Invoke;
  /**
   * Sends a stream batch's on-failure record to its SQS, SNS or S3 destination (details.reason `on-failure`,
   * details.body the record's JSON). A rejection is reported as `delivery-failed`; the shard moves on regardless.
   */
  deliver: Deliver;
  /** Batching windows, retry backoff, record age, tumbling windows and poll intervals run on it. @default systemClock */
  clock?: Clock;
  onActivity?: (activity: EsmActivity) => void;
  /** Pollers (= concurrent batches) of an SQS mapping without `ScalingConfig.MaximumConcurrency`. @default 5 */
  defaultSqsConcurrency?: number;
  polling?: PollingOptions;
  /** Delay before retrying a failed stream batch, doubling from `initialMs` to `maxMs`. @default 1 s to 30 s */
  retryBackoff?: { initialMs: number; maxMs: number };
  /** `--chaos`: SQS duplicate receives and consumer crashes before delete. @default none (no fault, no cost) */
  chaos?: Chaos;
  /**
   * The runtime's `timeScale`: an SQS message left undeleted (failed, throttled, consumer crashed) comes back after
   * its visibility timeout divided by this (at least 1 s) instead of the whole timeout. @default 1 (as on AWS)
   */
  timeScale?: number;
  /**
   * Where stream mappings keep each shard's checkpoint (and open tumbling window): `FileCheckpointStore` resumes
   * them after a restart. @default in memory: a restart begins again at the starting position
   */
  checkpoints?: CheckpointStore;
  /**
   * Writes the runtime sees (its endpoint forwarding `PutItem`, `PutRecords`, `SendMessage`; targets and destinations
   * sending to queues and streams), told by table, stream or queue name: a stream poller sleeping its interval after an
   * empty read, or an SQS poller between the receives of a batching window, wakes at once for the source written to.
   * Batching windows, batch sizes and visibility timeouts are unchanged. @default none: pollers sleep their intervals
   */
  signals?: WorkSignals;
  /** Credentials for the engine clients (local engines accept any). @default test/test */
  credentials?: { accessKeyId: string; secretAccessKey: string };
}

/** A structured account of what a mapping did, for the live log. `at` is the service clock's time. */
export type EsmActivity = { mapping: string; functionName: string; source: EventSourceKind; at: number } & (
  | { type: 'started'; sourceArn: string; pollers: number }
  | { type: 'disabled'; sourceArn: string }
  | { type: 'shard-started'; shardId: string; position: string }
  | { type: 'shard-ended'; shardId: string }
  /** Records dropped by FilterCriteria: deleted from the queue (SQS), skipped (streams). */
  | { type: 'filtered'; count: number; shardId?: string }
  | {
      type: 'invoked';
      requestId: string;
      size: number;
      shardId?: string;
      outcome: 'success' | 'partial' | 'function-error' | 'invalid-response';
      /** Records the outcome leaves to retry (SQS: left in the queue). */
      failed: number;
      /** SQS: the message ids left to retry, when any (what the explorer names a dead letter's last failure by). */
      failedIds?: string[];
      /** Tumbling windows only. */
      window?: { start: string; end: string; final: boolean };
      reason?: string;
    }
  /** The invocation never reached the function (throttled, function missing): nothing counted as an attempt. */
  | { type: 'invoke-failed'; size: number; shardId?: string; error: string }
  | { type: 'deleted'; count: number }
  | { type: 'retry-scheduled'; shardId: string; size: number; retry: number; delayMs: number }
  | { type: 'bisected'; shardId: string; sizes: [number, number] }
  /** A stream batch given up on: its on-failure record goes to `destination` when there is one. */
  | { type: 'discarded'; shardId: string; condition: string; count: number; destination?: string }
  | { type: 'delivery-failed'; destination: string; error: string }
  | { type: 'poll-error'; error: string; shardId?: string }
);

/** An activity without the fields every activity of a mapping shares. */
export type ActivityBody = EsmActivity extends infer T ? (T extends unknown ? Omit<T, 'mapping' | 'functionName' | 'source' | 'at'> : never) : never;

/** Where one mapping reports its activities. */
export type Report = (activity: ActivityBody) => void;
