import {
  causedBy,
  createEvent,
  InventoryReserved,
  InventoryShortage,
  OrderExpired,
  OrderPaid,
  PaymentRequiresAttention,
  type CatalogEvent,
  type EventData,
  type EventMetadata,
  type PaymentReceived,
} from '../events/index.ts';
import type { OrderState } from './order-state.ts';

/** What a decision concluded: events to append, or nothing with the reason why. */
export type Decision<E extends CatalogEvent = CatalogEvent> = { kind: 'append'; events: E[] } | { kind: 'skip'; reason: string };

type Shortage = EventData<typeof InventoryShortage>['shortages'][number];

type Cause = Pick<EventMetadata, 'eventId' | 'correlationId'>;

/** Stock available to reserve, per SKU; a SKU absent from the map is unknown to the catalog. */
export type StockLevels = ReadonlyMap<string, number>;

/** One stock decrement to commit atomically with InventoryReserved. */
export interface StockDecrement {
  sku: string;
  quantity: number;
}

export type ReservationDecision =
  | { kind: 'reserve'; event: CatalogEvent<typeof InventoryReserved>; decrements: StockDecrement[] }
  | { kind: 'reject'; event: CatalogEvent<typeof InventoryShortage> }
  | { kind: 'skip'; reason: string };

/**
 * Reserve every line or nothing. Each SKU that is unknown or short is reported, so the customer learns
 * every problem at once. A redelivered OrderPlaced (inventory already answered) changes nothing.
 */
export function decideReservation(order: OrderState, cause: Cause, stock: StockLevels): ReservationDecision {
  if (order.inventoryDecided) return { kind: 'skip', reason: `inventory already answered for ${order.orderId}` };
  if (order.status === 'EXPIRED') return { kind: 'skip', reason: `${order.orderId} expired before its stock was reserved` };
  const shortages = order.items.flatMap(({ sku, quantity }): Shortage[] => {
    const available = stock.get(sku);
    if (available === undefined) return [{ sku, requested: quantity, available: 0, reason: 'UNKNOWN_SKU' }];
    if (available < quantity) return [{ sku, requested: quantity, available: Math.max(available, 0), reason: 'INSUFFICIENT_STOCK' }];
    return [];
  });
  const context = causedBy(cause, { idempotencyKey: `inventory#${order.orderId}` });
  if (shortages.length > 0) return { kind: 'reject', event: createEvent(InventoryShortage, { orderId: order.orderId, shortages }, context) };
  const items = order.items.map(({ sku, quantity }) => ({ sku, quantity }));
  return { kind: 'reserve', event: createEvent(InventoryReserved, { orderId: order.orderId, items }, context), decrements: items };
}

type Payment = { metadata: Cause; data: EventData<typeof PaymentReceived> };
type Attention = EventData<typeof PaymentRequiresAttention>;

export type PaymentDecision =
  /** Events to append to the order's stream: OrderPaid, PaymentRequiresAttention, or both (overpaid). */
  | { kind: 'append'; events: (CatalogEvent<typeof OrderPaid> | CatalogEvent<typeof PaymentRequiresAttention>)[]; attention?: Attention['reason'] }
  | { kind: 'skip'; reason: string };

/**
 * Record a confirmed payment on the order. An order awaiting payment (PLACED or RESERVED) paid its
 * total or more in its currency is paid (OrderPaid). Money the order cannot simply take raises
 * PaymentRequiresAttention, for a person to refund or match: the excess of an overpayment (the order
 * is paid too), an underpayment or a payment in another currency, a second payment of a paid order,
 * a payment of an expired or rejected order. A redelivered PaymentReceived (its payment already on
 * the order, or its event already a cause of the stream) changes nothing.
 */
export function decidePayment(order: OrderState, payment: Payment): PaymentDecision {
  const { paymentId, amountMinor, currency } = payment.data;
  if (order.payment?.paymentId === paymentId || order.handledCauses.has(payment.metadata.eventId)) {
    return { kind: 'skip', reason: `payment ${paymentId} is already recorded on ${order.orderId}` };
  }
  const attention = (reason: Attention['reason'], excessMinor: number, explanation: string) =>
    createEvent(
      PaymentRequiresAttention,
      {
        reason,
        orderId: order.orderId,
        paymentId,
        providerEventId: payment.data.providerEventId,
        amountMinor,
        currency,
        orderTotalMinor: order.totalMinor,
        orderCurrency: order.currency,
        orderStatus: order.status,
        excessMinor,
        explanation,
      },
      causedBy(payment.metadata, { idempotencyKey: `attention#${payment.metadata.eventId}` }),
    );
  const paid = `payment ${paymentId} of ${amountMinor} ${currency} minor units`;
  const alone = (reason: Attention['reason'], explanation: string): PaymentDecision => ({
    kind: 'append',
    events: [attention(reason, amountMinor, explanation)],
    attention: reason,
  });

  if (order.status === 'PAID')
    return alone('DUPLICATE_PAYMENT', `${paid} arrived for ${order.orderId}, already paid by ${order.payment?.paymentId}: refund it`);
  if (order.status === 'EXPIRED') return alone('ORDER_EXPIRED', `${paid} arrived for ${order.orderId}, which expired unpaid: refund it`);
  if (order.status !== 'PLACED' && order.status !== 'RESERVED') {
    return alone('ORDER_NOT_AWAITING_PAYMENT', `${paid} arrived for ${order.orderId}, which is ${order.status}: refund it`);
  }
  if (currency !== order.currency) return alone('CURRENCY_MISMATCH', `${paid} arrived for ${order.orderId}, priced in ${order.currency}: refund it`);
  if (amountMinor < order.totalMinor) {
    return alone(
      'UNDERPAYMENT',
      `${paid} does not cover ${order.orderId}'s total of ${order.totalMinor}: the order is not paid; refund it or collect the rest`,
    );
  }
  const orderPaid = createEvent(
    OrderPaid,
    { orderId: order.orderId, paymentId, amountMinor, currency },
    causedBy(payment.metadata, { idempotencyKey: `paid#${order.orderId}` }),
  );
  if (amountMinor === order.totalMinor) return { kind: 'append', events: [orderPaid] };
  const excess = amountMinor - order.totalMinor;
  return {
    kind: 'append',
    events: [
      orderPaid,
      attention('OVERPAYMENT', excess, `${paid} overpays ${order.orderId}'s total of ${order.totalMinor}: the order is paid; refund ${excess}`),
    ],
    attention: 'OVERPAYMENT',
  };
}

/** A payment naming an order that does not exist: all of it needs a person (UNKNOWN_ORDER). */
export function decideUnknownOrderPayment(payment: Payment): CatalogEvent<typeof PaymentRequiresAttention> {
  const { orderId, paymentId, amountMinor, currency, providerEventId } = payment.data;
  return createEvent(
    PaymentRequiresAttention,
    {
      reason: 'UNKNOWN_ORDER',
      orderId,
      paymentId,
      providerEventId,
      amountMinor,
      currency,
      excessMinor: amountMinor,
      explanation: `payment ${paymentId} of ${amountMinor} ${currency} minor units names order ${orderId}, which does not exist: match it to an order or refund it`,
    },
    causedBy(payment.metadata, { idempotencyKey: `attention#${payment.metadata.eventId}` }),
  );
}

export type ExpiryDecision = { kind: 'expire'; event: CatalogEvent<typeof OrderExpired>; releases: StockDecrement[] } | { kind: 'skip'; reason: string };

/**
 * Expire an order still awaiting payment past its deadline, releasing the stock it holds.
 * `cause` is the scheduled run (its id and a correlation id of its own).
 */
export function decideExpiry(order: OrderState, now: Date, cause: Cause): ExpiryDecision {
  if (order.status !== 'PLACED' && order.status !== 'RESERVED') return { kind: 'skip', reason: `${order.orderId} is ${order.status}` };
  if (now.getTime() <= Date.parse(order.paymentDeadline)) return { kind: 'skip', reason: `${order.orderId} is due by ${order.paymentDeadline}` };
  // The order's own correlation id, so the expiry shows up in the order's trace; caused by the run.
  const event = createEvent(
    OrderExpired,
    { orderId: order.orderId, paymentDeadline: order.paymentDeadline },
    { correlationId: order.correlationId, causationId: cause.eventId, idempotencyKey: `expired#${order.orderId}` },
  );
  const releases = order.stockReserved ? order.items.map(({ sku, quantity }) => ({ sku, quantity })) : [];
  return { kind: 'expire', event, releases };
}
