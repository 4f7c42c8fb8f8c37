import { withOptimisticConcurrency, type EventStore, type TransactWrite } from '../../shared/event-store/index.ts';
import type { EventMetadata } from '../../shared/events/index.ts';
import { decideExpiry, foldOrder, ORDER_AGGREGATE, type StockDecrement } from '../../shared/orders/index.ts';

export type ExpiryOutcome = { kind: 'expired'; orderId: string; version: number; released: StockDecrement[] } | { kind: 'skipped'; orderId: string; reason: string };

export interface ExpireOrderDependencies {
  store: EventStore;
  productsTable: string;
}

/**
 * Gives the stock an expired order held back. Unconditional: the units were taken from this item by
 * the reservation, so they go back whatever the stock is now.
 */
export function releaseOf({ sku, quantity }: StockDecrement, productsTable: string): TransactWrite {
  return {
    Update: {
      TableName: productsTable,
      Key: { sku },
      UpdateExpression: 'SET #stock = #stock + :quantity',
      ExpressionAttributeNames: { '#stock': 'stock' },
      ExpressionAttributeValues: { ':quantity': quantity },
    },
  };
}

/**
 * Expires one order if the event store (not the read model, which may lag) says it is still
 * unpaid past its deadline at `now`, releasing its reserved stock in the same transaction. A payment
 * or reservation racing with it is settled by optimistic concurrency: the loser decides again.
 */
export async function expireOrder(
  orderId: string,
  now: Date,
  cause: Pick<EventMetadata, 'eventId' | 'correlationId'>,
  { store, productsTable }: ExpireOrderDependencies,
): Promise<ExpiryOutcome> {
  return withOptimisticConcurrency(async () => {
    const order = foldOrder(await store.load(orderId));
    if (!order) return { kind: 'skipped', orderId, reason: `${orderId} has no stream in the event store` };
    const decision = decideExpiry(order, now, cause);
    if (decision.kind === 'skip') return { kind: 'skipped', orderId, reason: decision.reason };
    const [stored] = await store.append({
      aggregateId: orderId,
      aggregateType: ORDER_AGGREGATE,
      expectedVersion: order.version,
      events: [decision.event],
      alongWith: decision.releases.map((release) => releaseOf(release, productsTable)),
    });
    return { kind: 'expired', orderId, version: stored?.version ?? order.version + 1, released: decision.releases };
  });
}
