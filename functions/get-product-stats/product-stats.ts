import { QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { STATS_TABLE_KEY, countsOf, type ActivityCounts } from '../../shared/activity/index.ts';

/**
 * Windows returned per product: the newest 100, i.e. the last 100 minutes of activity with 60-second
 * windows. One `Query` page holds them (100 small items, far under the 1 MB page).
 */
export const MAX_WINDOWS = 100;

export interface StatsWindow {
  start: string;
  end: string;
  counts: ActivityCounts;
}

/** The body of `GET /products/{sku}/stats`. */
export interface ProductStats {
  sku: string;
  windows: StatsWindow[];
}

/** The closed windows of one product, newest first (an empty list when it has none). */
export async function productStats(sku: string, options: { client: DynamoDBDocumentClient; tableName: string }): Promise<ProductStats> {
  const { Items = [] } = await options.client.send(
    new QueryCommand({
      TableName: options.tableName,
      KeyConditionExpression: '#sku = :sku',
      ExpressionAttributeNames: { '#sku': STATS_TABLE_KEY.partitionKey, '#start': STATS_TABLE_KEY.sortKey, '#end': 'windowEnd', '#counts': 'counts' },
      ExpressionAttributeValues: { ':sku': sku },
      ProjectionExpression: '#start, #end, #counts',
      // Sort key windowStart is ISO-8601 UTC: descending text order is newest first.
      ScanIndexForward: false,
      Limit: MAX_WINDOWS,
    }),
  );
  return {
    sku,
    windows: Items.map((item) => ({ start: String(item.windowStart), end: String(item.windowEnd), counts: countsOf(item.counts) })),
  };
}
