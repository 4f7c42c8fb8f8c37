import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { queryPages } from '../../shared/dynamodb/query-pages.ts';
import { AWAITING_PAYMENT_INDEX, AWAITING_PAYMENT_INDEX_KEY, ORDERS_TABLE_KEY } from '../../shared/orders/index.ts';

/**
 * The ids of orders the read model shows awaiting payment with a deadline before `now`, page by
 * page from its sparse `awaiting-payment` index (only PLACED and RESERVED orders are in it).
 * Candidates only: the index is eventually consistent and the view may lag, so the event store decides.
 */
export async function* overdueOrderIds(now: Date, options: { client: DynamoDBDocumentClient; tableName: string }): AsyncGenerator<string[]> {
  const pages = queryPages(options.client, {
    TableName: options.tableName,
    IndexName: AWAITING_PAYMENT_INDEX,
    KeyConditionExpression: '#awaiting = :yes AND #deadline < :now',
    ExpressionAttributeNames: {
      '#awaiting': AWAITING_PAYMENT_INDEX_KEY.partitionKey,
      '#deadline': AWAITING_PAYMENT_INDEX_KEY.sortKey,
      '#orderId': ORDERS_TABLE_KEY.partitionKey,
    },
    ExpressionAttributeValues: { ':yes': 'Y', ':now': now.toISOString() },
    ProjectionExpression: '#orderId',
  });
  for await (const items of pages) yield items.map((item) => String(item.orderId));
}
