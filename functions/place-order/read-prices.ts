import { setTimeout as sleep } from 'node:timers/promises';
import { backoffDelay } from '../../shared/async/backoff.ts';
import { BatchGetCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { ProductPrice } from '../../shared/catalog/product-item.ts';
import type { CatalogPrices } from '../../shared/orders/index.ts';

/*
 * BatchGetItem reads at most 100 keys per call (an order has at most 99 lines), and may return some
 * as UnprocessedKeys (throttling): those are asked again, with backoff.
 * https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_BatchGetItem.html
 */
const BATCH_GET_MAX_KEYS = 100;
const MAX_ROUNDS = 5;

/** Thrown when some prices stay unprocessed after every round: a 5xx, the client may retry. */
export class PricesUnreadableError extends Error {
  override readonly name = 'PricesUnreadableError';

  constructor(readonly skus: readonly string[]) {
    super(`The prices of ${skus.join(', ')} could not be read: still unprocessed after ${MAX_ROUNDS} BatchGetItem rounds (throttled?)`);
  }
}

/**
 * The catalog's current price of each SKU, read strongly consistently from the Products table at the
 * time of the order. A SKU without a product, or whose item holds no valid price (minor units and a
 * supported currency), is absent from the map: it cannot be sold.
 */
export async function readPrices(skus: readonly string[], options: { client: DynamoDBDocumentClient; tableName: string; backoffMs?: number }): Promise<CatalogPrices> {
  const prices = new Map<string, { unitPriceMinor: number; currency: string }>();
  const unique = [...new Set(skus)];
  for (let start = 0; start < unique.length; start += BATCH_GET_MAX_KEYS) {
    let keys: Record<string, unknown>[] = unique.slice(start, start + BATCH_GET_MAX_KEYS).map((sku) => ({ sku }));
    for (let round = 1; keys.length > 0; round++) {
      if (round > MAX_ROUNDS) throw new PricesUnreadableError(keys.map((key) => String(key.sku)));
      if (round > 1) await sleep(backoffDelay(round - 1, { baseDelayMs: options.backoffMs ?? 25 }));
      const { Responses, UnprocessedKeys } = await options.client.send(
        new BatchGetCommand({
          RequestItems: {
            [options.tableName]: {
              Keys: keys,
              ConsistentRead: true,
              ProjectionExpression: '#sku, #price, #currency',
              ExpressionAttributeNames: { '#sku': 'sku', '#price': 'unitPriceMinor', '#currency': 'currency' },
            },
          },
        }),
      );
      for (const item of Responses?.[options.tableName] ?? []) {
        const price = ProductPrice.safeParse(item);
        if (price.success) prices.set(price.data.sku, { unitPriceMinor: price.data.unitPriceMinor, currency: price.data.currency });
      }
      keys = UnprocessedKeys?.[options.tableName]?.Keys ?? [];
    }
  }
  return prices;
}
