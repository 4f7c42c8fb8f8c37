import { afterEach, describe, expect, it, vi } from 'vitest';
import { toItem } from '../../../../shared/event-store/index.ts';
import { InvalidEventError } from '../../../../shared/events/index.ts';
import { ORDER_AGGREGATE, paymentAttentionStreamOf } from '../../../../shared/orders/index.ts';
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
    expect(paid?.detail.data).toEqual({ orderId: 'o-1', paymentId: 'pay-o-1', amountMinor: 2450, currency: 'EUR' });
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
    ['an amount short of the total', { amountMinor: 1999 }, 'UNDERPAYMENT'],
    ['another currency', { currency: 'USD' }, 'CURRENCY_MISMATCH'],
  ])('does not pay the order for a payment of %s, and raises PaymentRequiresAttention in its stream', async (_, overrides, reason) => {
    // Prepare
    const placed = orderPlaced('o-4');
    givenOrder(db, [placed, inventoryReserved(placed)]);

    // Act
    const outcome = await invoke(eventBridgeEvent(paymentReceived(placed, overrides)));

    // Assess
    expect(outcome).toEqual({ kind: 'attention', orderId: 'o-4', paymentId: 'pay-o-4', reason });
    expect(typesOf('o-4')).toEqual(['OrderPlaced', 'InventoryReserved', 'PaymentRequiresAttention']);
    expect(streamOf(db, 'o-4')[2]?.detail.data).toMatchObject({ reason });
  });

  it('pays the order and raises OVERPAYMENT with the excess for a payment above the total, in one append', async () => {
    // Prepare
    const placed = orderPlaced('o-over');
    givenOrder(db, [placed, inventoryReserved(placed)]);

    // Act
    const outcome = await invoke(eventBridgeEvent(paymentReceived(placed, { amountMinor: 2500 })));

    // Assess
    expect(outcome).toEqual({ kind: 'recorded', orderId: 'o-over', paymentId: 'pay-o-over', version: 3, attention: 'OVERPAYMENT' });
    expect(typesOf('o-over')).toEqual(['OrderPlaced', 'InventoryReserved', 'OrderPaid', 'PaymentRequiresAttention']);
    expect(streamOf(db, 'o-over')[3]?.detail.data).toMatchObject({ reason: 'OVERPAYMENT', excessMinor: 50 });
  });

  it('raises DUPLICATE_PAYMENT for a second payment under another delivery, leaving the first', async () => {
    // Prepare
    const placed = orderPlaced('o-twice');
    givenOrder(db, [placed, inventoryReserved(placed)]);
    await invoke(eventBridgeEvent(paymentReceived(placed)));

    // Act
    const outcome = await invoke(eventBridgeEvent(paymentReceived(placed, { paymentId: 'pay-second', providerEventId: 'evt-second' })));

    // Assess
    expect(outcome).toMatchObject({ kind: 'attention', reason: 'DUPLICATE_PAYMENT' });
    expect(typesOf('o-twice')).toEqual(['OrderPlaced', 'InventoryReserved', 'OrderPaid', 'PaymentRequiresAttention']);
  });

  it('raises ORDER_EXPIRED for a payment to an order that expired before it was recorded', async () => {
    // Prepare
    const placed = orderPlaced('o-5');
    givenOrder(db, [placed, inventoryReserved(placed), orderExpired(placed)]);

    // Act
    const outcome = await invoke(eventBridgeEvent(paymentReceived(placed)));

    // Assess
    expect(outcome).toMatchObject({ kind: 'attention', reason: 'ORDER_EXPIRED' });
    expect(typesOf('o-5')).toEqual(['OrderPlaced', 'InventoryReserved', 'OrderExpired', 'PaymentRequiresAttention']);
  });

  it('decides again on the new state when an expiry was appended between its read and its write', async () => {
    // Prepare
    const placed = orderPlaced('o-6');
    givenOrder(db, [placed, inventoryReserved(placed)]);
    db.beforeNext('PutCommand', () => db.put(TABLES.eventStore, toItem(orderExpired(placed), 'o-6', ORDER_AGGREGATE, 3)));

    // Act
    const outcome = await invoke(eventBridgeEvent(paymentReceived(placed)));

    // Assess
    expect(outcome).toMatchObject({ kind: 'attention', reason: 'ORDER_EXPIRED' });
    expect(typesOf('o-6')).toEqual(['OrderPlaced', 'InventoryReserved', 'OrderExpired', 'PaymentRequiresAttention']);
  });

  it('raises UNKNOWN_ORDER, once, in a stream of its own for a payment naming an order that does not exist', async () => {
    // Prepare
    const payment = paymentReceived(orderPlaced('o-unknown'));

    // Act
    const outcome = await invoke(eventBridgeEvent(payment));
    const again = await invoke(eventBridgeEvent(payment));

    // Assess
    expect(outcome).toEqual({ kind: 'attention', orderId: 'o-unknown', paymentId: 'pay-o-unknown', reason: 'UNKNOWN_ORDER' });
    expect(again).toMatchObject({ kind: 'skipped' });
    const attention = streamOf(db, paymentAttentionStreamOf(payment.detail.metadata.eventId));
    expect(attention.map((event) => [event.detailType, event.aggregateType])).toEqual([['PaymentRequiresAttention', 'payment-attention']]);
    expect(attention[0]?.detail.data).toMatchObject({ reason: 'UNKNOWN_ORDER', orderId: 'o-unknown', excessMinor: 2450 });
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
    const invalid = { ...payment, detail: { ...payment.detail, data: { ...payment.detail.data, amountMinor: -5 } } };

    // Act
    const outcome = invoke(eventBridgeEvent(invalid));

    // Assess
    await expect(outcome).rejects.toThrow(InvalidEventError);
    await expect(outcome).rejects.toThrow(/detail\.data\.amountMinor/);
  });
});
