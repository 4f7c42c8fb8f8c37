import { toItem, fromItem, type StoredEvent } from '../../../../../shared/event-store/index.ts';
import {
  createEvent,
  InventoryReserved,
  OrderExpired,
  OrderPaid,
  OrderPlaced,
  PaymentReceived,
  type CatalogEvent,
  type EventData,
} from '../../../../../shared/events/index.ts';
import { AWAITING_PAYMENT_INDEX, ORDER_AGGREGATE } from '../../../../../shared/orders/index.ts';
import { inMemoryDynamoDB, type InMemoryDynamoDB } from './in-memory-dynamodb.ts';

/*
 * Builders of order streams for the orders consumers' handler tests: events built with the catalog
 * (createEvent), stored as the event store stores them (toItem), in the in-memory tables.
 */

/** The table names the handlers get from their environment in these tests. */
export const TABLES = { eventStore: 'EventStore', products: 'Products', orders: 'Orders', notifications: 'Notifications' } as const;

/** The orders flow's tables with their keys (flows-contract.md). */
export function orderTables(): InMemoryDynamoDB {
  return inMemoryDynamoDB({
    [TABLES.eventStore]: { partitionKey: 'aggregateId', sortKey: 'version' },
    [TABLES.products]: { partitionKey: 'sku' },
    [TABLES.orders]: { partitionKey: 'orderId', indexes: { [AWAITING_PAYMENT_INDEX]: { partitionKey: 'awaitingPayment', sortKey: 'paymentDeadline' } } },
    [TABLES.notifications]: { partitionKey: 'orderId', sortKey: 'notificationKey' },
  });
}

type Lines = EventData<typeof OrderPlaced>['items'];

export interface PlacedOptions {
  items?: Lines;
  paymentDeadline?: string;
  placedAt?: string;
  correlationId?: string;
  currency?: string;
}

export function orderPlaced(orderId: string, options: PlacedOptions = {}): CatalogEvent<typeof OrderPlaced> {
  const items = options.items ?? [{ sku: 'SKU-MUG', quantity: 2, unitPrice: 10 }];
  const total = items.reduce((sum, { quantity, unitPrice }) => sum + quantity * unitPrice, 0);
  return createEvent(
    OrderPlaced,
    { orderId, customerId: `customer-of-${orderId}`, items, total, currency: options.currency ?? 'EUR', paymentDeadline: options.paymentDeadline ?? '2026-03-01T10:30:00.000Z' },
    { correlationId: options.correlationId ?? `corr-${orderId}`, occurredAt: options.placedAt ?? '2026-03-01T10:00:00.000Z', idempotencyKey: `order#${orderId}` },
  );
}

export function inventoryReserved(placed: CatalogEvent<typeof OrderPlaced>, occurredAt = '2026-03-01T10:00:01.000Z'): CatalogEvent<typeof InventoryReserved> {
  const { orderId, items } = placed.detail.data;
  return createEvent(
    InventoryReserved,
    { orderId, items: items.map(({ sku, quantity }) => ({ sku, quantity })) },
    { correlationId: placed.detail.metadata.correlationId, causationId: placed.detail.metadata.eventId, occurredAt },
  );
}

export function paymentReceived(placed: CatalogEvent<typeof OrderPlaced>, overrides: Partial<EventData<typeof PaymentReceived>> = {}): CatalogEvent<typeof PaymentReceived> {
  const { orderId, total, currency } = placed.detail.data;
  return createEvent(
    PaymentReceived,
    { orderId, paymentId: `pay-${orderId}`, amount: total, currency, providerEventId: `evt-${orderId}`, ...overrides },
    { correlationId: placed.detail.metadata.correlationId, occurredAt: '2026-03-01T10:05:00.000Z' },
  );
}

export function orderPaid(payment: CatalogEvent<typeof PaymentReceived>, occurredAt = '2026-03-01T10:05:01.000Z'): CatalogEvent<typeof OrderPaid> {
  const { orderId, paymentId, amount, currency } = payment.detail.data;
  return createEvent(OrderPaid, { orderId, paymentId, amount, currency }, { correlationId: payment.detail.metadata.correlationId, causationId: payment.detail.metadata.eventId, occurredAt });
}

export function orderExpired(placed: CatalogEvent<typeof OrderPlaced>, occurredAt = '2026-03-01T11:00:00.000Z'): CatalogEvent<typeof OrderExpired> {
  const { orderId, paymentDeadline } = placed.detail.data;
  return createEvent(OrderExpired, { orderId, paymentDeadline }, { correlationId: placed.detail.metadata.correlationId, causationId: 'expire-unpaid-orders#test', occurredAt });
}

/** Stores `events` as the order's stream, versions 1, 2, … */
export function givenOrder(db: InMemoryDynamoDB, events: readonly CatalogEvent[]): void {
  events.forEach((event, index) => {
    const orderId = (event.detail.data as { orderId: string }).orderId;
    db.put(TABLES.eventStore, toItem(event, orderId, ORDER_AGGREGATE, index + 1));
  });
}

/** The order's stream as the event store holds it, oldest first. */
export function streamOf(db: InMemoryDynamoDB, orderId: string): StoredEvent[] {
  return db
    .items(TABLES.eventStore)
    .filter((item) => item.aggregateId === orderId)
    .sort((a, b) => (a.version as number) - (b.version as number))
    .map((item) => fromItem(item));
}

export function givenStock(db: InMemoryDynamoDB, stock: Record<string, number>): void {
  for (const [sku, units] of Object.entries(stock)) db.put(TABLES.products, { sku, name: `Product ${sku}`, unitPrice: 10, stock: units, updatedAt: '2026-03-01T00:00:00.000Z' });
}

export const stockOf = (db: InMemoryDynamoDB, sku: string): unknown => db.get(TABLES.products, { sku })?.stock;
