import { describe, expect, it } from 'vitest';
import type { CatalogEvent } from '../../../shared/events/index.ts';
import { foldOrder, UnexpectedOrderEventError } from '../../../shared/orders/index.ts';
import {
  DEADLINE,
  inventoryReserved,
  inventoryShortage,
  orderExpired,
  orderPaid,
  orderPlaced,
  paymentReceived,
  PLACED_AT,
  stored,
} from '../support/order-events.ts';

/** An event as stored before amounts became minor units: schema version 1, decimal amounts. */
function asVersion1<E extends CatalogEvent>(event: E, data: Record<string, unknown>): E {
  return { ...event, detail: { metadata: { ...event.detail.metadata, version: 1 }, data } } as E;
}

describe('foldOrder', () => {
  it('folds an order stored at schema version 1 (decimal amounts) into minor units', () => {
    // Prepare
    const placed = orderPlaced('o-v1');
    const payment = paymentReceived(placed);
    const { items: _items, totalMinor: _total, ...placedRest } = placed.detail.data;
    const v1Placed = asVersion1(placed, {
      ...placedRest,
      items: [
        { sku: 'SKU-MUG', quantity: 2, unitPrice: 10 },
        { sku: 'SKU-TEA', quantity: 1, unitPrice: 4.5 },
      ],
      total: 24.5,
    });
    const paid = orderPaid(payment);
    const { amountMinor: _amount, ...paidRest } = paid.detail.data;
    const v1Paid = asVersion1(paid, { ...paidRest, amount: 24.5 });

    // Act
    const order = foldOrder(stored([v1Placed, v1Paid]));

    // Assess
    expect(order).toMatchObject({
      items: [
        { sku: 'SKU-MUG', quantity: 2, unitPriceMinor: 1000 },
        { sku: 'SKU-TEA', quantity: 1, unitPriceMinor: 450 },
      ],
      totalMinor: 2450,
      status: 'PAID',
      payment: { amountMinor: 2450, currency: 'EUR' },
    });
  });

  it('has no order without events', () => {
    // Act
    const order = foldOrder([]);

    // Assess
    expect(order).toBeUndefined();
  });

  it('is PLACED with the placed order at version 1 after OrderPlaced', () => {
    // Prepare
    const placed = orderPlaced('o-1');

    // Act
    const order = foldOrder(stored([placed], { commandHash: 'hash-1' }));

    // Assess
    expect(order).toMatchObject({
      orderId: 'o-1',
      customerId: 'customer-1',
      items: placed.detail.data.items,
      totalMinor: 2450,
      currency: 'EUR',
      paymentDeadline: DEADLINE,
      placedAt: PLACED_AT,
      status: 'PLACED',
      version: 1,
      updatedAt: PLACED_AT,
      stockReserved: false,
      inventoryDecided: false,
      correlationId: 'corr-o-1',
      commandHash: 'hash-1',
    });
  });

  it('is RESERVED, holding stock, once inventory reserved it', () => {
    // Prepare
    const placed = orderPlaced('o-1');

    // Act
    const order = foldOrder(stored([placed, inventoryReserved(placed, '2026-03-01T10:00:07.000Z')]));

    // Assess
    expect(order).toMatchObject({ status: 'RESERVED', stockReserved: true, inventoryDecided: true, version: 2, updatedAt: '2026-03-01T10:00:07.000Z' });
  });

  it('is REJECTED with the shortages once inventory found stock short', () => {
    // Prepare
    const placed = orderPlaced('o-1');
    const shortage = inventoryShortage(placed);

    // Act
    const order = foldOrder(stored([placed, shortage]));

    // Assess
    expect(order).toMatchObject({ status: 'REJECTED', stockReserved: false, inventoryDecided: true, shortages: shortage.detail.data.shortages });
  });

  it('is PAID with the payment once it was recorded', () => {
    // Prepare
    const placed = orderPlaced('o-1');
    const paid = orderPaid(paymentReceived(placed), '2026-03-01T10:05:09.000Z');

    // Act
    const order = foldOrder(stored([placed, inventoryReserved(placed), paid]));

    // Assess
    expect(order).toMatchObject({
      status: 'PAID',
      version: 3,
      payment: { paymentId: 'pay-o-1', amountMinor: 2450, currency: 'EUR', paidAt: '2026-03-01T10:05:09.000Z' },
    });
  });

  it('stays PAID, now holding stock, when inventory reserves after the payment', () => {
    // Prepare
    const placed = orderPlaced('o-1');

    // Act
    const order = foldOrder(stored([placed, orderPaid(paymentReceived(placed)), inventoryReserved(placed)]));

    // Assess
    expect(order).toMatchObject({ status: 'PAID', stockReserved: true, inventoryDecided: true });
  });

  it('is REJECTED when inventory finds stock short after the payment', () => {
    // Prepare
    const placed = orderPlaced('o-1');

    // Act
    const order = foldOrder(stored([placed, orderPaid(paymentReceived(placed)), inventoryShortage(placed)]));

    // Assess
    expect(order?.status).toBe('REJECTED');
  });

  it('is EXPIRED, its stock released, once expired', () => {
    // Prepare
    const placed = orderPlaced('o-1');

    // Act
    const order = foldOrder(stored([placed, inventoryReserved(placed), orderExpired(placed, '2026-03-01T10:35:00.000Z')]));

    // Assess
    expect(order).toMatchObject({ status: 'EXPIRED', stockReserved: false, expiredAt: '2026-03-01T10:35:00.000Z' });
  });

  it('stays EXPIRED when inventory finds stock short after the expiry', () => {
    // Prepare
    const placed = orderPlaced('o-1');

    // Act
    const order = foldOrder(stored([placed, orderExpired(placed), inventoryShortage(placed)]));

    // Assess
    expect(order).toMatchObject({ status: 'EXPIRED', inventoryDecided: true });
  });

  it('knows the events that caused its events, to recognise a redelivered cause', () => {
    // Prepare
    const placed = orderPlaced('o-1');
    const payment = paymentReceived(placed);

    // Act
    const order = foldOrder(stored([placed, inventoryReserved(placed), orderPaid(payment)]));

    // Assess
    expect([...(order?.handledCauses ?? [])].sort()).toEqual([placed.detail.metadata.eventId, payment.detail.metadata.eventId].sort());
  });

  it('refuses a stream that does not start with OrderPlaced', () => {
    // Prepare
    const placed = orderPlaced('o-1');
    const events = stored([inventoryReserved(placed)], { aggregateId: 'o-1' });

    // Act
    const fold = () => foldOrder(events);

    // Assess
    expect(fold).toThrow(UnexpectedOrderEventError);
    expect(fold).toThrow(/InventoryReserved .* at version 1 of o-1: the first event of an order must be OrderPlaced/);
  });

  it('refuses an event that does not belong to an order', () => {
    // Prepare
    const placed = orderPlaced('o-1');
    const events = stored([placed, paymentReceived(placed)], { aggregateId: 'o-1' });

    // Act
    const fold = () => foldOrder(events);

    // Assess
    expect(fold).toThrow(/PaymentReceived .* at version 2 of o-1: not an order event/);
  });
});
