import { toItem, fromItem, type StoredEvent } from '../../../shared/event-store/index.ts';
import type { CatalogEvent } from '../../../shared/events/index.ts';
import { AWAITING_PAYMENT_INDEX, ORDER_AGGREGATE } from '../../../shared/orders/index.ts';
import { inMemoryDynamoDB, type InMemoryDynamoDB } from './in-memory-dynamodb.ts';

/*
 * The orders flow's tables in memory for the orders consumers' handler tests, and order streams
 * (built with ./order-events.ts) stored in them as the event store stores them (toItem).
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
  for (const [sku, units] of Object.entries(stock)) givenProduct(db, { sku, stock: units });
}

/** A product of the Products table as imports write it (prices in minor units); 10.00 EUR and 100 in stock unless given. */
export function givenProduct(db: InMemoryDynamoDB, product: { sku: string; unitPriceMinor?: number; currency?: string; stock?: number }): void {
  db.put(TABLES.products, {
    name: `Product ${product.sku}`,
    unitPriceMinor: 1000,
    currency: 'EUR',
    stock: 100,
    updatedAt: '2026-03-01T00:00:00.000Z',
    ...product,
  });
}

export const stockOf = (db: InMemoryDynamoDB, sku: string): unknown => db.get(TABLES.products, { sku })?.stock;
