import { ProvisionedThroughputExceededException } from '@aws-sdk/client-dynamodb';
import { PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { fromItem, toItem } from '../../../../shared/event-store/index.ts';
import type { CatalogEvent } from '../../../../shared/events/index.ts';
import { foldOrder, ORDER_AGGREGATE, toOrderViewItem } from '../../../../shared/orders/index.ts';
import { eventBridgeEvent, lambdaContext, sqsEvent, sqsRecord } from '../../../kit/index.ts';
import { inventoryReserved, orderPaid, orderPlaced, paymentReceived, paymentRequiresAttention } from '../../support/order-events.ts';
import { givenOrder, orderTables, TABLES } from '../../support/order-tables.ts';

vi.hoisted(() => {
  // Read once, when the handler module loads.
  process.env.EVENT_STORE_TABLE = 'EventStore';
  process.env.ORDERS_TABLE = 'Orders';
});

const { handler } = await import('../../../../functions/project-order/handler.ts');

const db = orderTables();
const delivered = (...events: CatalogEvent[]) => sqsEvent(events.map((event) => sqsRecord(eventBridgeEvent(event), { queueName: 'projection' })));
const invoke = (event: ReturnType<typeof sqsEvent>) => handler(event, lambdaContext({ functionName: 'project-order' }));
const viewOf = (orderId: string) => db.get(TABLES.orders, { orderId });
const storeLoads = () => db.mock.commandCalls(QueryCommand).filter((call) => call.args[0].input.TableName === TABLES.eventStore).length;
const viewWrites = () => db.mock.commandCalls(PutCommand).filter((call) => call.args[0].input.TableName === TABLES.orders).length;

/** A reserved and paid order: OrderPlaced (v1), InventoryReserved (v2), OrderPaid (v3). */
function paidOrder(orderId: string) {
  const placed = orderPlaced(orderId);
  const reserved = inventoryReserved(placed);
  const paid = orderPaid(paymentReceived(placed));
  return { placed, reserved, paid, events: [placed, reserved, paid] };
}

afterEach(() => {
  db.reset();
});

describe('project-order handler', () => {
  it("writes the view rebuilt from the order's whole stream, keyed for the awaiting-payment index while unpaid", async () => {
    // Prepare
    const placed = orderPlaced('o-1', { customerId: 'customer-of-o-1', items: [{ sku: 'SKU-MUG', quantity: 2, unitPriceMinor: 10 }] });
    givenOrder(db, [placed, inventoryReserved(placed)]);

    // Act
    const response = await invoke(delivered(placed));

    // Assess
    expect(response).toEqual({ batchItemFailures: [] });
    expect(viewOf('o-1')).toEqual({
      orderId: 'o-1',
      status: 'RESERVED',
      customerId: 'customer-of-o-1',
      items: [{ sku: 'SKU-MUG', quantity: 2, unitPriceMinor: 10 }],
      totalMinor: 20,
      currency: 'EUR',
      version: 2,
      placedAt: '2026-03-01T10:00:00.000Z',
      updatedAt: '2026-03-01T10:00:01.000Z',
      paymentDeadline: '2026-03-01T10:30:00.000Z',
      awaitingPayment: 'Y',
    });
  });

  it('replaces the view as the order moves on, dropping the awaiting-payment key once paid', async () => {
    // Prepare
    const { placed, paid, events } = paidOrder('o-2');
    givenOrder(db, events.slice(0, 2));
    await invoke(delivered(placed));
    givenOrder(db, events);

    // Act
    await invoke(delivered(paid));

    // Assess
    expect(viewOf('o-2')).toMatchObject({ status: 'PAID', version: 3, paymentId: 'pay-o-2', paidAt: '2026-03-01T10:05:01.000Z' });
    expect(viewOf('o-2')).not.toHaveProperty('awaitingPayment');
  });

  it("counts a payment needing attention on the order's stream: the view's version is the number of events", async () => {
    // Prepare: a second payment of a paid order is the last event its stream will ever get.
    const { placed, events } = paidOrder('o-att');
    const again = paymentRequiresAttention(paymentReceived(placed, { paymentId: 'pay-again', providerEventId: 'evt-again' }));
    givenOrder(db, [...events, again]);

    // Act
    const response = await invoke(delivered(again));

    // Assess
    expect(response).toEqual({ batchItemFailures: [] });
    expect(viewOf('o-att')).toMatchObject({ status: 'PAID', version: 4 });
  });

  it('leaves the view as it is when an event is delivered twice', async () => {
    // Prepare
    const { paid, events } = paidOrder('o-3');
    givenOrder(db, events);
    await invoke(delivered(paid));
    const before = viewOf('o-3');

    // Act
    const response = await invoke(delivered(paid));

    // Assess
    expect(response).toEqual({ batchItemFailures: [] });
    expect(viewOf('o-3')).toEqual(before);
  });

  it('keeps the newer view when an older event arrives after a newer one', async () => {
    // Prepare
    const { placed, paid, events } = paidOrder('o-4');
    givenOrder(db, events);
    await invoke(delivered(paid));

    // Act
    const response = await invoke(delivered(placed));

    // Assess
    expect(response).toEqual({ batchItemFailures: [] });
    expect(viewOf('o-4')).toMatchObject({ status: 'PAID', version: 3 });
  });

  it('never replaces a newer view written by another consumer while it was rebuilding an older one', async () => {
    // Prepare
    const { placed, reserved, events } = paidOrder('o-5');
    givenOrder(db, [placed, reserved]);
    const newest = toOrderViewItem(foldOrder(events.map((event, index) => fromItem(toItem(event, 'o-5', ORDER_AGGREGATE, index + 1))))!);
    // This consumer loads version 2; before its write, another one writes version 3.
    db.beforeNext('PutCommand', () => db.put(TABLES.orders, { ...newest }));

    // Act
    const response = await invoke(delivered(reserved));

    // Assess
    expect(response).toEqual({ batchItemFailures: [] });
    expect(viewOf('o-5')).toMatchObject({ status: 'PAID', version: 3 });
  });

  it('projects each order once per batch, however many of its events the batch holds', async () => {
    // Prepare
    const first = paidOrder('o-6');
    const second = orderPlaced('o-7');
    givenOrder(db, first.events);
    givenOrder(db, [second]);

    // Act
    const response = await invoke(delivered(first.placed, first.reserved, second, first.paid));

    // Assess
    expect(response).toEqual({ batchItemFailures: [] });
    expect([storeLoads(), viewWrites()]).toEqual([2, 2]);
    expect(viewOf('o-6')).toMatchObject({ status: 'PAID', version: 3 });
    expect(viewOf('o-7')).toMatchObject({ status: 'PLACED', version: 1 });
  });

  it('projects again in the next batch', async () => {
    // Prepare
    const placed = orderPlaced('o-8');
    givenOrder(db, [placed]);
    await invoke(delivered(placed));
    givenOrder(db, [placed, inventoryReserved(placed)]);

    // Act
    await invoke(delivered(placed));

    // Assess
    expect(storeLoads()).toBe(2);
    expect(viewOf('o-8')).toMatchObject({ status: 'RESERVED', version: 2 });
  });

  it('writes nothing for an order without a stream in the event store', async () => {
    // Act
    const response = await invoke(delivered(orderPlaced('o-nowhere')));

    // Assess
    expect(response).toEqual({ batchItemFailures: [] });
    expect(db.items(TABLES.orders)).toEqual([]);
  });

  it("retries every message of an order whose projection failed, and only that order's", async () => {
    // Prepare
    const failing = paidOrder('o-9');
    const fine = orderPlaced('o-10');
    givenOrder(db, failing.events);
    givenOrder(db, [fine]);
    db.failNext('QueryCommand', new ProvisionedThroughputExceededException({ message: 'Throughput exceeded', $metadata: {} }));
    const event = delivered(failing.placed, fine, failing.paid);

    // Act
    const response = await invoke(event);

    // Assess
    expect(response).toEqual({ batchItemFailures: [{ itemIdentifier: event.Records[0]?.messageId }, { itemIdentifier: event.Records[2]?.messageId }] });
    expect(viewOf('o-10')).toMatchObject({ status: 'PLACED' });
  });
});
