import { BatchWriteCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { ProductItem } from '../../shared/catalog/product-item.ts';
import { backoffDelay } from '../../shared/async/backoff.ts';
import type { RetryOptions } from '../../shared/publishing/index.ts';
import { ProductsWriteError } from './errors.ts';
import { forEachConcurrently } from '../../shared/async/concurrency.ts';
import { slices } from './slices.ts';

/**
 * Put requests in one `BatchWriteItem` call (and no two of them on the same key, or the whole call
 * fails with a ValidationException). https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_BatchWriteItem.html
 */
export const BATCH_WRITE_MAX_ITEMS = 25;

export type { ProductItem } from '../../shared/catalog/product-item.ts';

export interface WriteProductsOptions extends RetryOptions {
  /** Created once per execution environment. */
  client: DynamoDBDocumentClient;
  tableName: string;
  /**
   * `BatchWriteItem` calls in flight at once.
   * @default 8
   */
  concurrency?: number;
}

/*
 * UnprocessedItems mean throttling: AWS asks for exponential backoff before sending them again
 * (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Programming.Errors.html#Programming.Errors.BatchOperations).
 * Ten attempts wait at most about 20 s in all, small next to the 15-minute timeout.
 */
const DEFAULT_WRITE_RETRY = { maxAttempts: 10, baseDelayMs: 100, maxDelayMs: 5000 } as const;

/**
 * Writes products with put semantics (each item replaced whole), 25 per `BatchWriteItem` call,
 * `concurrency` calls at once, re-sending only the unprocessed items with backoff.
 *
 * When one sku appears several times, the last item wins, as it would with puts in order: only it
 * is sent, so no two concurrent calls race on one key.
 *
 * @throws ProductsWriteError when items are still unprocessed after `maxAttempts` calls.
 * @throws the SDK's error when a call fails as a whole (after the SDK's own retries).
 */
export async function writeProducts(items: readonly ProductItem[], options: WriteProductsOptions): Promise<void> {
  const lastBySku = new Map(items.map((item) => [item.sku, item]));
  await forEachConcurrently(slices([...lastBySku.values()], BATCH_WRITE_MAX_ITEMS), options.concurrency ?? 8, (batch) => writeBatch(batch, options));
}

type WriteRequest = { PutRequest: { Item: Record<string, unknown> } };

async function writeBatch(items: readonly ProductItem[], options: WriteProductsOptions): Promise<void> {
  const { client, tableName } = options;
  const maxAttempts = options.maxAttempts ?? DEFAULT_WRITE_RETRY.maxAttempts;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const backoff = { baseDelayMs: DEFAULT_WRITE_RETRY.baseDelayMs, maxDelayMs: DEFAULT_WRITE_RETRY.maxDelayMs, ...options };

  let pending: WriteRequest[] = items.map((item) => ({ PutRequest: { Item: { ...item } } }));
  for (let attempt = 1; ; attempt++) {
    const response = await client.send(new BatchWriteCommand({ RequestItems: { [tableName]: pending } }));
    const unprocessed = (response.UnprocessedItems?.[tableName] ?? []) as WriteRequest[];
    if (unprocessed.length === 0) return;
    if (attempt >= maxAttempts)
      throw new ProductsWriteError(
        tableName,
        unprocessed.map((r) => String(r.PutRequest.Item.sku)),
        attempt,
      );
    pending = unprocessed;
    await sleep(backoffDelay(attempt, backoff));
  }
}
