import { setTimeout as sleep } from 'node:timers/promises';
import { backoffDelay } from '../../shared/async/backoff.ts';
import { BatchGetCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { StockLevels } from '../../shared/orders/index.ts';

/*
 * BatchGetItem reads at most 100 keys per call, and may return some of them as UnprocessedKeys
 * (throttling, 16 MB response): those are asked again, with backoff.
 * https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_BatchGetItem.html
 */
const BATCH_GET_MAX_KEYS = 100;
const MAX_ROUNDS = 5;

/** Thrown when some keys stay unprocessed after every round: a transient failure, the message is retried. */
export class StockUnreadableError extends Error {
  override readonly name = 'StockUnreadableError';

  constructor(readonly skus: readonly string[]) {
    super(`The stock of ${skus.join(', ')} could not be read: still unprocessed after ${MAX_ROUNDS} BatchGetItem rounds (throttled?)`);
  }
}

/**
 * The stock available to reserve of each SKU, read strongly consistently from the Products table
 * (the conditional decrement re-checks it anyway). A SKU without a product is absent from the map;
 * a product without a numeric `stock` has none.
 */
export async function readStock(skus: readonly string[], options: { client: DynamoDBDocumentClient; tableName: string; backoffMs?: number }): Promise<StockLevels> {
  const stock = new Map<string, number>();
  const unique = [...new Set(skus)];
  for (let start = 0; start < unique.length; start += BATCH_GET_MAX_KEYS) {
    let keys: Record<string, unknown>[] = unique.slice(start, start + BATCH_GET_MAX_KEYS).map((sku) => ({ sku }));
    for (let round = 1; keys.length > 0; round++) {
      if (round > MAX_ROUNDS) throw new StockUnreadableError(keys.map((key) => String(key.sku)));
      if (round > 1) await sleep(backoffDelay(round - 1, { baseDelayMs: options.backoffMs ?? 50 }));
      const { Responses, UnprocessedKeys } = await options.client.send(
        new BatchGetCommand({
          RequestItems: {
            [options.tableName]: { Keys: keys, ConsistentRead: true, ProjectionExpression: '#sku, #stock', ExpressionAttributeNames: { '#sku': 'sku', '#stock': 'stock' } },
          },
        }),
      );
      for (const item of Responses?.[options.tableName] ?? []) {
        stock.set(String(item.sku), typeof item.stock === 'number' ? item.stock : 0);
      }
      keys = UnprocessedKeys?.[options.tableName]?.Keys ?? [];
    }
  }
  return stock;
}
