import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBStreamsClient } from '@aws-sdk/client-dynamodb-streams';
import { KinesisClient } from '@aws-sdk/client-kinesis';
import { GetQueueAttributesCommand, GetQueueUrlCommand, SQSClient } from '@aws-sdk/client-sqs';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import { Agent } from 'node:http';
import { systemClock, type Clock } from '../clock.ts';
import { functionArn } from '../lambda/function-arn.ts';
import { engineSigner } from '../engines/engine-signer.ts';
import type { EventSourceMappingSpec } from '../topology/types.ts';
import {
  DEFAULT_SQS_POLLERS,
  MAX_LOCAL_SQS_POLLERS,
  MAX_SQS_MAXIMUM_CONCURRENCY,
  MAX_TUMBLING_WINDOW_SECONDS,
  MIN_SQS_MAXIMUM_CONCURRENCY,
  SHARD_DISCOVERY_INTERVAL_MS,
  SQS_BATCH_SIZE_WITHOUT_WINDOW_MAX,
  SQS_FIFO_BATCH_SIZE_MAX,
  SQS_LONG_POLL_SECONDS,
  SQS_WINDOW_VISIBILITY_MARGIN_SECONDS,
  STREAM_RETRY_BACKOFF,
} from './constants.ts';
import { memoryCheckpoints } from './checkpoint-store.ts';
import { describeError } from './describe-error.ts';
import { DynamoDBStreamReader } from './dynamodb-stream-reader.ts';
import { EventSourceMappingError, EventSourceNotFoundError, InvalidMappingPropertyError, RefusedMappingError } from './errors.ts';
import { compileFilter, type RecordFilter } from './filter.ts';
import { KinesisReader } from './kinesis-reader.ts';
import { SqsPoller } from './sqs-poller.ts';
import { StreamMapping } from './stream-mapping.ts';
import type { EventSourceMappingsOptions, EventSourceTopology, Report } from './types.ts';
import type { SourceWatch } from './work-signals.ts';

const DEFAULT_CREDENTIALS = { accessKeyId: 'test', secretAccessKey: 'test' };

/** A mapping ready to run: its pollers, started by `run`. */
interface PreparedMapping {
  spec: EventSourceMappingSpec;
  pollers: number;
  report: Report;
  run(signal: AbortSignal): Promise<unknown>;
  /** An SQS mapping's queue. */
  queueUrl?: string;
  /** A stream mapping's `StreamMapping.idleSince`. */
  idleSince?: () => number | undefined;
}

interface Clients {
  sqs?: SQSClient;
  kinesis?: KinesisClient;
  dynamodb?: DynamoDBClient;
  streams?: DynamoDBStreamsClient;
}

/**
 * Lambda's event source mappings, locally: the pollers Lambda runs for SQS queues, Kinesis streams and DynamoDB
 * streams, reading the local engines and invoking functions synchronously with the batches, with AWS's batching,
 * filtering, partial batch responses, retries, bisection, record age, on-failure destinations and tumbling windows.
 *
 * @example
 * const engines = await startEngines();
 * const lambda = new LambdaService(topology.functions, { … });
 * const mappings = new EventSourceMappings(topology, {
 *   endpoints: { sqs: engines.sqs.endpoint, kinesis: engines.kinesis.endpoint, dynamodb: engines.dynamodb.endpoint },
 *   invoke: (name, event) => lambda.invoke(name, event),
 *   deliver: (arn, record, details) => router.deliver(arn, record, details),
 *   onActivity: (activity) => liveLog.esm(activity),
 * });
 * await mappings.start(); // throws EventSourceMappingError naming the mapping when a source is missing
 * // …
 * await mappings.stop();
 */
export class EventSourceMappings {
  readonly #topology: EventSourceTopology;
  readonly #options: EventSourceMappingsOptions;
  readonly #clock: Clock;
  readonly #clients: Clients = {};
  /** Each SQS mapping's own client (see `#pollerClient`). */
  readonly #pollerClients: SQSClient[] = [];
  /** Each mapping's wake-ups (`options.signals`), closed at stop. */
  readonly #watches: SourceWatch[] = [];
  #controller: AbortController | undefined;
  #running: Promise<unknown>[] = [];
  #prepared: PreparedMapping[] = [];

  constructor(topology: EventSourceTopology, options: EventSourceMappingsOptions) {
    this.#topology = topology;
    this.#options = options;
    this.#clock = options.clock ?? systemClock;
  }

  /**
   * Checks every enabled mapping (its source exists, its settings and filter criteria are valid), then starts them
   * all. Nothing starts when one is wrong: the error names it (`EventSourceMappingError` and subclasses).
   */
  async start(): Promise<void> {
    if (this.#controller) throw new Error('EventSourceMappings already started');
    const prepared: PreparedMapping[] = [];
    for (const spec of this.#topology.eventSourceMappings) {
      const report = this.#reporter(spec);
      if (!spec.enabled) {
        report({ type: 'disabled', sourceArn: spec.eventSourceArn });
        continue;
      }
      prepared.push(await this.#prepare(spec, report));
    }
    const controller = new AbortController();
    this.#controller = controller;
    this.#prepared = prepared;
    for (const mapping of prepared) {
      mapping.report({ type: 'started', sourceArn: mapping.spec.eventSourceArn, pollers: mapping.pollers });
      this.#running.push(
        mapping.run(controller.signal).catch((error: unknown) => {
          if (!controller.signal.aborted) mapping.report({ type: 'poll-error', error: describeError(error) });
        }),
      );
    }
  }

  /** Stops polling; resolves once in-flight invocations have returned and every poller has stopped. Idempotent. */
  async stop(): Promise<void> {
    this.#controller?.abort(new Error('event source mappings stopped'));
    await Promise.allSettled(this.#running);
    this.#running = [];
    for (const watch of this.#watches.splice(0)) watch.close();
    this.#prepared = [];
    for (const client of [...Object.values(this.#clients), ...this.#pollerClients.splice(0)]) client.destroy();
  }

  /**
   * Since when every shard of every stream mapping has had nothing to do (`ShardPoller.idleSince`, the earliest;
   * `Infinity` without stream mappings); `undefined` while one has work.
   */
  streamsIdleSince(): number | undefined {
    let since = Number.POSITIVE_INFINITY;
    for (const mapping of this.#prepared) {
      if (!mapping.idleSince) continue;
      const idle = mapping.idleSince();
      if (idle === undefined) return undefined;
      since = Math.min(since, idle);
    }
    return since;
  }

  /** Messages in the SQS mappings' queues, visible, in flight or delayed (SQS's approximate counts), summed. */
  async sqsMessagesWaiting(): Promise<number> {
    const sqs = this.#clients.sqs;
    let waiting = 0;
    for (const { queueUrl } of this.#prepared) {
      if (!sqs || queueUrl === undefined) continue;
      const { Attributes = {} } = await sqs.send(
        new GetQueueAttributesCommand({
          QueueUrl: queueUrl,
          AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible', 'ApproximateNumberOfMessagesDelayed'],
        }),
      );
      for (const name of ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible', 'ApproximateNumberOfMessagesDelayed'] as const) {
        waiting += Number(Attributes[name] ?? 0);
      }
    }
    return waiting;
  }

  /**
   * The SQS client of one mapping's pollers, with a socket for each poller's long poll and one for its deletes.
   * A client shared by every mapping (the SDK pools 50 sockets per client) let a dozen mappings' 20-second long
   * polls hold every socket: deletes then waited for a long poll to end, receipt handles expired and messages
   * processed successfully came back. With its own pool, no mapping's polls can delay another's deletes.
   */
  #pollerClient(pollers: number): SQSClient {
    const client = new SQSClient({
      ...this.#clientConfig(this.#options.endpoints.sqs),
      requestHandler: new NodeHttpHandler({ httpAgent: new Agent({ keepAlive: true, maxSockets: pollers * 2 }) }),
    });
    this.#pollerClients.push(client);
    return client;
  }

  async #prepare(spec: EventSourceMappingSpec, report: Report): Promise<PreparedMapping> {
    const id = mappingId(spec);
    if (spec.batchSize < 1) throw new InvalidMappingPropertyError(id, 'BatchSize', `must be at least 1, got ${spec.batchSize}`);
    const filter = compileFilter(spec.kind, spec.filterPatterns, id);
    switch (spec.kind) {
      case 'sqs':
        return this.#prepareSqs(spec, filter, report);
      case 'kinesis':
      case 'dynamodb':
        return this.#prepareStream(spec, filter, report);
      default:
        throw new EventSourceMappingError(id, `event source kind ${String((spec as { kind: unknown }).kind)} is not supported`);
    }
  }

  async #prepareSqs(spec: EventSourceMappingSpec, filter: RecordFilter, report: Report): Promise<PreparedMapping> {
    const id = mappingId(spec);
    const { maximumConcurrency } = spec;
    if (maximumConcurrency !== undefined && (maximumConcurrency < MIN_SQS_MAXIMUM_CONCURRENCY || maximumConcurrency > MAX_SQS_MAXIMUM_CONCURRENCY)) {
      throw new InvalidMappingPropertyError(
        id,
        'ScalingConfig.MaximumConcurrency',
        `must be between ${MIN_SQS_MAXIMUM_CONCURRENCY} and ${MAX_SQS_MAXIMUM_CONCURRENCY}, got ${maximumConcurrency}`,
      );
    }
    const sqs = (this.#clients.sqs ??= new SQSClient(this.#clientConfig(this.#options.endpoints.sqs)));
    const queueName = resourceName(spec.eventSourceArn, /:([^:/]+)$/);
    let queueUrl: string;
    try {
      queueUrl = (await sqs.send(new GetQueueUrlCommand({ QueueName: queueName }))).QueueUrl ?? '';
    } catch (error) {
      throw new EventSourceNotFoundError(id, spec.eventSourceArn, `no queue named ${queueName} (${describeError(error)})`, { cause: error });
    }
    const queue = await queueSettings(sqs, queueUrl);
    const functionTimeoutSeconds = this.#topology.functions.find((fn) => fn.name === spec.functionName)?.timeoutSeconds;
    const refusal = sqsMappingRefusal(spec, queue, functionTimeoutSeconds);
    if (refusal) throw new RefusedMappingError(id, refusal);
    const receiveVisibilityTimeoutSeconds = windowVisibilityTimeout(spec, queue, functionTimeoutSeconds);
    const pollers = Math.min(maximumConcurrency ?? this.#options.defaultSqsConcurrency ?? DEFAULT_SQS_POLLERS, MAX_LOCAL_SQS_POLLERS);
    const context = {
      spec,
      sqs: this.#pollerClient(pollers),
      queueUrl,
      placement: { arn: spec.eventSourceArn, region: this.#topology.region },
      invoke: this.#options.invoke,
      clock: this.#clock,
      filter,
      report,
      waitTimeSeconds: this.#options.polling?.sqsWaitTimeSeconds ?? SQS_LONG_POLL_SECONDS,
      ...(receiveVisibilityTimeoutSeconds === undefined ? {} : { receiveVisibilityTimeoutSeconds }),
      ...(this.#options.chaos ? { chaos: this.#options.chaos } : {}),
      ...this.#watchOf('sqs', queueName),
      ...retryVisibility(this.#options.timeScale, receiveVisibilityTimeoutSeconds ?? queue.visibilityTimeoutSeconds),
    };
    return {
      spec,
      pollers,
      report,
      queueUrl,
      run: (signal) =>
        Promise.all(
          Array.from({ length: pollers }, () =>
            new SqsPoller(context).run(signal).catch((error: unknown) => {
              if (!signal.aborted) throw error;
            }),
          ),
        ),
    };
  }

  async #prepareStream(spec: EventSourceMappingSpec, filter: RecordFilter, report: Report): Promise<PreparedMapping> {
    const id = mappingId(spec);
    const tumbling = spec.tumblingWindowInSeconds ?? 0;
    if (tumbling < 0 || tumbling > MAX_TUMBLING_WINDOW_SECONDS) {
      throw new InvalidMappingPropertyError(id, 'TumblingWindowInSeconds', `must be between 0 and ${MAX_TUMBLING_WINDOW_SECONDS}, got ${tumbling}`);
    }
    const reader = spec.kind === 'kinesis' ? await this.#kinesisReader(spec) : await this.#dynamodbReader(spec);
    const sourceName = spec.kind === 'kinesis' ? resourceName(spec.eventSourceArn, /:stream\/([^/]+)/) : resourceName(spec.eventSourceArn, /:table\/([^/]+)/);
    const mapping = new StreamMapping({
      spec,
      reader,
      invoke: this.#options.invoke,
      deliver: this.#options.deliver,
      clock: this.#clock,
      filter,
      report,
      functionArn:
        this.#topology.functions.find((fn) => fn.name === spec.functionName)?.arn ??
        functionArn(this.#topology.region, this.#topology.accountId, spec.functionName),
      retryBackoff: this.#options.retryBackoff ?? STREAM_RETRY_BACKOFF,
      discoveryIntervalMs: this.#options.polling?.shardDiscoveryIntervalMs ?? SHARD_DISCOVERY_INTERVAL_MS,
      checkpoints: (this.#options.checkpoints ?? memoryCheckpoints).open({
        uuid: spec.uuid,
        eventSourceArn: spec.eventSourceArn,
        functionName: spec.functionName,
      }),
      ...this.#watchOf(spec.kind, sourceName),
    });
    return { spec, pollers: 1, report, run: (signal) => mapping.run(signal), idleSince: () => mapping.idleSince() };
  }

  async #kinesisReader(spec: EventSourceMappingSpec): Promise<KinesisReader> {
    const client = (this.#clients.kinesis ??= new KinesisClient(this.#clientConfig(this.#options.endpoints.kinesis)));
    const streamName = resourceName(spec.eventSourceArn, /:stream\/([^/]+)/);
    const stream = this.#topology.streams.find((candidate) => candidate.arn === spec.eventSourceArn || candidate.name === streamName);
    const reader = new KinesisReader({
      client,
      clock: this.#clock,
      streamName,
      placement: {
        arn: spec.eventSourceArn,
        region: this.#topology.region,
        // The topology does not carry execution roles: a role named after the function stands in for it.
        invokeIdentityArn: `arn:aws:iam::${this.#topology.accountId}:role/${spec.functionName}-role`,
      },
      retentionHours: stream?.retentionPeriodHours ?? 24,
      ...(this.#options.polling?.kinesisIntervalMs === undefined ? {} : { pollIntervalMs: this.#options.polling.kinesisIntervalMs }),
    });
    try {
      await reader.describe();
    } catch (error) {
      throw new EventSourceNotFoundError(mappingId(spec), spec.eventSourceArn, `no Kinesis stream named ${streamName} (${describeError(error)})`, {
        cause: error,
      });
    }
    return reader;
  }

  async #dynamodbReader(spec: EventSourceMappingSpec): Promise<DynamoDBStreamReader> {
    const id = mappingId(spec);
    if (spec.startingPosition === 'AT_TIMESTAMP') {
      throw new InvalidMappingPropertyError(id, 'StartingPosition', 'AT_TIMESTAMP is not valid for a DynamoDB stream (TRIM_HORIZON or LATEST)');
    }
    const config = this.#clientConfig(this.#options.endpoints.dynamodb);
    const tableName = resourceName(spec.eventSourceArn, /:table\/([^/]+)/);
    const reader = new DynamoDBStreamReader({
      dynamodb: (this.#clients.dynamodb ??= new DynamoDBClient(config)),
      streams: (this.#clients.streams ??= new DynamoDBStreamsClient(config)),
      clock: this.#clock,
      tableName,
      placement: { arn: spec.eventSourceArn, region: this.#topology.region },
      ...(this.#options.polling?.dynamodbIntervalMs === undefined ? {} : { pollIntervalMs: this.#options.polling.dynamodbIntervalMs }),
    });
    let streamArn: string | undefined;
    try {
      streamArn = await reader.describe();
    } catch (error) {
      throw new EventSourceNotFoundError(id, spec.eventSourceArn, `no DynamoDB table named ${tableName} (${describeError(error)})`, { cause: error });
    }
    if (!streamArn) throw new EventSourceNotFoundError(id, spec.eventSourceArn, `table ${tableName} has no stream (StreamSpecification)`);
    return reader;
  }

  /** The source's wake-ups, when the runtime tells of writes (`options.signals`); else nothing: interval polling. */
  #watchOf(service: 'sqs' | 'kinesis' | 'dynamodb', name: string): { watch?: SourceWatch } {
    const watch = this.#options.signals?.watch(service, name);
    if (!watch) return {};
    this.#watches.push(watch);
    return { watch };
  }

  #clientConfig(endpoint: string) {
    const credentials = this.#options.credentials ?? DEFAULT_CREDENTIALS;
    const region = this.#topology.region;
    return { endpoint, region, credentials, signer: engineSigner({ accessKeyId: credentials.accessKeyId, region }) };
  }

  #reporter(spec: EventSourceMappingSpec): Report {
    const onActivity = this.#options.onActivity;
    if (!onActivity) return () => {};
    return (activity) =>
      onActivity({ ...activity, mapping: spec.uuid, functionName: spec.functionName, source: spec.kind, at: this.#clock.now() } as Parameters<
        typeof onActivity
      >[0]);
  }
}

/** The queue's settings as the engine has them (the template's, or changed since through SetQueueAttributes). */
/** With a `timeScale` above 1, how soon an undeleted message comes back: its visibility timeout scaled, at least 1 s. */
function retryVisibility(timeScale: number | undefined, visibilityTimeoutSeconds: number): { retryVisibilitySeconds?: number } {
  if (timeScale === undefined || timeScale <= 1) return {};
  return { retryVisibilitySeconds: Math.max(1, Math.ceil(visibilityTimeoutSeconds / timeScale)) };
}

async function queueSettings(sqs: SQSClient, queueUrl: string): Promise<{ fifo: boolean; visibilityTimeoutSeconds: number }> {
  const { Attributes } = await sqs.send(new GetQueueAttributesCommand({ QueueUrl: queueUrl, AttributeNames: ['FifoQueue', 'VisibilityTimeout'] }));
  return {
    fifo: Attributes?.['FifoQueue'] === 'true' || queueUrl.endsWith('.fifo'),
    visibilityTimeoutSeconds: Number(Attributes?.['VisibilityTimeout'] ?? 30),
  };
}

/**
 * Why Lambda's CreateEventSourceMapping would refuse this SQS mapping, in AWS's words, or undefined. The messages
 * are those the Lambda API answers (as CloudFormation and the SDKs report them); the rules are documented in
 * https://docs.aws.amazon.com/lambda/latest/dg/services-sqs-parameters.html (FIFO: no batching window, BatchSize
 * at most 10) and https://docs.aws.amazon.com/lambda/latest/dg/services-sqs-configure.html ("Your function's
 * timeout must be less than or equal to the queue's visibility timeout. Lambda validates this requirement when you
 * create or update an event source mapping").
 */
export function sqsMappingRefusal(
  spec: Pick<EventSourceMappingSpec, 'batchSize' | 'maximumBatchingWindowSeconds'>,
  queue: { fifo: boolean; visibilityTimeoutSeconds: number },
  functionTimeoutSeconds: number | undefined,
): string | undefined {
  const window = spec.maximumBatchingWindowSeconds;
  if (queue.fifo && window > 0) return 'Batching window is not supported for FIFO queues';
  if (queue.fifo && spec.batchSize > SQS_FIFO_BATCH_SIZE_MAX) return `Maximum batch size must be between 1 and ${SQS_FIFO_BATCH_SIZE_MAX} inclusive`;
  if (spec.batchSize > SQS_BATCH_SIZE_WITHOUT_WINDOW_MAX && window <= 0) {
    return `Maximum batch window in seconds must be greater than 0 if maximum batch size is greater than ${SQS_BATCH_SIZE_WITHOUT_WINDOW_MAX}`;
  }
  if (functionTimeoutSeconds !== undefined && queue.visibilityTimeoutSeconds < functionTimeoutSeconds) {
    return `Queue visibility timeout: ${queue.visibilityTimeoutSeconds} seconds is less than Function timeout: ${functionTimeoutSeconds} seconds`;
  }
  return undefined;
}

/**
 * The visibility timeout a mapping with a batching window receives with: window + function timeout + 30 s when that
 * is longer than the queue's (see SQS_WINDOW_VISIBILITY_MARGIN_SECONDS); undefined to keep the queue's.
 */
export function windowVisibilityTimeout(
  spec: Pick<EventSourceMappingSpec, 'maximumBatchingWindowSeconds'>,
  queue: { visibilityTimeoutSeconds: number },
  functionTimeoutSeconds: number | undefined,
): number | undefined {
  if (spec.maximumBatchingWindowSeconds <= 0 || functionTimeoutSeconds === undefined) return undefined;
  const extended = spec.maximumBatchingWindowSeconds + functionTimeoutSeconds + SQS_WINDOW_VISIBILITY_MARGIN_SECONDS;
  return extended > queue.visibilityTimeoutSeconds ? extended : undefined;
}

function mappingId(spec: EventSourceMappingSpec): string {
  return `${spec.stackName}/${spec.logicalId}`;
}

/** The queue, stream or table name in an ARN; the whole ARN if it does not have the expected form. */
function resourceName(arn: string, pattern: RegExp): string {
  return pattern.exec(arn)?.[1] ?? arn;
}
