import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import {
  STATS_TABLE_KEY,
  COUNTED_ACTIVITY_TYPES,
  countsOf,
  dayOf,
  windowKeyOf,
  type ActivityCounts,
  type ActivityStatsItem,
} from '../../shared/activity/index.ts';

/** One shard's counts for one product in one closed window. */
export interface WindowPart {
  sku: string;
  /** Normalized window bounds (`Date.toISOString()`). */
  windowStart: string;
  windowEnd: string;
  counts: ActivityCounts;
  /** `<shardId>#<first sequence number counted>`: names this part among the window's parts. */
  partId: string;
}

export interface MergeOptions {
  client: DynamoDBDocumentClient;
  tableName: string;
}

/** What the stats item holds once the part is in it. */
export interface MergeOutcome {
  item: ActivityStatsItem;
  /** False when the part was already in the item (a retried final invocation): nothing was added. */
  added: boolean;
}

/*
 * Lambda aggregates a tumbling window per shard, so a product's window can arrive in several parts
 * (one per shard, more when a state over 1 MB ends a window early). Each part is added exactly once:
 * 1. the first part creates the item (put, conditional on the key being new);
 * 2. a later part adds its counts, conditional on its id not being in `mergedParts` yet;
 * 3. a part already merged changes nothing: the item is read back as it is.
 * Items are never deleted by this flow, so once step 1 fails, step 2's condition decides alone.
 */

/** Adds one window part to the product's stats item, once, and returns the item as it now is. */
export async function mergeWindowPart(part: WindowPart, options: MergeOptions): Promise<MergeOutcome> {
  const { client, tableName } = options;
  const key = { sku: part.sku, windowStart: part.windowStart };
  const created: ActivityStatsItem = {
    ...key,
    windowEnd: part.windowEnd,
    counts: part.counts,
    day: dayOf(part.windowStart),
    windowKey: windowKeyOf(part.windowStart, part.sku),
    mergedParts: new Set([part.partId]),
  };
  try {
    await client.send(
      new PutCommand({
        TableName: tableName,
        Item: created,
        ConditionExpression: 'attribute_not_exists(#sku)',
        ExpressionAttributeNames: { '#sku': STATS_TABLE_KEY.partitionKey },
      }),
    );
    return { item: created, added: true };
  } catch (error) {
    if (!(error instanceof ConditionalCheckFailedException)) throw error;
  }

  const names: Record<string, string> = { '#counts': 'counts', '#parts': 'mergedParts' };
  const values: Record<string, unknown> = { ':zero': 0, ':partSet': new Set([part.partId]), ':part': part.partId };
  const additions = COUNTED_ACTIVITY_TYPES.map((type, i) => {
    names[`#t${i}`] = type;
    values[`:n${i}`] = part.counts[type];
    return `#counts.#t${i} = if_not_exists(#counts.#t${i}, :zero) + :n${i}`;
  });
  try {
    const { Attributes } = await client.send(
      new UpdateCommand({
        TableName: tableName,
        Key: key,
        UpdateExpression: `SET ${additions.join(', ')} ADD #parts :partSet`,
        ConditionExpression: 'NOT contains(#parts, :part)',
        ExpressionAttributeNames: names,
        ExpressionAttributeValues: values,
        ReturnValues: 'ALL_NEW',
      }),
    );
    return { item: toItem(Attributes ?? {}), added: true };
  } catch (error) {
    if (!(error instanceof ConditionalCheckFailedException)) throw error;
  }

  const { Item } = await client.send(new GetCommand({ TableName: tableName, Key: key, ConsistentRead: true }));
  return { item: Item ? toItem(Item) : created, added: false };
}

function toItem(attributes: Record<string, unknown>): ActivityStatsItem {
  const parts = attributes.mergedParts;
  return {
    sku: String(attributes.sku),
    windowStart: String(attributes.windowStart),
    windowEnd: String(attributes.windowEnd),
    counts: countsOf(attributes.counts),
    day: String(attributes.day),
    windowKey: String(attributes.windowKey),
    mergedParts: new Set(parts instanceof Set ? [...parts].map(String) : []),
    ...(typeof attributes.trendingPublishedAt === 'string' && { trendingPublishedAt: attributes.trendingPublishedAt }),
  };
}
