import type { LocalTopology, QueueSpec, TableSpec } from '../../../topology/types.ts';

export const REGION = 'eu-west-1';
export const ACCOUNT = '123456789012';

const arn = (service: string, resource: string) => `arn:aws:${service}:${REGION}:${ACCOUNT}:${resource}`;
const identity = (logicalId: string, name: string, resourceArn: string) => ({ stackName: 'TestStack', logicalId, name, arn: resourceArn });

export function queue(name: string, overrides: Partial<QueueSpec> = {}): QueueSpec {
  return {
    ...identity(`Queue${name.replace(/\W/g, '')}`, name, arn('sqs', name)),
    url: `http://127.0.0.1:4566/${ACCOUNT}/${name}`,
    fifo: name.endsWith('.fifo'),
    contentBasedDeduplication: false,
    visibilityTimeoutSeconds: 30,
    messageRetentionSeconds: 345_600,
    delaySeconds: 0,
    receiveMessageWaitTimeSeconds: 0,
    maximumMessageSizeBytes: 262_144,
    ...overrides,
  };
}

export const ordersTable: TableSpec = {
  ...identity('OrdersTable', 'orders', arn('dynamodb', 'table/orders')),
  keySchema: [
    { attributeName: 'pk', keyType: 'HASH' },
    { attributeName: 'sk', keyType: 'RANGE' },
  ],
  attributeDefinitions: [
    { attributeName: 'pk', attributeType: 'S' },
    { attributeName: 'sk', attributeType: 'S' },
    { attributeName: 'customerId', attributeType: 'S' },
    { attributeName: 'status', attributeType: 'S' },
  ],
  globalSecondaryIndexes: [{ indexName: 'byCustomer', keySchema: [{ attributeName: 'customerId', keyType: 'HASH' }], projection: { ProjectionType: 'ALL' } }],
  localSecondaryIndexes: [
    {
      indexName: 'byStatus',
      keySchema: [
        { attributeName: 'pk', keyType: 'HASH' },
        { attributeName: 'status', keyType: 'RANGE' },
      ],
      projection: { ProjectionType: 'INCLUDE', NonKeyAttributes: ['total'] },
    },
  ],
  billingMode: 'PAY_PER_REQUEST',
  // The loader's fixed label: DynamoDB Local assigns its own.
  stream: { viewType: 'NEW_AND_OLD_IMAGES', arn: arn('dynamodb', 'table/orders/stream/2020-01-01T00:00:00.000') },
  timeToLiveAttribute: 'expiresAt',
};

export const stockTable: TableSpec = {
  ...identity('StockTable', 'stock', arn('dynamodb', 'table/stock')),
  keySchema: [{ attributeName: 'sku', keyType: 'HASH' }],
  attributeDefinitions: [
    { attributeName: 'sku', attributeType: 'S' },
    { attributeName: 'warehouse', attributeType: 'S' },
  ],
  globalSecondaryIndexes: [
    { indexName: 'byWarehouse', keySchema: [{ attributeName: 'warehouse', keyType: 'HASH' }], projection: { ProjectionType: 'KEYS_ONLY' } },
  ],
  localSecondaryIndexes: [],
  billingMode: 'PROVISIONED',
};

/** A topology with one of each resource kind; the queue that redrives comes before its DLQ on purpose. */
export function testTopology(): LocalTopology {
  return {
    accountId: ACCOUNT,
    region: REGION,
    functions: [],
    queues: [
      queue('jobs', {
        visibilityTimeoutSeconds: 1,
        delaySeconds: 0,
        messageRetentionSeconds: 3600,
        redrivePolicy: { deadLetterTargetArn: arn('sqs', 'jobs-dlq'), maxReceiveCount: 1 },
      }),
      queue('jobs-dlq', { messageRetentionSeconds: 1_209_600 }),
      queue('ordered.fifo', { contentBasedDeduplication: true, delaySeconds: 2 }),
    ],
    tables: [ordersTable, stockTable],
    streams: [{ ...identity('ClicksStream', 'clicks', arn('kinesis', 'stream/clicks')), mode: 'PROVISIONED', shardCount: 2, retentionPeriodHours: 48 }],
    buckets: [{ ...identity('ImportsBucket', 'eventful-imports', 'arn:aws:s3:::eventful-imports'), eventBridgeEnabled: true }],
    eventBuses: [],
    rules: [],
    archives: [],
    eventSourceMappings: [],
    schedules: [],
    httpApis: [],
    secrets: [],
    unsupported: [],
  };
}

export const clientConfig = (endpoint: string) => ({ endpoint, region: REGION, credentials: { accessKeyId: 'any', secretAccessKey: 'any' } });
