import { QueryCommand, type DynamoDBDocumentClient, type QueryCommandInput } from '@aws-sdk/lib-dynamodb';

/**
 * The items of a Query, page by page, until DynamoDB stops returning a `LastEvaluatedKey`.
 * Each page is a new request object: the SDK's own `paginateQuery` rewrites the input it was given,
 * which callers (and tests recording the calls) would see change under them.
 */
export async function* queryPages(
  client: DynamoDBDocumentClient,
  input: Omit<QueryCommandInput, 'ExclusiveStartKey'>,
): AsyncGenerator<Record<string, unknown>[]> {
  let exclusiveStartKey: Record<string, unknown> | undefined;
  do {
    const page = await client.send(new QueryCommand({ ...input, ...(exclusiveStartKey && { ExclusiveStartKey: exclusiveStartKey }) }));
    yield page.Items ?? [];
    exclusiveStartKey = page.LastEvaluatedKey;
  } while (exclusiveStartKey);
}
