import { afterEach, describe, expect, it, vi } from 'vitest';
import { toItem } from '../../../../shared/event-store/index.ts';
import { InvalidEventError } from '../../../../shared/events/index.ts';
import { ORDER_AGGREGATE, OrderNotFoundError } from '../../../../shared/orders/index.ts';
import { eventBridgeEvent, lambdaContext } from '../../../kit/index.ts';
import { inventoryReserved, orderExpired, orderPlaced, paymentReceived } from '../../support/order-events.ts';
import { givenOrder, orderTables, streamOf, TABLES } from '../../support/order-tables.ts';

vi.hoisted(() => {
  // Read once, when the handler module loads.
  process.env.EVENT_STORE_TABLE = 'EventStore';
});

const { handler } = await import('../../../../functions/record-payment/handler.ts');

const db = orderTables();
const invoke = (event: unknown) => handler(event as Parameters<typeof handler>[0], lambdaContext({ functionName: 'record-payment' }));
const typesOf = (orderId: string) => streamOf(db, orderId).map((event) => event.detailType);

afterEach(() => {
  db.reset();
});

describe('record-payment handler', () => {
  it('records OrderPaid on a reserved order, caused by the payment and in its correlation', async () => {
    // Prepare
    const placed = orderPlaced('o-1');
    givenOrder(db, [placed, inventoryReserved(placed)]);
    const payment = paymentReceived(placed);

    // Act
    const outcome = await invoke(eventBridgeEvent(payment));

    // Assess
    expect(outcome).toEqual({ kind: 'recorded', orderId: 'o-1', paymentId: 'pay-o-1', version: 3 });
    const paid = streamOf(db, 'o-1')[2];
    expect(paid).toMatchObject({ detailType: 'OrderPaid', version: 3, correlationId: payment.detail.metadata.correlationId });
    expect(paid?.detail.metadata.causationId).toBe(payment.detail.metadata.eventId);
    expect(paid?.detail.data).toEqual({ orderId: 'o-1', paymentId: 'pay-o-1', amount: 24.5, currency: 'EUR' });
  });

  it('records a payment that arrives before inventory answered', async () => {
    // Prepare
    const placed = orderPlaced('o-2');
    givenOrder(db, [placed]);

    // Act
    await invoke(eventBridgeEvent(paymentReceived(placed)));

    // Assess
    expect(typesOf('o-2')).toEqual(['OrderPlaced', 'OrderPaid']);
  });

  it('records nothing twice when the PaymentReceived is delivered again', async () => {
    // Prepare
    const placed = orderPlaced('o-3');
    givenOrder(db, [placed, inventoryReserved(placed)]);
    const delivery = eventBridgeEvent(paymentReceived(placed));
    await invoke(delivery);

    // Act
    const outcome = await invoke(delivery);

    // Assess
    expect(outcome).toMatchObject({ kind: 'skipped', reason: expect.stringContaining('already recorded') });
    expect(typesOf('o-3')).toEqual(['OrderPlaced', 'InventoryReserved', 'OrderPaid']);
  });

  it.each([
    ['an amount short of the total', { amount: 19.99 }, /does not cover/],
    ['another currency', { currency: 'USD' }, /does not cover/],
  ])('records nothing for a payment of %s, and says why', async (_, overrides, reason) => {
    // Prepare
    const placed = orderPlaced('o-4');
    givenOrder(db, [placed, inventoryReserved(placed)]);

    // Act
    const outcome = await invoke(eventBridgeEvent(paymentReceived(placed, overrides)));

    // Assess
    expect(outcome).toMatchObject({ kind: 'skipped', reason: expect.stringMatching(reason) });
    expect(typesOf('o-4')).toEqual(['OrderPlaced', 'InventoryReserved']);
  });

  it('records nothing on an order that expired before the payment was recorded', async () => {
    // Prepare
    const placed = orderPlaced('o-5');
    givenOrder(db, [placed, inventoryReserved(placed), orderExpired(placed)]);

    // Act
    const outcome = await invoke(eventBridgeEvent(paymentReceived(placed)));

    // Assess
    expect(outcome).toMatchObject({ kind: 'skipped', reason: expect.stringContaining('EXPIRED') });
  });

  it('decides again on the new state when an expiry was appended between its read and its write', async () => {
    // Prepare
    const placed = orderPlaced('o-6');
    givenOrder(db, [placed, inventoryReserved(placed)]);
    db.beforeNext('PutCommand', () => db.put(TABLES.eventStore, toItem(orderExpired(placed), 'o-6', ORDER_AGGREGATE, 3)));

    // Act
    const outcome = await invoke(eventBridgeEvent(paymentReceived(placed)));

    // Assess
    expect(outcome).toMatchObject({ kind: 'skipped', reason: expect.stringContaining('EXPIRED') });
    expect(typesOf('o-6')).toEqual(['OrderPlaced', 'InventoryReserved', 'OrderExpired']);
  });

  it('fails, naming the order and the payment, when the payment is for an order that does not exist', async () => {
    // Prepare
    const payment = paymentReceived(orderPlaced('o-unknown'));

    // Act
    const outcome = invoke(eventBridgeEvent(payment));

    // Assess
    await expect(outcome).rejects.toThrow(OrderNotFoundError);
    await expect(outcome).rejects.toThrow(/o-unknown.*pay-o-unknown/);
  });

  it.each(['eventful.orders', 'eventful.activity', 'eventful.catalog', 'attacker.payments'])(
    "refuses a PaymentReceived published under the source %s, not the webhook's, and records nothing",
    async (source) => {
      // Prepare: a well-formed payment for a reserved order, as any other publisher on the bus could forge it.
      const placed = orderPlaced('o-8');
      givenOrder(db, [placed, inventoryReserved(placed)]);
      const forged = { ...paymentReceived(placed), source };

      // Act
      const outcome = invoke(eventBridgeEvent(forged));

      // Assess
      await expect(outcome).rejects.toThrow(InvalidEventError);
      await expect(outcome).rejects.toThrow(`source: expected "eventful.payments", got ${JSON.stringify(source)}`);
      expect(typesOf('o-8')).toEqual(['OrderPlaced', 'InventoryReserved']);
    },
  );

  it('fails on an invalid PaymentReceived, naming the field', async () => {
    // Prepare
    const payment = paymentReceived(orderPlaced('o-7'));
    const invalid = { ...payment, detail: { ...payment.detail, data: { ...payment.detail.data, amount: -5 } } };

    // Act
    const outcome = invoke(eventBridgeEvent(invalid));

    // Assess
    await expect(outcome).rejects.toThrow(InvalidEventError);
    await expect(outcome).rejects.toThrow(/detail\.data\.amount/);
  });
});
