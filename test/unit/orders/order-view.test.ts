import { describe, expect, it } from 'vitest';
import { foldOrder, fromOrderViewItem, toOrderView, toOrderViewItem, type OrderState } from '../../../shared/orders/index.ts';
import type { CatalogEvent } from '../../../shared/events/index.ts';
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

const placed = orderPlaced('o-1');

function orderOf(events: readonly CatalogEvent[]): OrderState {
  const order = foldOrder(stored(events));
  if (!order) throw new Error('no order');
  return order;
}

describe('order view', () => {
  it('shows a placed order as the read model serves it', () => {
    // Act
    const view = toOrderView(orderOf([placed]));

    // Assess
    expect(view).toEqual({
      orderId: 'o-1',
      status: 'PLACED',
      customerId: 'customer-1',
      items: placed.detail.data.items,
      totalMinor: 2450,
      currency: 'EUR',
      version: 1,
      placedAt: PLACED_AT,
      updatedAt: PLACED_AT,
      paymentDeadline: DEADLINE,
    });
  });

  it('shows the payment of a paid order, the shortages of a rejected one, the expiry of an expired one', () => {
    // Act
    const paid = toOrderView(orderOf([placed, orderPaid(paymentReceived(placed), '2026-03-01T10:05:01.000Z')]));
    const rejected = toOrderView(orderOf([placed, inventoryShortage(placed)]));
    const expired = toOrderView(orderOf([placed, orderExpired(placed, '2026-03-01T10:35:00.000Z')]));

    // Assess
    expect(paid).toMatchObject({ status: 'PAID', paymentId: 'pay-o-1', paidAt: '2026-03-01T10:05:01.000Z' });
    expect(rejected).toMatchObject({ status: 'REJECTED', shortages: [{ sku: 'SKU-MUG', reason: 'INSUFFICIENT_STOCK' }] });
    expect(expired).toMatchObject({ status: 'EXPIRED', expiredAt: '2026-03-01T10:35:00.000Z' });
  });

  it.each([
    ['PLACED', [placed], 'Y'],
    ['RESERVED', [placed, inventoryReserved(placed)], 'Y'],
    ['PAID', [placed, orderPaid(paymentReceived(placed))], undefined],
    ['REJECTED', [placed, inventoryShortage(placed)], undefined],
    ['EXPIRED', [placed, orderExpired(placed)], undefined],
  ])('keeps a %s order in the awaiting-payment index: %s', (_, events, awaiting) => {
    // Act
    const item = toOrderViewItem(orderOf(events));

    // Assess
    expect(item.awaitingPayment).toBe(awaiting);
  });

  it('serves a stored item without the index key', () => {
    // Prepare
    const order = orderOf([placed]);

    // Act
    const view = fromOrderViewItem(toOrderViewItem(order));

    // Assess
    expect(view).toEqual(toOrderView(order));
    expect(view).not.toHaveProperty('awaitingPayment');
  });
});
