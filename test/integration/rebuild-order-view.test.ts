import { DeleteCommand, GetCommand, PutCommand, ScanCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../cli/main.ts';
import { projectOrder } from '../../functions/project-order/project-order.ts';
import { createEventStore, type EventStore } from '../../shared/event-store/index.ts';
import type { CatalogEvent } from '../../shared/events/index.ts';
import { ORDER_AGGREGATE } from '../../shared/orders/index.ts';
import { inventoryReserved, inventoryShortage, orderExpired, orderPaid, orderPlaced, paymentReceived } from '../unit/support/order-events.ts';
import { dynamoDbLocalTables, type DynamoDbLocalTables } from '../unit/support/dynamodb-local-tables.ts';

/*
 * `eventful rebuild order-view` against Amazon's DynamoDB Local, with the tables named as the
 * local runtime and CloudFormation name them, so the command finds them itself.
 */
describe('eventful rebuild order-view (DynamoDB Local)', () => {
  const eventStoreTable = 'Eventful-OrdersEventStoreEvents1A2B3C4D-QWERTYUIOPAS';
  const ordersTable = 'Eventful-OrdersReadModelOrders5E6F7A8B-ASDFGHJKLZXC';
  const unrelatedTable = 'Eventful-ActivityActivityStats9C0D1E2F-ZXCVBNMQWERT';
  let local: DynamoDbLocalTables;
  let documents: DynamoDBDocumentClient;
  let store: EventStore;

  beforeAll(async () => {
    local = await dynamoDbLocalTables({
      [eventStoreTable]: { partitionKey: ['aggregateId', 'S'], sortKey: ['version', 'N'] },
      [ordersTable]: { partitionKey: ['orderId', 'S'] },
      [unrelatedTable]: { partitionKey: ['sku', 'S'], sortKey: ['windowStart', 'S'] },
    });
    documents = local.documents;
    store = createEventStore({ tableName: eventStoreTable, client: local.client });
  });
  afterAll(async () => {
    await local?.stop();
  });

  function captureIO() {
    const out: string[] = [];
    const err: string[] = [];
    return { io: { out: (line: string) => out.push(line), err: (line: string) => err.push(line) }, out, err };
  }

  /** Orders in every status, stored and projected as the app does it (project-order itself). */
  async function storeOrders(prefix: string, count: number): Promise<string[]> {
    const orderIds: string[] = [];
    for (let index = 0; index < count; index += 1) {
      const orderId = `${prefix}-${index}`;
      const placed = orderPlaced(orderId);
      const received = paymentReceived(placed);
      const streams: CatalogEvent[][] = [
        [placed],
        [placed, inventoryReserved(placed)],
        [placed, inventoryReserved(placed), orderPaid(received)],
        [placed, inventoryShortage(placed)],
        [placed, inventoryReserved(placed), orderExpired(placed)],
      ];
      const events = streams[index % streams.length]!;
      await store.append({ aggregateId: orderId, aggregateType: ORDER_AGGREGATE, expectedVersion: 0, events });
      await projectOrder(orderId, { store, client: documents, ordersTable });
      orderIds.push(orderId);
    }
    return orderIds;
  }

  async function viewsOf(orderIds: string[]): Promise<Map<string, Record<string, unknown> | undefined>> {
    const views = new Map<string, Record<string, unknown> | undefined>();
    for (const orderId of orderIds)
      views.set(orderId, (await documents.send(new GetCommand({ TableName: ordersTable, Key: { orderId }, ConsistentRead: true }))).Item);
    return views;
  }

  it('writes back deleted and corrupted views exactly as project-order built them, finding the tables by name', async () => {
    // Prepare
    const orderIds = await storeOrders('rebuild', 60);
    const projected = await viewsOf(orderIds);
    for (const orderId of orderIds.slice(0, 20)) await documents.send(new DeleteCommand({ TableName: ordersTable, Key: { orderId } }));
    for (const orderId of orderIds.slice(20, 40)) {
      const view = projected.get(orderId)!;
      await documents.send(new PutCommand({ TableName: ordersTable, Item: { ...view, status: 'PAID', total: -1, customerId: 'someone-else', version: 1 } }));
    }
    for (const orderId of orderIds.slice(40, 45)) {
      const view = projected.get(orderId)!;
      await documents.send(new PutCommand({ TableName: ordersTable, Item: { ...view, status: 'EXPIRED', items: [] } }));
    }
    const { io, out } = captureIO();

    // Act
    const code = await main(['rebuild', 'order-view', '--endpoint', local.endpoint, '--segments', '3'], io);

    // Assess
    expect(code).toBe(0);
    expect(out).toEqual([`rebuilt ${ordersTable} from ${eventStoreTable}: 60 orders, 60 views written, 0 newer views left alone`]);
    expect(await viewsOf(orderIds)).toEqual(projected);
  });

  it('never replaces a view newer than the stream it read: project-order may have moved on meanwhile', async () => {
    // Prepare
    const [orderId] = await storeOrders('newer', 1);
    const view = (await viewsOf([orderId!])).get(orderId!)!;
    const newer = { ...view, version: 7, status: 'PAID' };
    await documents.send(new PutCommand({ TableName: ordersTable, Item: newer }));
    const { io, out } = captureIO();

    // Act
    const code = await main(['rebuild', 'order-view', '--endpoint', local.endpoint, '--event-store-table', eventStoreTable, '--orders-table', ordersTable], io);

    // Assess
    expect(code).toBe(0);
    expect(out[0]).toMatch(/, 1 newer views left alone$/);
    expect((await viewsOf([orderId!])).get(orderId!)).toEqual(newer);
  });

  it('rebuilds only order streams: other aggregates of the event store are not orders', async () => {
    // Prepare
    const before = (await documents.send(new ScanCommand({ TableName: ordersTable }))).Items?.length ?? 0;
    await documents.send(
      new PutCommand({
        TableName: eventStoreTable,
        Item: {
          aggregateId: 'payment-webhook#d-1',
          version: 1,
          aggregateType: 'payment-webhook',
          eventId: 'e',
          source: 's',
          detailType: 'd',
          detail: '{}',
          occurredAt: 'now',
          correlationId: 'c',
        },
      }),
    );
    const { io } = captureIO();

    // Act
    const code = await main(['rebuild', 'order-view', '--endpoint', local.endpoint], io);

    // Assess
    expect(code).toBe(0);
    expect((await documents.send(new ScanCommand({ TableName: ordersTable }))).Items).toHaveLength(before);
  });

  it.each([
    [['rebuild'], /missing what to rebuild: order-view/],
    [['rebuild', 'stats'], /cannot rebuild "stats"/],
    [['rebuild', 'order-view', '--segments', '0'], /--segments must be an integer from 1/],
    [['rebuild', 'order-view', '--aws', '--endpoint', 'http://127.0.0.1:1'], /give --endpoint or --aws, not both/],
  ])('refuses %j with a usage error', async (argv, message) => {
    const { io, err } = captureIO();

    expect(await main(argv, io)).toBe(2);
    expect(err.join('\n')).toMatch(message);
  });

  it('names the flag to give when the stack has no such table', async () => {
    const { io, err } = captureIO();

    expect(await main(['rebuild', 'order-view', '--endpoint', local.endpoint, '--stack', 'Other'], io)).toBe(2);
    expect(err.join('\n')).toMatch(/no table named Other-OrdersEventStoreEvents… .*give --event-store-table <table>/);
  });
});
