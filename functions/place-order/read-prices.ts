import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { PRODUCTS_TABLE_KEY, ProductPrice } from '../../shared/catalog/product-item.ts';
import { BATCH_GET_MAX_ROUNDS, batchGetAll } from '../../shared/dynamodb/batch-get-all.ts';
import type { CatalogPrices } from '../../shared/orders/index.ts';

/** Thrown when some prices stay unprocessed after every round: a 5xx, the client may retry. */
export class PricesUnreadableError extends Error {
  override readonly name = 'PricesUnreadableError';

  constructor(readonly skus: readonly string[]) {
    super(`The prices of ${skus.join(', ')} could not be read: still unprocessed after ${BATCH_GET_MAX_ROUNDS} BatchGetItem rounds (throttled?)`);
  }
}

/**
 * The catalog's current price of each SKU, read strongly consistently from the Products table at the
 * time of the order (an order has at most 99 lines: one BatchGetItem, plus rounds for unprocessed keys). A SKU without a product, or whose item holds no valid price (minor units and a
 * supported currency), is absent from the map: it cannot be sold.
 */
export async function readPrices(
  skus: readonly string[],
  options: { client: DynamoDBDocumentClient; tableName: string; backoffMs?: number },
): Promise<CatalogPrices> {
  const prices = new Map<string, { unitPriceMinor: number; currency: string }>();
  const keys = [...new Set(skus)].map((sku) => ({ [PRODUCTS_TABLE_KEY.partitionKey]: sku }));
  const { items, unprocessed } = await batchGetAll(keys, {
    client: options.client,
    tableName: options.tableName,
    attributes: [PRODUCTS_TABLE_KEY.partitionKey, 'unitPriceMinor', 'currency'],
    backoffMs: options.backoffMs ?? 25,
  });
  if (unprocessed.length > 0) throw new PricesUnreadableError(unprocessed.map((key) => String(key[PRODUCTS_TABLE_KEY.partitionKey])));
  for (const item of items) {
    const price = ProductPrice.safeParse(item);
    if (price.success) prices.set(price.data.sku, { unitPriceMinor: price.data.unitPriceMinor, currency: price.data.currency });
  }
  return prices;
}
