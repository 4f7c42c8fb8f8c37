import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expireOrder } from '../../../../functions/expire-unpaid-orders/expire-order.ts';
import { createEventStore, type EventStore } from '../../../../shared/event-store/index.ts';
import { ORDER_AGGREGATE } from '../../../../shared/orders/index.ts';
import { dynamoDbLocalTables, type DynamoDbLocalTables } from '../../support/dynamodb-local-tables.ts';
import { inventoryReserved, orderPlaced } from '../../support/order-events.ts';

/*
 * The stock release committed with OrderExpired against Amazon's DynamoDB Local, so what the
 * handler tests' in-memory tables imitate (a deleted product's release fails its condition and is
 * dropped; a missing stock attribute counts as none) is pinned to what DynamoDB does.
 */
describe('expiry stock release on DynamoDB Local', () => {
  let local: DynamoDbLocalTables;
  let store: EventStore;
  const stockOf = async (sku: string) =>
    (await local.documents.send(new GetCommand({ TableName: 'Products', Key: { sku }, ConsistentRead: true }))).Item?.stock;

  beforeAll(async () => {
    local = await dynamoDbLocalTables({
      EventStore: { partitionKey: ['aggregateId', 'S'], sortKey: ['version', 'N'] },
      Products: { partitionKey: ['sku', 'S'] },
    });
    store = createEventStore({ tableName: 'EventStore', client: local.client });
  }, 120_000);
  afterAll(async () => {
    await local?.stop();
  });

  it('gives back the stock of existing products, counts a missing stock as none, and drops a deleted product', async () => {
    // Prepare
    const placed = orderPlaced('o-local', {
      items: [
        { sku: 'SKU-KEPT', quantity: 2, unitPriceMinor: 10 },
        { sku: 'SKU-NO-STOCK', quantity: 3, unitPriceMinor: 10 },
        { sku: 'SKU-DELETED', quantity: 4, unitPriceMinor: 10 },
      ],
    });
    await store.append({ aggregateId: 'o-local', aggregateType: ORDER_AGGREGATE, expectedVersion: 0, events: [placed, inventoryReserved(placed)] });
    await local.documents.send(new PutCommand({ TableName: 'Products', Item: { sku: 'SKU-KEPT', stock: 1 } }));
    await local.documents.send(new PutCommand({ TableName: 'Products', Item: { sku: 'SKU-NO-STOCK' } }));

    // Act
    const outcome = await expireOrder(
      'o-local',
      new Date('2026-03-01T11:00:00Z'),
      { eventId: 'run-1', correlationId: 'run-1' },
      { store, productsTable: 'Products' },
    );

    // Assess
    expect(outcome).toMatchObject({ kind: 'expired', version: 3, unreleased: [{ sku: 'SKU-DELETED', quantity: 4 }] });
    expect([await stockOf('SKU-KEPT'), await stockOf('SKU-NO-STOCK')]).toEqual([3, 3]);
    expect((await local.documents.send(new GetCommand({ TableName: 'Products', Key: { sku: 'SKU-DELETED' } }))).Item).toBeUndefined();
  });
});
