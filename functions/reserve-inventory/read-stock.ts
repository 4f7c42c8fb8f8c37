import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { PRODUCTS_TABLE_KEY } from '../../shared/catalog/product-item.ts';
import { BATCH_GET_MAX_ROUNDS, batchGetAll } from '../../shared/dynamodb/batch-get-all.ts';
import type { StockLevels } from '../../shared/orders/index.ts';

/** Thrown when some keys stay unprocessed after every round: a transient failure, the message is retried. */
export class StockUnreadableError extends Error {
  override readonly name = 'StockUnreadableError';

  constructor(readonly skus: readonly string[]) {
    super(`The stock of ${skus.join(', ')} could not be read: still unprocessed after ${BATCH_GET_MAX_ROUNDS} BatchGetItem rounds (throttled?)`);
  }
}

/**
 * The stock available to reserve of each SKU, read strongly consistently from the Products table
 * (the conditional decrement re-checks it anyway). A SKU without a product is absent from the map;
 * a product without a numeric `stock` has none.
 */
export async function readStock(
  skus: readonly string[],
  options: { client: DynamoDBDocumentClient; tableName: string; backoffMs?: number },
): Promise<StockLevels> {
  const stock = new Map<string, number>();
  const keys = [...new Set(skus)].map((sku) => ({ [PRODUCTS_TABLE_KEY.partitionKey]: sku }));
  const { items, unprocessed } = await batchGetAll(keys, {
    client: options.client,
    tableName: options.tableName,
    attributes: [PRODUCTS_TABLE_KEY.partitionKey, 'stock'],
    backoffMs: options.backoffMs ?? 50,
  });
  if (unprocessed.length > 0) throw new StockUnreadableError(unprocessed.map((key) => String(key[PRODUCTS_TABLE_KEY.partitionKey])));
  for (const item of items) stock.set(String(item[PRODUCTS_TABLE_KEY.partitionKey]), typeof item.stock === 'number' ? item.stock : 0);
  return stock;
}
