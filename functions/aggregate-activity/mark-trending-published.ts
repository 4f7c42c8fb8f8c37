import { UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

/**
 * Marks a product's window as announced trending. The first mark stays (`if_not_exists`): a later
 * re-publication after a lost mark does not move it.
 */
export async function markTrendingPublished(
  key: { sku: string; windowStart: string },
  at: Date,
  options: { client: DynamoDBDocumentClient; tableName: string },
): Promise<void> {
  await options.client.send(
    new UpdateCommand({
      TableName: options.tableName,
      Key: key,
      UpdateExpression: 'SET #published = if_not_exists(#published, :at)',
      ExpressionAttributeNames: { '#published': 'trendingPublishedAt' },
      ExpressionAttributeValues: { ':at': at.toISOString() },
    }),
  );
}
