import { fromItem, toItem, type StoredEvent } from '../../../shared/event-store/index.ts';
import {
  causedBy,
  createEvent,
  InventoryReserved,
  InventoryShortage,
  OrderExpired,
  OrderPaid,
  OrderPlaced,
  PaymentReceived,
  PaymentRequiresAttention,
  type CatalogEvent,
  type EventData,
} from '../../../shared/events/index.ts';
import { ORDER_AGGREGATE } from '../../../shared/orders/index.ts';

/*
 * Order events built with the catalog (createEvent) and stored as the event store stores them
 * (toItem, then fromItem), for the tests of the order aggregate, the event store and the orders
 * functions (test/unit/support/order-tables.ts stores them in the in-memory tables).
 */

export const PLACED_AT = '2026-03-01T10:00:00.000Z';
export const DEADLINE = '2026-03-01T10:30:00.000Z';

type Lines = EventData<typeof OrderPlaced>['items'];

export interface PlacedOptions {
  items?: Lines;
  currency?: string;
  correlationId?: string;
  customerId?: string;
  /** @default DEADLINE */
  paymentDeadline?: string;
  /** @default PLACED_AT */
  placedAt?: string;
}

export function orderPlaced(orderId: string, options: PlacedOptions = {}): CatalogEvent<typeof OrderPlaced> {
  const items = options.items ?? [
    { sku: 'SKU-MUG', quantity: 2, unitPriceMinor: 1000 },
    { sku: 'SKU-TEA', quantity: 1, unitPriceMinor: 450 },
  ];
  const totalMinor = items.reduce((sum, { quantity, unitPriceMinor }) => sum + quantity * unitPriceMinor, 0);
  return createEvent(
    OrderPlaced,
    {
      orderId,
      customerId: options.customerId ?? 'customer-1',
      items,
      totalMinor,
      currency: options.currency ?? 'EUR',
      paymentDeadline: options.paymentDeadline ?? DEADLINE,
    },
    { correlationId: options.correlationId ?? `corr-${orderId}`, occurredAt: options.placedAt ?? PLACED_AT, idempotencyKey: `order#${orderId}` },
  );
}

export function inventoryReserved(placed: CatalogEvent<typeof OrderPlaced>, occurredAt = '2026-03-01T10:00:01.000Z'): CatalogEvent<typeof InventoryReserved> {
  const { orderId, items } = placed.detail.data;
  return createEvent(
    InventoryReserved,
    { orderId, items: items.map(({ sku, quantity }) => ({ sku, quantity })) },
    { ...causedBy(placed.detail.metadata), occurredAt },
  );
}

export function inventoryShortage(placed: CatalogEvent<typeof OrderPlaced>, occurredAt = '2026-03-01T10:00:01.000Z'): CatalogEvent<typeof InventoryShortage> {
  const [line] = placed.detail.data.items as [Lines[number]];
  return createEvent(
    InventoryShortage,
    { orderId: placed.detail.data.orderId, shortages: [{ sku: line.sku, requested: line.quantity, available: 0, reason: 'INSUFFICIENT_STOCK' }] },
    { ...causedBy(placed.detail.metadata), occurredAt },
  );
}

export function paymentReceived(
  placed: CatalogEvent<typeof OrderPlaced>,
  overrides: Partial<EventData<typeof PaymentReceived>> = {},
): CatalogEvent<typeof PaymentReceived> {
  const { orderId, totalMinor, currency } = placed.detail.data;
  return createEvent(
    PaymentReceived,
    { orderId, paymentId: `pay-${orderId}`, amountMinor: totalMinor, currency, providerEventId: `evt-${orderId}`, ...overrides },
    { correlationId: `webhook-${orderId}`, occurredAt: '2026-03-01T10:05:00.000Z' },
  );
}

export function orderPaid(payment: CatalogEvent<typeof PaymentReceived>, occurredAt = '2026-03-01T10:05:01.000Z'): CatalogEvent<typeof OrderPaid> {
  const { orderId, paymentId, amountMinor, currency } = payment.detail.data;
  return createEvent(OrderPaid, { orderId, paymentId, amountMinor, currency }, { ...causedBy(payment.detail.metadata), occurredAt });
}

export function orderExpired(placed: CatalogEvent<typeof OrderPlaced>, occurredAt = '2026-03-01T10:35:00.000Z'): CatalogEvent<typeof OrderExpired> {
  const { orderId, paymentDeadline } = placed.detail.data;
  return createEvent(OrderExpired, { orderId, paymentDeadline }, { correlationId: placed.detail.metadata.correlationId, causationId: 'run-1', occurredAt });
}

/** A second payment of a paid order, which record-payment appends to the order's stream for a person. */
export function paymentRequiresAttention(
  payment: CatalogEvent<typeof PaymentReceived>,
  occurredAt = '2026-03-01T10:06:01.000Z',
): CatalogEvent<typeof PaymentRequiresAttention> {
  const { orderId, paymentId, amountMinor, currency, providerEventId } = payment.detail.data;
  return createEvent(
    PaymentRequiresAttention,
    {
      reason: 'DUPLICATE_PAYMENT',
      orderId,
      paymentId,
      providerEventId,
      amountMinor,
      currency,
      excessMinor: amountMinor,
      explanation: 'The order was already paid.',
    },
    { ...causedBy(payment.detail.metadata), occurredAt },
  );
}

/** The events as the event store returns them for the order: versions 1, 2, … in order. */
export function stored(events: readonly CatalogEvent[], options: { aggregateId?: string; commandHash?: string } = {}): StoredEvent[] {
  return events.map((event, index) => {
    const aggregateId = options.aggregateId ?? (event.detail.data as { orderId: string }).orderId;
    return fromItem(toItem(event, aggregateId, ORDER_AGGREGATE, index + 1, index === 0 ? options.commandHash : undefined));
  });
}
