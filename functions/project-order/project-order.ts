import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { PutCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { EventStore } from '../../shared/event-store/index.ts';
import { ORDERS_TABLE_KEY, foldOrder, toOrderViewItem, type OrderStatus } from '../../shared/orders/index.ts';

export type ProjectionOutcome =
  | { kind: 'projected'; orderId: string; version: number; status: OrderStatus }
  /** The table already holds this version of the view, or a newer one. */
  | { kind: 'up-to-date'; orderId: string; version: number }
  /** No stream for this order: nothing to show (e.g. an event emitted by hand). */
  | { kind: 'no-order'; orderId: string };

export interface ProjectOrderDependencies {
  store: EventStore;
  client: DynamoDBDocumentClient;
  ordersTable: string;
}

/**
 * Rebuilds the order's view from its whole stream and writes it unless the table already holds a
 * view at least as new. Whatever event triggered it, duplicated or late, the view written is the
 * stream's latest state and never replaces a newer one: duplicates and out-of-order delivery are
 * harmless by construction.
 */
export async function projectOrder(orderId: string, { store, client, ordersTable }: ProjectOrderDependencies): Promise<ProjectionOutcome> {
  const order = foldOrder(await store.load(orderId));
  if (!order) return { kind: 'no-order', orderId };
  const item = toOrderViewItem(order);
  try {
    await client.send(
      new PutCommand({
        TableName: ordersTable,
        Item: item,
        ConditionExpression: 'attribute_not_exists(#orderId) OR #version < :version',
        ExpressionAttributeNames: { '#orderId': ORDERS_TABLE_KEY.partitionKey, '#version': 'version' },
        ExpressionAttributeValues: { ':version': item.version },
      }),
    );
  } catch (error) {
    // The stored view is this version or a newer one (another consumer got there first): done.
    if (error instanceof ConditionalCheckFailedException) return { kind: 'up-to-date', orderId, version: item.version };
    throw error;
  }
  return { kind: 'projected', orderId, version: item.version, status: item.status };
}
