import {
  causedBy,
  createEvent,
  InventoryReserved,
  InventoryShortage,
  OrderExpired,
  OrderPaid,
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

/**
 * Record a confirmed payment on the order. Only an order still awaiting payment can be paid, with the
 * full amount in its currency; anything else is skipped with the reason (a refund is out of scope).
 */
export function decidePayment(order: OrderState, payment: { metadata: Cause; data: EventData<typeof PaymentReceived> }): Decision<CatalogEvent<typeof OrderPaid>> {
  const { paymentId, amount, currency } = payment.data;
  if (order.payment?.paymentId === paymentId || order.handledCauses.has(payment.metadata.eventId)) {
    return { kind: 'skip', reason: `payment ${paymentId} is already recorded on ${order.orderId}` };
  }
  if (order.status !== 'PLACED' && order.status !== 'RESERVED') {
    return { kind: 'skip', reason: `${order.orderId} is ${order.status}: payment ${paymentId} cannot be recorded` };
  }
  if (currency !== order.currency || amount < order.total) {
    return { kind: 'skip', reason: `payment ${paymentId} of ${amount} ${currency} does not cover ${order.orderId}'s ${order.total} ${order.currency}` };
  }
  const event = createEvent(OrderPaid, { orderId: order.orderId, paymentId, amount, currency }, causedBy(payment.metadata, { idempotencyKey: `paid#${order.orderId}` }));
  return { kind: 'append', events: [event] };
}

export type ExpiryDecision =
  | { kind: 'expire'; event: CatalogEvent<typeof OrderExpired>; releases: StockDecrement[] }
  | { kind: 'skip'; reason: string };

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
