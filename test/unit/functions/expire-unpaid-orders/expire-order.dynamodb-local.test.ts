import { CreateTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expireOrder } from '../../../../functions/expire-unpaid-orders/expire-order.ts';
import { createEventStore, type EventStore } from '../../../../shared/event-store/index.ts';
import { ORDER_AGGREGATE } from '../../../../shared/orders/index.ts';
import { startDynamoDbLocal, type RunningDynamoDbLocal } from '../../../../local/engines/dynamodb-local.ts';
import { inventoryReserved, orderPlaced } from '../../support/order-events.ts';
import {  } from '../../support/order-tables.ts';

/*
 * The stock release committed with OrderExpired against Amazon's DynamoDB Local, so what the
 * handler tests' in-memory tables imitate (a deleted product's release fails its condition and is
 * dropped; a missing stock attribute counts as none) is pinned to what DynamoDB does.
 */
describe('expiry stock release on DynamoDB Local', () => {
  let engine: RunningDynamoDbLocal;
  let client: DynamoDBClient;
  let documents: DynamoDBDocumentClient;
  let store: EventStore;
  const stockOf = async (sku: string) => (await documents.send(new GetCommand({ TableName: 'Products', Key: { sku }, ConsistentRead: true }))).Item?.stock;

  beforeAll(async () => {
    engine = await startDynamoDbLocal();
    client = new DynamoDBClient({ endpoint: engine.endpoint, region: 'us-east-1', credentials: { accessKeyId: 'test', secretAccessKey: 'test' } });
    documents = DynamoDBDocumentClient.from(client);
    store = createEventStore({ tableName: 'EventStore', client });
    await client.send(
      new CreateTableCommand({
        TableName: 'EventStore',
        AttributeDefinitions: [
          { AttributeName: 'aggregateId', AttributeType: 'S' },
          { AttributeName: 'version', AttributeType: 'N' },
        ],
        KeySchema: [
          { AttributeName: 'aggregateId', KeyType: 'HASH' },
          { AttributeName: 'version', KeyType: 'RANGE' },
        ],
        BillingMode: 'PAY_PER_REQUEST',
      }),
    );
    await client.send(
      new CreateTableCommand({
        TableName: 'Products',
        AttributeDefinitions: [{ AttributeName: 'sku', AttributeType: 'S' }],
        KeySchema: [{ AttributeName: 'sku', KeyType: 'HASH' }],
        BillingMode: 'PAY_PER_REQUEST',
      }),
    );
  }, 120_000);
  afterAll(async () => {
    client?.destroy();
    await engine?.stop();
  });

  it('gives back the stock of existing products, counts a missing stock as none, and drops a deleted product', async () => {
    // Prepare
    const placed = orderPlaced('o-local', {
      items: [
        { sku: 'SKU-KEPT', quantity: 2, unitPrice: 10 },
        { sku: 'SKU-NO-STOCK', quantity: 3, unitPrice: 10 },
        { sku: 'SKU-DELETED', quantity: 4, unitPrice: 10 },
      ],
    });
    await store.append({ aggregateId: 'o-local', aggregateType: ORDER_AGGREGATE, expectedVersion: 0, events: [placed, inventoryReserved(placed)] });
    await documents.send(new PutCommand({ TableName: 'Products', Item: { sku: 'SKU-KEPT', stock: 1 } }));
    await documents.send(new PutCommand({ TableName: 'Products', Item: { sku: 'SKU-NO-STOCK' } }));

    // Act
    const outcome = await expireOrder('o-local', new Date('2026-03-01T11:00:00Z'), { eventId: 'run-1', correlationId: 'run-1' }, { store, productsTable: 'Products' });

    // Assess
    expect(outcome).toMatchObject({ kind: 'expired', version: 3, unreleased: [{ sku: 'SKU-DELETED', quantity: 4 }] });
    expect([await stockOf('SKU-KEPT'), await stockOf('SKU-NO-STOCK')]).toEqual([3, 3]);
    expect((await documents.send(new GetCommand({ TableName: 'Products', Key: { sku: 'SKU-DELETED' } }))).Item).toBeUndefined();
  });
});
