import { ConditionalCheckFailedException, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, PutCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { createEventStore } from '../../shared/event-store/index.ts';
import { foldOrder, ORDER_AGGREGATE, toOrderViewItem } from '../../shared/orders/index.ts';

export interface RebuildOrderViewsOptions {
  client: DynamoDBClient;
  eventStoreTable: string;
  ordersTable: string;
  /** Parallel scan segments of the event store. https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Scan.html#Scan.ParallelScan */
  segments?: number;
}

export interface RebuildReport {
  /** Orders found in the event store. */
  orders: number;
  /** Views written: missing, older than the stream, or of the same version (rewritten, so a corrupted view is repaired). */
  written: number;
  /** Views the table holds at a newer version than the stream read: written meanwhile by project-order, left alone. */
  newer: string[];
}

/** Orders rebuilt at once per segment: enough to keep DynamoDB busy, few enough not to throttle an on-demand table's first burst. */
const ORDERS_AT_ONCE = 25;

/**
 * Rebuilds the orders read model from the event store: every order stream (found by scanning for the
 * first event of each `order` aggregate) is folded with `foldOrder` and written as `toOrderViewItem`
 * makes it, exactly what project-order writes. The write is guarded by the view's version as
 * project-order's is, except that a view of the same version is rewritten too (a stream fixes its
 * view, so this repairs a corrupted one and changes nothing in a correct one): run while the app runs,
 * it never replaces a view project-order has moved past.
 */
export async function rebuildOrderViews({ client, eventStoreTable, ordersTable, segments = 4 }: RebuildOrderViewsOptions): Promise<RebuildReport> {
  const store = createEventStore({ tableName: eventStoreTable, client });
  const documents = DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
  const report: RebuildReport = { orders: 0, written: 0, newer: [] };

  async function rebuild(orderId: string): Promise<void> {
    const order = foldOrder(await store.load(orderId));
    if (!order) return;
    report.orders += 1;
    const item = toOrderViewItem(order);
    try {
      await documents.send(
        new PutCommand({
          TableName: ordersTable,
          Item: item,
          ConditionExpression: 'attribute_not_exists(#orderId) OR #version <= :version',
          ExpressionAttributeNames: { '#orderId': 'orderId', '#version': 'version' },
          ExpressionAttributeValues: { ':version': item.version },
        }),
      );
      report.written += 1;
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
      report.newer.push(orderId);
    }
  }

  async function scanSegment(segment: number): Promise<void> {
    let startKey: Record<string, unknown> | undefined;
    do {
      const page = await documents.send(
        new ScanCommand({
          TableName: eventStoreTable,
          Segment: segment,
          TotalSegments: segments,
          // One item per order: its first event. Scan reads every item anyway; the filter only spares the transfer.
          FilterExpression: '#version = :first AND aggregateType = :order',
          ProjectionExpression: 'aggregateId',
          ExpressionAttributeNames: { '#version': 'version' },
          ExpressionAttributeValues: { ':first': 1, ':order': ORDER_AGGREGATE },
          ExclusiveStartKey: startKey,
        }),
      );
      const orderIds = (page.Items ?? []).map((item) => String(item['aggregateId']));
      for (let start = 0; start < orderIds.length; start += ORDERS_AT_ONCE) {
        await Promise.all(orderIds.slice(start, start + ORDERS_AT_ONCE).map(rebuild));
      }
      startKey = page.LastEvaluatedKey;
    } while (startKey);
  }

  await Promise.all(Array.from({ length: segments }, (_, segment) => scanSegment(segment)));
  return report;
}
