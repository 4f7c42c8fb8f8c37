import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { AppendConditionFailedError, withOptimisticConcurrency, type EventStore, type TransactWrite } from '../../shared/event-store/index.ts';
import type { CatalogEvent, EventData, InventoryShortage, OrderPlaced } from '../../shared/events/index.ts';
import { decideReservation, foldOrder, ORDER_AGGREGATE, OrderNotFoundError, type StockDecrement } from '../../shared/orders/index.ts';
import { readStock } from './read-stock.ts';

/**
 * Times the stock is read and the decision made again when a decrement's condition failed (another
 * order took the stock between our read and our write). Each round reads fresh stock, so the
 * decision converges: it either fits now or becomes a shortage.
 */
export const MAX_STOCK_ROUNDS = 5;

export type ReservationOutcome =
  | { kind: 'reserved'; orderId: string; version: number; items: StockDecrement[] }
  | { kind: 'rejected'; orderId: string; version: number; shortages: EventData<typeof InventoryShortage>['shortages'] }
  | { kind: 'skipped'; orderId: string; reason: string };

export interface ReserveInventoryDependencies {
  store: EventStore;
  client: DynamoDBDocumentClient;
  productsTable: string;
}

/** The conditional stock decrement committed with InventoryReserved: it never takes stock below zero. */
export function decrementOf({ sku, quantity }: StockDecrement, productsTable: string): TransactWrite {
  return {
    Update: {
      TableName: productsTable,
      Key: { sku },
      UpdateExpression: 'SET #stock = #stock - :quantity',
      ConditionExpression: '#stock >= :quantity',
      ExpressionAttributeNames: { '#stock': 'stock' },
      ExpressionAttributeValues: { ':quantity': quantity },
    },
  };
}

/**
 * Answers a placed order with InventoryReserved (stock decremented in the same transaction) or
 * InventoryShortage, appended to the order's stream. Idempotent by construction: once the stream
 * holds the answer, a redelivered OrderPlaced is skipped; two consumers racing on one order cannot
 * both append (optimistic concurrency), and the loser sees the winner's answer on its retry.
 *
 * @throws OrderNotFoundError when the order has no stream: a poison message.
 * @throws AppendConditionFailedError when stock kept changing for MAX_STOCK_ROUNDS rounds (retried later).
 */
export async function reserveInventory(
  placed: CatalogEvent<typeof OrderPlaced>,
  { store, client, productsTable }: ReserveInventoryDependencies,
): Promise<ReservationOutcome> {
  const { orderId } = placed.detail.data;
  for (let round = 1; ; round++) {
    try {
      return await withOptimisticConcurrency(async (): Promise<ReservationOutcome> => {
        const order = foldOrder(await store.load(orderId));
        if (!order) throw new OrderNotFoundError(orderId, `OrderPlaced ${placed.detail.metadata.eventId} names it`);
        if (order.inventoryDecided) return { kind: 'skipped', orderId, reason: `inventory already answered for ${orderId}` };
        const stock = await readStock(
          order.items.map(({ sku }) => sku),
          { client, tableName: productsTable },
        );
        const decision = decideReservation(order, placed.detail.metadata, stock);
        const request = { aggregateId: orderId, aggregateType: ORDER_AGGREGATE, expectedVersion: order.version };
        switch (decision.kind) {
          case 'reserve': {
            const [stored] = await store.append({
              ...request,
              events: [decision.event],
              alongWith: decision.decrements.map((d) => decrementOf(d, productsTable)),
            });
            return { kind: 'reserved', orderId, version: stored?.version ?? order.version + 1, items: decision.decrements };
          }
          case 'reject': {
            const [stored] = await store.append({ ...request, events: [decision.event] });
            return { kind: 'rejected', orderId, version: stored?.version ?? order.version + 1, shortages: decision.event.detail.data.shortages };
          }
          case 'skip':
            return { kind: 'skipped', orderId, reason: decision.reason };
        }
      });
    } catch (error) {
      if (!(error instanceof AppendConditionFailedError) || round >= MAX_STOCK_ROUNDS) throw error;
    }
  }
}
