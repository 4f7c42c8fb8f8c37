import { setTimeout as sleep } from 'node:timers/promises';
import { BatchGetCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { backoffDelay } from '../async/backoff.ts';

/*
 * BatchGetItem reads at most 100 keys per call, and may return some of them as UnprocessedKeys
 * (throttling, 16 MB response): those are asked again, with backoff, for a few rounds.
 * https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_BatchGetItem.html
 */
export const BATCH_GET_MAX_KEYS = 100;
export const BATCH_GET_MAX_ROUNDS = 5;

export interface BatchGetAllOptions {
  client: DynamoDBDocumentClient;
  tableName: string;
  /** The attributes to read (a ProjectionExpression of these names). */
  attributes: readonly string[];
  /** Ceiling of the first retry's delay (see `backoffDelay`). @default 50 */
  backoffMs?: number;
}

export interface BatchGetAllResult {
  items: Record<string, unknown>[];
  /** Keys still unprocessed after `BATCH_GET_MAX_ROUNDS` rounds: the caller says what that means for it. */
  unprocessed: Record<string, unknown>[];
}

/**
 * Every item of `keys` that exists, read strongly consistently, `BATCH_GET_MAX_KEYS` keys a call,
 * asking again for unprocessed keys with backoff.
 *
 * @example
 * const { items, unprocessed } = await batchGetAll(skus.map((sku) => ({ sku })), { client, tableName, attributes: ['sku', 'stock'] });
 */
export async function batchGetAll(keys: readonly Record<string, unknown>[], options: BatchGetAllOptions): Promise<BatchGetAllResult> {
  const names = Object.fromEntries(options.attributes.map((name, index) => [`#a${index}`, name]));
  const projection = Object.keys(names).join(', ');
  const result: BatchGetAllResult = { items: [], unprocessed: [] };
  for (let start = 0; start < keys.length; start += BATCH_GET_MAX_KEYS) {
    let pending = keys.slice(start, start + BATCH_GET_MAX_KEYS);
    for (let round = 1; pending.length > 0; round++) {
      if (round > BATCH_GET_MAX_ROUNDS) {
        result.unprocessed.push(...pending);
        break;
      }
      if (round > 1) await sleep(backoffDelay(round - 1, { baseDelayMs: options.backoffMs ?? 50 }));
      const { Responses, UnprocessedKeys } = await options.client.send(
        new BatchGetCommand({
          RequestItems: {
            [options.tableName]: { Keys: [...pending], ConsistentRead: true, ProjectionExpression: projection, ExpressionAttributeNames: names },
          },
        }),
      );
      result.items.push(...(Responses?.[options.tableName] ?? []));
      pending = UnprocessedKeys?.[options.tableName]?.Keys ?? [];
    }
  }
  return result;
}
