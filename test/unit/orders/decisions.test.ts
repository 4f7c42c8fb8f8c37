import { describe, expect, it } from 'vitest';
import { decideExpiry, decidePayment, decideReservation, decideUnknownOrderPayment, foldOrder, type OrderState } from '../../../shared/orders/index.ts';
import { DEADLINE, inventoryReserved, inventoryShortage, orderExpired, orderPaid, orderPlaced, paymentReceived, stored } from '../support/order-events.ts';
import type { CatalogEvent } from '../../../shared/events/index.ts';

const cause = { eventId: 'cause-1', correlationId: 'corr-cause' };

function orderOf(events: readonly CatalogEvent[]): OrderState {
  const order = foldOrder(stored(events));
  if (!order) throw new Error('no order');
  return order;
}

describe('decideReservation', () => {
  const placed = orderPlaced('o-1');

  it('reserves every line when stock covers each, caused by the OrderPlaced and in its correlation', () => {
    // Prepare
    const stock = new Map([
      ['SKU-MUG', 2],
      ['SKU-TEA', 10],
    ]);

    // Act
    const decision = decideReservation(orderOf([placed]), placed.detail.metadata, stock);

    // Assess
    expect(decision.kind).toBe('reserve');
    if (decision.kind !== 'reserve') return;
    expect(decision.decrements).toEqual([
      { sku: 'SKU-MUG', quantity: 2 },
      { sku: 'SKU-TEA', quantity: 1 },
    ]);
    expect(decision.event.detail.data).toEqual({ orderId: 'o-1', items: decision.decrements });
    expect(decision.event.detail.metadata).toMatchObject({
      causationId: placed.detail.metadata.eventId,
      correlationId: 'corr-o-1',
      idempotencyKey: 'inventory#o-1',
    });
  });

  it('rejects the order naming every unknown or short SKU, reserving nothing', () => {
    // Prepare
    const stock = new Map([['SKU-MUG', 1]]);

    // Act
    const decision = decideReservation(orderOf([placed]), cause, stock);

    // Assess
    expect(decision.kind).toBe('reject');
    if (decision.kind !== 'reject') return;
    expect(decision.event.detail.data.shortages).toEqual([
      { sku: 'SKU-MUG', requested: 2, available: 1, reason: 'INSUFFICIENT_STOCK' },
      { sku: 'SKU-TEA', requested: 1, available: 0, reason: 'UNKNOWN_SKU' },
    ]);
    expect(decision.event.detail.metadata.idempotencyKey).toBe('inventory#o-1');
  });

  it('reports negative stock as none available', () => {
    // Prepare
    const stock = new Map([
      ['SKU-MUG', -3],
      ['SKU-TEA', 5],
    ]);

    // Act
    const decision = decideReservation(orderOf([placed]), cause, stock);

    // Assess
    expect(decision.kind === 'reject' && decision.event.detail.data.shortages).toEqual([
      { sku: 'SKU-MUG', requested: 2, available: 0, reason: 'INSUFFICIENT_STOCK' },
    ]);
  });

  it.each([
    ['reserved', [placed, inventoryReserved(placed)], /inventory already answered/],
    ['rejected', [placed, inventoryShortage(placed)], /inventory already answered/],
    ['expired', [placed, orderExpired(placed)], /expired before its stock was reserved/],
  ])('decides nothing for an order already %s', (_, events, reason) => {
    // Act
    const decision = decideReservation(
      orderOf(events),
      cause,
      new Map([
        ['SKU-MUG', 99],
        ['SKU-TEA', 99],
      ]),
    );

    // Assess
    expect(decision).toEqual({ kind: 'skip', reason: expect.stringMatching(reason) });
  });
});

describe('decidePayment', () => {
  const placed = orderPlaced('o-1');

  it.each([
    ['placed', [placed]],
    ['reserved', [placed, inventoryReserved(placed)]],
  ])('records OrderPaid on a %s order paid in full, caused by the payment', (_, events) => {
    // Prepare
    const payment = paymentReceived(placed);

    // Act
    const decision = decidePayment(orderOf(events), payment.detail);

    // Assess
    expect(decision.kind).toBe('append');
    if (decision.kind !== 'append') return;
    const [paid] = decision.events;
    expect(paid?.detail.data).toEqual({ orderId: 'o-1', paymentId: 'pay-o-1', amountMinor: 2450, currency: 'EUR' });
    expect(paid?.detail.metadata).toMatchObject({ causationId: payment.detail.metadata.eventId, correlationId: 'webhook-o-1', idempotencyKey: 'paid#o-1' });
  });

  it('records OrderPaid and raises OVERPAYMENT with the excess for a payment above the total', () => {
    // Prepare
    const payment = paymentReceived(placed, { amountMinor: 3000 });

    // Act
    const decision = decidePayment(orderOf([placed]), payment.detail);

    // Assess
    expect(decision).toMatchObject({ kind: 'append', attention: 'OVERPAYMENT' });
    if (decision.kind !== 'append') return;
    expect(decision.events.map((event) => event.detailType)).toEqual(['OrderPaid', 'PaymentRequiresAttention']);
    expect(decision.events[1]?.detail.data).toMatchObject({
      reason: 'OVERPAYMENT',
      amountMinor: 3000,
      orderTotalMinor: 2450,
      excessMinor: 550,
      orderStatus: 'PLACED',
    });
    expect(decision.events[1]?.detail.metadata).toMatchObject({
      causationId: payment.detail.metadata.eventId,
      idempotencyKey: `attention#${payment.detail.metadata.eventId}`,
    });
  });

  it.each([
    ['an amount short of the total', { amountMinor: 2449 }, 'UNDERPAYMENT'],
    ['another currency', { currency: 'USD' }, 'CURRENCY_MISMATCH'],
  ])('raises attention, without paying, for a payment of %s', (_, overrides, reason) => {
    // Act
    const decision = decidePayment(orderOf([placed]), paymentReceived(placed, overrides).detail);

    // Assess
    expect(decision).toMatchObject({ kind: 'append', attention: reason });
    if (decision.kind !== 'append') return;
    expect(decision.events.map((event) => [event.detailType, (event.detail.data as { reason?: string }).reason])).toEqual([
      ['PaymentRequiresAttention', reason],
    ]);
  });

  it('skips a payment already recorded, by payment id', () => {
    // Prepare
    const first = paymentReceived(placed);
    const again = paymentReceived(placed);

    // Act
    const decision = decidePayment(orderOf([placed, orderPaid(first)]), again.detail);

    // Assess
    expect(decision).toEqual({ kind: 'skip', reason: 'payment pay-o-1 is already recorded on o-1' });
  });

  it('skips a redelivered PaymentReceived, by its event id, even for another payment id', () => {
    // Prepare
    const payment = paymentReceived(placed);
    const events = [placed, orderPaid(payment)];

    // Act
    const decision = decidePayment(orderOf(events), { ...payment.detail, data: { ...payment.detail.data, paymentId: 'pay-other' } });

    // Assess
    expect(decision).toMatchObject({ kind: 'skip', reason: expect.stringContaining('already recorded') });
  });

  it.each([
    ['PAID', [placed, orderPaid(paymentReceived(placed, { paymentId: 'pay-first' }))], 'DUPLICATE_PAYMENT'],
    ['REJECTED', [placed, inventoryShortage(placed)], 'ORDER_NOT_AWAITING_PAYMENT'],
    ['EXPIRED', [placed, orderExpired(placed)], 'ORDER_EXPIRED'],
  ])('raises attention for the whole of a payment to an order that is %s', (status, events, reason) => {
    // Act
    const decision = decidePayment(orderOf(events), paymentReceived(placed).detail);

    // Assess
    expect(decision).toMatchObject({ kind: 'append', attention: reason });
    if (decision.kind !== 'append') return;
    expect(decision.events).toHaveLength(1);
    expect(decision.events[0]?.detail.data).toMatchObject({ reason, orderStatus: status, amountMinor: 2450, excessMinor: 2450 });
  });

  it('raises attention once: a redelivered payment whose attention is on the stream is skipped', () => {
    // Prepare
    const expired = [placed, orderExpired(placed)];
    const payment = paymentReceived(placed);
    const first = decidePayment(orderOf(expired), payment.detail);
    if (first.kind !== 'append') throw new Error('expected attention');

    // Act
    const again = decidePayment(orderOf([...expired, ...first.events]), payment.detail);

    // Assess
    expect(again).toMatchObject({ kind: 'skip' });
  });
});

describe('decideUnknownOrderPayment', () => {
  it('raises UNKNOWN_ORDER for the whole payment, caused by it', () => {
    // Prepare
    const payment = paymentReceived(orderPlaced('o-missing'));

    // Act
    const event = decideUnknownOrderPayment(payment.detail);

    // Assess
    expect(event.detailType).toBe('PaymentRequiresAttention');
    expect(event.detail.data).toMatchObject({ reason: 'UNKNOWN_ORDER', orderId: 'o-missing', amountMinor: 2450, excessMinor: 2450 });
    expect(event.detail.metadata.causationId).toBe(payment.detail.metadata.eventId);
  });
});

describe('decideExpiry', () => {
  const placed = orderPlaced('o-1');
  const deadline = Date.parse(DEADLINE);

  it.each([
    ['before', deadline - 1],
    ['at', deadline],
  ])('keeps an order %s its deadline', (_, now) => {
    // Act
    const decision = decideExpiry(orderOf([placed]), new Date(now), cause);

    // Assess
    expect(decision).toEqual({ kind: 'skip', reason: `o-1 is due by ${DEADLINE}` });
  });

  it('expires an unpaid order past its deadline in its own correlation, caused by the run, releasing nothing it did not reserve', () => {
    // Act
    const decision = decideExpiry(orderOf([placed]), new Date(deadline + 1), cause);

    // Assess
    expect(decision.kind).toBe('expire');
    if (decision.kind !== 'expire') return;
    expect(decision.releases).toEqual([]);
    expect(decision.event.detail.data).toEqual({ orderId: 'o-1', paymentDeadline: DEADLINE });
    expect(decision.event.detail.metadata).toMatchObject({ correlationId: 'corr-o-1', causationId: 'cause-1', idempotencyKey: 'expired#o-1' });
  });

  it('releases the stock a reserved order holds', () => {
    // Act
    const decision = decideExpiry(orderOf([placed, inventoryReserved(placed)]), new Date(deadline + 1), cause);

    // Assess
    expect(decision.kind === 'expire' && decision.releases).toEqual([
      { sku: 'SKU-MUG', quantity: 2 },
      { sku: 'SKU-TEA', quantity: 1 },
    ]);
  });

  it.each([
    ['PAID', [placed, orderPaid(paymentReceived(placed))]],
    ['REJECTED', [placed, inventoryShortage(placed)]],
    ['EXPIRED', [placed, orderExpired(placed)]],
  ])('leaves an order that is %s', (status, events) => {
    // Act
    const decision = decideExpiry(orderOf(events), new Date(deadline + 60_000), cause);

    // Assess
    expect(decision).toEqual({ kind: 'skip', reason: `o-1 is ${status}` });
  });
});
