import { GetCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { fromOrderViewItem, type OrderView, type OrderViewItem } from '../../shared/orders/index.ts';

export interface GetOrderDeps {
  client: DynamoDBDocumentClient;
  ordersTable: string;
}

/**
 * The order's view from the read model, `undefined` when there is none (never placed, or not projected
 * yet: the read model follows the event store within moments).
 */
export async function getOrderView(orderId: string, { client, ordersTable }: GetOrderDeps): Promise<OrderView | undefined> {
  const { Item } = await client.send(new GetCommand({ TableName: ordersTable, Key: { orderId } }));
  // The table is written only by project-order, as toOrderViewItem shapes it.
  return Item ? fromOrderViewItem(Item as OrderViewItem) : undefined;
}
