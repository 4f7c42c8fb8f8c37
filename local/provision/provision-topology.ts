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
  const provisioned: ProvisionedQueue[] = [];
  const engineArnOf = new Map<string, string>();
  // One at a time: a queue's DLQ ARN must be known before it is created.
  for (const queue of inRedriveOrder(specs)) {
    const dlqArn = queue.redrivePolicy ? engineArnOf.get(queue.redrivePolicy.deadLetterTargetArn) : undefined;
    const result = await provisionQueue(client, queue, dlqArn);
    engineArnOf.set(queue.arn, result.engineArn);
    provisioned.push(result);
  }
  return provisioned;
}
