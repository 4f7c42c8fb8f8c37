import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { KinesisClient } from '@aws-sdk/client-kinesis';
import { S3Client } from '@aws-sdk/client-s3';
import { SQSClient } from '@aws-sdk/client-sqs';
import type { LocalTopology } from '../topology/types.ts';
import { provisionBucket, type ProvisionedBucket } from './buckets.ts';
import { EngineArns } from './engine-arns.ts';
import { inRedriveOrder, provisionQueue, type ProvisionedQueue } from './queues.ts';
import { provisionStream, type ProvisionedStream } from './streams.ts';
import { provisionTable, type ProvisionedTable } from './tables.ts';

/** Where the engines listen: `Engines` from `local/engines` fits. */
export interface EngineEndpoints {
  dynamodb: { endpoint: string };
  kinesis: { endpoint: string };
  sqs: { endpoint: string };
  s3: { endpoint: string };
}

export type ProvisionTopology = Pick<LocalTopology, 'region' | 'tables' | 'queues' | 'streams' | 'buckets'>;

export interface ProvisionedTopology {
  tables: ProvisionedTable[];
  queues: ProvisionedQueue[];
  streams: ProvisionedStream[];
  buckets: ProvisionedBucket[];
  /** Topology ARN ↔ engine ARN, for every resource whose engine assigned another (table streams, queues, streams). */
  arns: EngineArns;
}

/** The engines check no signatures; the SDK still wants credentials to sign with. */
const ANY_CREDENTIALS = { accessKeyId: 'local', secretAccessKey: 'local' };

/**
 * Creates the topology's tables, queues, Kinesis streams and buckets in the running engines. Idempotent: on a
 * persisted directory, existing resources are kept (queue attributes and TTL are brought to the template's).
 * Dead-letter queues are created before the queues that redrive to them.
 *
 * @example
 * const provisioned = await provisionTopology(topology, engines);
 * provisioned.arns.toEngine(topology.tables[0].stream.arn); // DynamoDB Local's stream ARN
 */
export async function provisionTopology(topology: ProvisionTopology, engines: EngineEndpoints): Promise<ProvisionedTopology> {
  const config = (endpoint: string) => ({ endpoint, region: topology.region, credentials: ANY_CREDENTIALS });
  const dynamodb = new DynamoDBClient(config(engines.dynamodb.endpoint));
  const kinesis = new KinesisClient(config(engines.kinesis.endpoint));
  const sqs = new SQSClient(config(engines.sqs.endpoint));
  const s3 = new S3Client({ ...config(engines.s3.endpoint), forcePathStyle: true });
  try {
    const [tables, streams, queues, buckets] = await Promise.all([
      Promise.all(topology.tables.map((table) => provisionTable(dynamodb, table))),
      Promise.all(topology.streams.map((stream) => provisionStream(kinesis, stream))),
      provisionQueues(sqs, topology.queues),
      Promise.all(topology.buckets.map((bucket) => provisionBucket(s3, bucket))),
    ]);

    const arns = new EngineArns();
    for (const table of tables) {
      const spec = topology.tables.find((t) => t.name === table.name);
      if (spec?.stream && table.engineStreamArn) arns.add(spec.stream.arn, table.engineStreamArn);
    }
    for (const queue of queues) arns.add(queue.arn, queue.engineArn);
    for (const stream of streams) arns.add(stream.arn, stream.engineArn);
    return { tables, queues, streams, buckets, arns };
  } finally {
    for (const client of [dynamodb, kinesis, sqs, s3]) client.destroy();
  }
}

async function provisionQueues(client: SQSClient, specs: LocalTopology['queues']): Promise<ProvisionedQueue[]> {
  const ordered = inRedriveOrder(specs);
  const provisioning = new Map<string, Promise<ProvisionedQueue>>();
  // All at once, except that a queue waits for its DLQ: RedrivePolicy needs the DLQ's ARN as the engine knows it.
  // The redrive order puts each DLQ first, so its promise is there when a queue that redrives to it asks.
  for (const queue of ordered) {
    const dlq = queue.redrivePolicy ? provisioning.get(queue.redrivePolicy.deadLetterTargetArn) : undefined;
    provisioning.set(queue.arn, (async () => provisionQueue(client, queue, dlq ? (await dlq).engineArn : undefined))());
  }
  return Promise.all(ordered.map((queue) => provisioning.get(queue.arn) as Promise<ProvisionedQueue>));
}
