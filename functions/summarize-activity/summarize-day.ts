import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { queryPages } from '../../shared/dynamodb/query-pages.ts';
import { STATS_BY_DAY_INDEX_KEY, addCounts, countsOf, STATS_BY_DAY_INDEX, zeroCounts, type ActivityCounts } from '../../shared/activity/index.ts';

export interface ProductSummary {
  sku: string;
  counts: ActivityCounts;
}

/**
 * Sums the counts of every window of `day` per product, reading the stats table's `by-day` index
 * page by page (a busy day is many pages). Products are sorted by sku.
 */
export async function summarizeDay(day: string, options: { client: DynamoDBDocumentClient; tableName: string }): Promise<ProductSummary[]> {
  const totals = new Map<string, ActivityCounts>();
  const pages = queryPages(options.client, {
    TableName: options.tableName,
    IndexName: STATS_BY_DAY_INDEX,
    KeyConditionExpression: '#day = :day',
    ExpressionAttributeNames: { '#day': STATS_BY_DAY_INDEX_KEY.partitionKey, '#sku': 'sku', '#counts': 'counts' },
    ExpressionAttributeValues: { ':day': day },
    ProjectionExpression: '#sku, #counts',
  });
  for await (const items of pages) {
    for (const item of items) {
      const sku = String(item.sku);
      totals.set(sku, addCounts(totals.get(sku) ?? zeroCounts(), countsOf(item.counts)));
    }
  }
  return [...totals].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([sku, counts]) => ({ sku, counts }));
}
