import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { PutCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { CatalogEvent, ProductTrending } from '../../shared/events/index.ts';
import { PROMOTIONS_TABLE_KEY } from '../../shared/activity/index.ts';

/** One promotion of a trending product, in the Promotions table (PK `sku`, SK `windowStart`). */
export interface PromotionItem {
  sku: string;
  windowStart: string;
  windowEnd: string;
  views: number;
  threshold: number;
  /** The `ProductTrending` event that caused it, and its correlation, to trace the promotion back. */
  eventId: string;
  correlationId: string;
  promotedAt: string;
}

export type PromotionOutcome = { status: 'promoted'; promotion: PromotionItem } | { status: 'already-promoted'; sku: string; windowStart: string };

/**
 * Records the promotion of a trending product for its window, once: the put is conditional on the
 * (sku, windowStart) key being new, so a duplicate or re-published `ProductTrending` creates nothing.
 */
export async function recordPromotion(
  event: CatalogEvent<typeof ProductTrending>,
  options: { client: DynamoDBDocumentClient; tableName: string; now?: () => Date },
): Promise<PromotionOutcome> {
  const { data, metadata } = event.detail;
  const promotion: PromotionItem = {
    sku: data.sku,
    windowStart: data.windowStart,
    windowEnd: data.windowEnd,
    views: data.views,
    threshold: data.threshold,
    eventId: metadata.eventId,
    correlationId: metadata.correlationId,
    promotedAt: (options.now?.() ?? new Date()).toISOString(),
  };
  try {
    await options.client.send(
      new PutCommand({
        TableName: options.tableName,
        Item: promotion,
        ConditionExpression: 'attribute_not_exists(#sku)',
        ExpressionAttributeNames: { '#sku': PROMOTIONS_TABLE_KEY.partitionKey },
      }),
    );
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) return { status: 'already-promoted', sku: data.sku, windowStart: data.windowStart };
    throw error;
  }
  return { status: 'promoted', promotion };
}
