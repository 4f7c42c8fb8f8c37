import { CreateTableCommand, DynamoDBClient, type ScalarAttributeType } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { startDynamoDbLocal } from '../../../local/engines/dynamodb-local.ts';

/** A key attribute: its name and DynamoDB type (`S`, `N`, `B`). */
type KeyAttribute = readonly [name: string, type: ScalarAttributeType];

export interface LocalTableSchema {
  partitionKey: KeyAttribute;
  sortKey?: KeyAttribute;
}

export interface DynamoDbLocalTables {
  /** The engine's URL, for code under test that makes its own clients (e.g. a CLI command's --endpoint). */
  endpoint: string;
  client: DynamoDBClient;
  documents: DynamoDBDocumentClient;
  stop(): Promise<void>;
}

/**
 * Amazon's DynamoDB Local with `tables` created (on demand, no indexes), for the tests that pin the
 * expressions our in-memory fakes imitate to what DynamoDB does with them. Start it in `beforeAll`
 * (it takes seconds: a JVM), stop it in `afterAll`.
 */
export async function dynamoDbLocalTables(tables: Record<string, LocalTableSchema>): Promise<DynamoDbLocalTables> {
  const engine = await startDynamoDbLocal();
  const client = new DynamoDBClient({ endpoint: engine.endpoint, region: 'us-east-1', credentials: { accessKeyId: 'test', secretAccessKey: 'test' } });
  for (const [TableName, { partitionKey, sortKey }] of Object.entries(tables)) {
    const keys = sortKey ? [partitionKey, sortKey] : [partitionKey];
    await client.send(
      new CreateTableCommand({
        TableName,
        AttributeDefinitions: keys.map(([AttributeName, AttributeType]) => ({ AttributeName, AttributeType })),
        KeySchema: keys.map(([AttributeName], index) => ({ AttributeName, KeyType: index === 0 ? 'HASH' : 'RANGE' })),
        BillingMode: 'PAY_PER_REQUEST',
      }),
    );
  }
  return {
    endpoint: engine.endpoint,
    client,
    documents: DynamoDBDocumentClient.from(client),
    stop: async () => {
      client.destroy();
      await engine.stop();
    },
  };
}
