import {
  CreateTableCommand,
  DescribeTableCommand,
  DescribeTimeToLiveCommand,
  ResourceInUseException,
  UpdateTimeToLiveCommand,
  type CreateTableCommandInput,
  type DynamoDBClient,
  type KeySchemaElement,
  type Projection,
} from '@aws-sdk/client-dynamodb';
import type { KeyElement, TableSpec } from '../topology/types.ts';
import { ProvisionError } from './errors.ts';

export interface ProvisionedTable {
  name: string;
  arn: string;
  /** DynamoDB Local's `LatestStreamArn` (its label is the creation time, not the loader's). */
  engineStreamArn?: string;
  /** `true` when it existed already (a persisted directory). */
  existed: boolean;
}

/**
 * DynamoDB Local needs throughput for PROVISIONED tables and indexes; the loader keeps no capacities because
 * DynamoDB Local ignores them (no throttling).
 */
const NOMINAL_THROUGHPUT = { ReadCapacityUnits: 5, WriteCapacityUnits: 5 };

export async function provisionTable(client: DynamoDBClient, table: TableSpec): Promise<ProvisionedTable> {
  const where = `table ${table.name}`;
  let existed = false;
  try {
    await client.send(new CreateTableCommand(createTableInput(table)));
  } catch (error) {
    if (!(error instanceof ResourceInUseException)) throw new ProvisionError(where, describe(error), { cause: error });
    existed = true;
  }
  try {
    if (table.timeToLiveAttribute) await enableTimeToLive(client, table.name, table.timeToLiveAttribute);
    const { Table } = await client.send(new DescribeTableCommand({ TableName: table.name }));
    return {
      name: table.name,
      arn: table.arn,
      ...(Table?.LatestStreamArn && table.stream ? { engineStreamArn: Table.LatestStreamArn } : {}),
      existed,
    };
  } catch (error) {
    throw new ProvisionError(where, describe(error), { cause: error });
  }
}

export function createTableInput(table: TableSpec): CreateTableCommandInput {
  const provisioned = table.billingMode === 'PROVISIONED';
  const throughput = provisioned ? { ProvisionedThroughput: NOMINAL_THROUGHPUT } : {};
  return {
    TableName: table.name,
    BillingMode: table.billingMode,
    ...throughput,
    KeySchema: keySchema(table.keySchema),
    AttributeDefinitions: table.attributeDefinitions.map((a) => ({ AttributeName: a.attributeName, AttributeType: a.attributeType })),
    ...(table.globalSecondaryIndexes.length > 0
      ? {
          GlobalSecondaryIndexes: table.globalSecondaryIndexes.map((index) => ({
            IndexName: index.indexName,
            KeySchema: keySchema(index.keySchema),
            Projection: index.projection as Projection,
            ...throughput,
          })),
        }
      : {}),
    ...(table.localSecondaryIndexes.length > 0
      ? {
          LocalSecondaryIndexes: table.localSecondaryIndexes.map((index) => ({
            IndexName: index.indexName,
            KeySchema: keySchema(index.keySchema),
            Projection: index.projection as Projection,
          })),
        }
      : {}),
    ...(table.stream ? { StreamSpecification: { StreamEnabled: true, StreamViewType: table.stream.viewType } } : {}),
  };
}

/** UpdateTimeToLive fails with "TimeToLive is already enabled" on a second run: ask first. */
async function enableTimeToLive(client: DynamoDBClient, tableName: string, attributeName: string): Promise<void> {
  const { TimeToLiveDescription } = await client.send(new DescribeTimeToLiveCommand({ TableName: tableName }));
  const status = TimeToLiveDescription?.TimeToLiveStatus;
  if ((status === 'ENABLED' || status === 'ENABLING') && TimeToLiveDescription?.AttributeName === attributeName) return;
  await client.send(new UpdateTimeToLiveCommand({ TableName: tableName, TimeToLiveSpecification: { Enabled: true, AttributeName: attributeName } }));
}

const keySchema = (elements: KeyElement[]): KeySchemaElement[] => elements.map((e) => ({ AttributeName: e.attributeName, KeyType: e.keyType }));

export const describe = (error: unknown): string => (error instanceof Error ? `${error.name}: ${error.message}` : String(error));
