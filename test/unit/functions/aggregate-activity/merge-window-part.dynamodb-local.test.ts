import { GetCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { markTrendingPublished } from '../../../../functions/aggregate-activity/mark-trending-published.ts';
import { mergeWindowPart, type WindowPart } from '../../../../functions/aggregate-activity/merge-window-part.ts';
import { dynamoDbLocalTables, type DynamoDbLocalTables } from '../../support/dynamodb-local-tables.ts';

/*
 * The stats writes against Amazon's DynamoDB Local, so the conditions and update expressions the
 * handler tests' in-memory table imitates are pinned to what DynamoDB does with them.
 */
describe('stats table writes on DynamoDB Local', () => {
  let documents: DynamoDBDocumentClient;
  let local: DynamoDbLocalTables;
  const tableName = 'ActivityStats';
  const windowStart = '2026-11-28T12:00:00.000Z';
  const part = (sku: string, partId: string, counts: WindowPart['counts']): WindowPart => ({
    sku,
    windowStart,
    windowEnd: '2026-11-28T12:01:00.000Z',
    counts,
    partId,
  });
  const stored = async (sku: string) => (await documents.send(new GetCommand({ TableName: tableName, Key: { sku, windowStart }, ConsistentRead: true }))).Item;

  beforeAll(async () => {
    local = await dynamoDbLocalTables({ [tableName]: { partitionKey: ['sku', 'S'], sortKey: ['windowStart', 'S'] } });
    documents = local.documents;
  }, 120_000);
  afterAll(async () => {
    await local?.stop();
  });

  it('creates the item from the first part, adds a second part, and ignores a part it already has', async () => {
    // Prepare
    const options = { client: documents, tableName };
    // Act
    const first = await mergeWindowPart(part('SKU-1', 'shard-0#1', { product_view: 2, add_to_cart: 1, checkout: 0 }), options);
    const second = await mergeWindowPart(part('SKU-1', 'shard-1#7', { product_view: 3, add_to_cart: 0, checkout: 1 }), options);
    const again = await mergeWindowPart(part('SKU-1', 'shard-1#7', { product_view: 3, add_to_cart: 0, checkout: 1 }), options);
    // Assess
    expect([first.added, second.added, again.added]).toEqual([true, true, false]);
    expect(second.item.counts).toEqual({ product_view: 5, add_to_cart: 1, checkout: 1 });
    expect(again.item).toEqual(second.item);
    expect(await stored('SKU-1')).toEqual({
      sku: 'SKU-1',
      windowStart,
      windowEnd: '2026-11-28T12:01:00.000Z',
      counts: { product_view: 5, add_to_cart: 1, checkout: 1 },
      day: '2026-11-28',
      windowKey: `${windowStart}#SKU-1`,
      mergedParts: new Set(['shard-0#1', 'shard-1#7']),
    });
  });

  it('adds every part exactly once when shards write the same product at the same time', async () => {
    // Prepare
    const parts = Array.from({ length: 8 }, (_, i) => part('SKU-RACE', `shard-${i}#1`, { product_view: 1, add_to_cart: 0, checkout: 0 }));
    // Act
    await Promise.all([...parts, ...parts].map((p) => mergeWindowPart(p, { client: documents, tableName })));
    // Assess
    expect((await stored('SKU-RACE'))?.counts).toEqual({ product_view: 8, add_to_cart: 0, checkout: 0 });
  });

  it('keeps the first trending mark', async () => {
    // Prepare
    await mergeWindowPart(part('SKU-HOT', 'shard-0#1', { product_view: 60, add_to_cart: 0, checkout: 0 }), { client: documents, tableName });
    // Act
    await markTrendingPublished({ sku: 'SKU-HOT', windowStart }, new Date('2026-11-28T12:01:05Z'), { client: documents, tableName });
    await markTrendingPublished({ sku: 'SKU-HOT', windowStart }, new Date('2026-11-28T12:03:00Z'), { client: documents, tableName });
    // Assess
    expect((await stored('SKU-HOT'))?.trendingPublishedAt).toBe('2026-11-28T12:01:05.000Z');
  });
});
