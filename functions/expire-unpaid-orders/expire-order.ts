import { AppendConditionFailedError, withOptimisticConcurrency, type EventStore, type TransactWrite } from '../../shared/event-store/index.ts';
import type { EventMetadata } from '../../shared/events/index.ts';
import { decideExpiry, foldOrder, ORDER_AGGREGATE, type StockDecrement } from '../../shared/orders/index.ts';
import { PRODUCTS_TABLE_KEY } from '../../shared/catalog/product-item.ts';

export type ExpiryOutcome =
  | {
      kind: 'expired';
      orderId: string;
      version: number;
      released: StockDecrement[];
      /** Reserved units of products deleted since the reservation: there was no stock to give them back to. */
      unreleased: StockDecrement[];
    }
  | { kind: 'skipped'; orderId: string; reason: string };

export interface ExpireOrderDependencies {
  store: EventStore;
  productsTable: string;
}

/**
 * Gives the stock an expired order held back. The units were taken from this item by the
 * reservation, so they go back whatever the stock is now; but only to a product that still exists:
 * an Update on a missing key would create a product with nothing but a stock (and `stock + :q` on
 * it fails the whole transaction). A product without a stock attribute has none (as read-stock reads it).
 */
export function releaseOf({ sku, quantity }: StockDecrement, productsTable: string): TransactWrite {
  return {
    Update: {
      TableName: productsTable,
      Key: { sku },
      UpdateExpression: 'SET #stock = if_not_exists(#stock, :none) + :quantity',
      ConditionExpression: 'attribute_exists(#sku)',
      ExpressionAttributeNames: { '#stock': 'stock', '#sku': PRODUCTS_TABLE_KEY.partitionKey },
      ExpressionAttributeValues: { ':quantity': quantity, ':none': 0 },
    },
  };
}

/**
 * Expires one order if the event store (not the read model, which may lag) says it is still
 * unpaid past its deadline at `now`, releasing its reserved stock in the same transaction. A payment
 * or reservation racing with it is settled by optimistic concurrency: the loser decides again.
 * Releases to deleted products are dropped (and reported) rather than blocking the expiry forever.
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
    let released = decision.releases;
    const unreleased: StockDecrement[] = [];
    // Each round drops at least one release, and a round without releases has no condition to fail.
    for (;;) {
      try {
        const [stored] = await store.append({
          aggregateId: orderId,
          aggregateType: ORDER_AGGREGATE,
          expectedVersion: order.version,
          events: [decision.event],
          alongWith: released.map((release) => releaseOf(release, productsTable)),
        });
        return { kind: 'expired', orderId, version: stored?.version ?? order.version + 1, released, unreleased };
      } catch (error) {
        if (!(error instanceof AppendConditionFailedError)) throw error;
        const gone = new Set(error.failedWrites);
        if (!released.some((_, index) => gone.has(index))) throw error;
        unreleased.push(...released.filter((_, index) => gone.has(index)));
        released = released.filter((_, index) => !gone.has(index));
      }
    }
  });
}
