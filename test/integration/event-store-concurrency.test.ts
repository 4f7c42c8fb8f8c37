import { GetCommand, PutCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  AppendConditionFailedError,
  ConcurrencyConflictError,
  createEventStore,
  withOptimisticConcurrency,
  type EventStore,
} from '../../shared/event-store/index.ts';
import { createEvent, OrderPaid, OrderPlaced, PaymentReceived } from '../../shared/events/index.ts';
import { decidePayment, decideReservation, foldOrder, ORDER_AGGREGATE } from '../../shared/orders/index.ts';
import { dynamoDbLocalTables, type DynamoDbLocalTables } from '../unit/support/dynamodb-local-tables.ts';

/*
 * Optimistic concurrency against Amazon's DynamoDB Local: conditional writes and transactions behave
 * there as on DynamoDB, so races between real concurrent requests are decided by the engine itself.
 */
describe('event store under concurrent writers (DynamoDB Local)', () => {
  let local: DynamoDbLocalTables;
  let documents: DynamoDBDocumentClient;
  let store: EventStore;
  const eventStoreTable = 'EventStore';
  const productsTable = 'Products';

  beforeAll(async () => {
    local = await dynamoDbLocalTables({
      [eventStoreTable]: { partitionKey: ['aggregateId', 'S'], sortKey: ['version', 'N'] },
      [productsTable]: { partitionKey: ['sku', 'S'] },
    });
    documents = local.documents;
    store = createEventStore({ tableName: eventStoreTable, client: local.client });
  });
  afterAll(async () => {
    await local?.stop();
  });

  async function placeOrder(orderId: string, sku: string): Promise<void> {
    const placed = createEvent(OrderPlaced, {
      orderId,
      customerId: 'c-1',
      items: [{ sku, quantity: 2, unitPriceMinor: 10 }],
      totalMinor: 20,
      currency: 'EUR',
      paymentDeadline: new Date(Date.now() + 3_600_000).toISOString(),
    });
    await store.append({ aggregateId: orderId, aggregateType: ORDER_AGGREGATE, expectedVersion: 0, events: [placed] });
  }

  async function stockOf(sku: string): Promise<number> {
    const { Item } = await documents.send(new GetCommand({ TableName: productsTable, Key: { sku }, ConsistentRead: true }));
    return Item?.stock as number;
  }

  /** What reserve-inventory does for one delivery of OrderPlaced: load, decide, append with the stock decrements. */
  async function reserve(orderId: string): Promise<void> {
    await withOptimisticConcurrency(
      async () => {
        const order = foldOrder(await store.load(orderId));
        if (!order) throw new Error(`no order ${orderId}`);
        const stock = new Map<string, number>();
        for (const { sku } of order.items) stock.set(sku, await stockOf(sku));
        const decision = decideReservation(order, { eventId: `placed-${orderId}`, correlationId: order.correlationId }, stock);
        if (decision.kind !== 'reserve') return;
        await store.append({
          aggregateId: orderId,
          aggregateType: ORDER_AGGREGATE,
          expectedVersion: order.version,
          events: [decision.event],
          alongWith: decision.decrements.map(({ sku, quantity }) => ({
            Update: {
              TableName: productsTable,
              Key: { sku },
              UpdateExpression: 'SET stock = stock - :q',
              ConditionExpression: 'stock >= :q',
              ExpressionAttributeValues: { ':q': quantity },
            },
          })),
        });
      },
      { maxAttempts: 20 },
    );
  }

  /** What record-payment does for one PaymentReceived. */
  async function pay(orderId: string, paymentId: string): Promise<void> {
    const received = createEvent(PaymentReceived, { orderId, paymentId, amountMinor: 20, currency: 'EUR', providerEventId: `evt-${paymentId}` });
    await withOptimisticConcurrency(
      async () => {
        const order = foldOrder(await store.load(orderId));
        if (!order) throw new Error(`no order ${orderId}`);
        const decision = decidePayment(order, received.detail);
        if (decision.kind === 'skip') return;
        await store.append({ aggregateId: orderId, aggregateType: ORDER_AGGREGATE, expectedVersion: order.version, events: decision.events });
      },
      { maxAttempts: 20 },
    );
  }

  it('lets exactly one of twenty writers append at the same version', async () => {
    // Prepare
    await placeOrder('race-1', 'SKU-RACE-1');
    const paid = (index: number) => createEvent(OrderPaid, { orderId: 'race-1', paymentId: `p-${index}`, amountMinor: 20, currency: 'EUR' });
    // Act
    const outcomes = await Promise.allSettled(
      Array.from({ length: 20 }, (_, index) =>
        store.append({ aggregateId: 'race-1', aggregateType: ORDER_AGGREGATE, expectedVersion: 1, events: [paid(index)] }),
      ),
    );
    // Assess
    expect(outcomes.filter(({ status }) => status === 'fulfilled')).toHaveLength(1);
    const losers = outcomes.flatMap((outcome) => (outcome.status === 'rejected' ? [outcome.reason] : []));
    expect(losers).toHaveLength(19);
    for (const loser of losers) expect(loser).toBeInstanceOf(ConcurrencyConflictError);
    expect((await store.load('race-1')).map(({ version }) => version)).toEqual([1, 2]);
  });

  it('loses no update when reservation and payment race on the same orders', async () => {
    // Prepare
    await documents.send(new PutCommand({ TableName: productsTable, Item: { sku: 'SKU-RACE-2', stock: 100 } }));
    const orderIds = Array.from({ length: 10 }, (_, index) => `race-2-${index}`);
    for (const orderId of orderIds) await placeOrder(orderId, 'SKU-RACE-2');
    // Act
    await Promise.all(orderIds.flatMap((orderId) => [reserve(orderId), pay(orderId, `pay-${orderId}`)]));
    // Assess
    for (const orderId of orderIds) {
      const events = await store.load(orderId);
      expect(events.map(({ version }) => version)).toEqual([1, 2, 3]);
      expect(events.map(({ detailType }) => detailType).sort()).toEqual(['InventoryReserved', 'OrderPaid', 'OrderPlaced']);
      expect(foldOrder(events)).toMatchObject({ status: 'PAID', stockReserved: true });
    }
    expect(await stockOf('SKU-RACE-2')).toBe(100 - 10 * 2);
  });

  it('reserves stock once when the same order is reserved by five deliveries at once', async () => {
    // Prepare
    await documents.send(new PutCommand({ TableName: productsTable, Item: { sku: 'SKU-RACE-3', stock: 5 } }));
    await placeOrder('race-3', 'SKU-RACE-3');
    // Act
    await Promise.all(Array.from({ length: 5 }, () => reserve('race-3')));
    // Assess
    expect((await store.load('race-3')).map(({ detailType }) => detailType)).toEqual(['OrderPlaced', 'InventoryReserved']);
    expect(await stockOf('SKU-RACE-3')).toBe(3);
  });

  it('commits neither the event nor the stock decrement when a decrement condition fails', async () => {
    // Prepare
    await documents.send(new PutCommand({ TableName: productsTable, Item: { sku: 'SKU-RACE-4', stock: 1 } }));
    await placeOrder('race-4', 'SKU-RACE-4');
    const order = foldOrder(await store.load('race-4'));
    const decision = decideReservation(order!, { eventId: 'cause', correlationId: 'corr' }, new Map([['SKU-RACE-4', 2]]));
    if (decision.kind !== 'reserve') throw new Error('expected a reservation from the stale stock level');
    // Act
    const append = store.append({
      aggregateId: 'race-4',
      aggregateType: ORDER_AGGREGATE,
      expectedVersion: 1,
      events: [decision.event],
      alongWith: [
        {
          Update: {
            TableName: productsTable,
            Key: { sku: 'SKU-RACE-4' },
            UpdateExpression: 'SET stock = stock - :q',
            ConditionExpression: 'stock >= :q',
            ExpressionAttributeValues: { ':q': 2 },
          },
        },
      ],
    });
    // Assess
    await expect(append).rejects.toEqual(expect.objectContaining({ name: 'AppendConditionFailedError', failedWrites: [0] }));
    await expect(append).rejects.toBeInstanceOf(AppendConditionFailedError);
    expect(await store.load('race-4')).toHaveLength(1);
    expect(await stockOf('SKU-RACE-4')).toBe(1);
  });
});
