import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, PutCommand, UpdateCommand, type ServiceInputTypes, type ServiceOutputTypes } from '@aws-sdk/lib-dynamodb';
import { mockClient, type AwsStub } from 'aws-sdk-client-mock';

type Item = Record<string, unknown>;

export interface FakeStatsTable {
  /** Items by `<sku>|<windowStart>`. */
  items: Map<string, Item>;
  item(sku: string, windowStart: string): Item | undefined;
  /** Fails the next `times` writes of the product's part with `error` (1 by default). */
  failWrites(sku: string, error: Error, times?: number): void;
  mock: AwsStub<ServiceInputTypes, ServiceOutputTypes, DynamoDBDocumentClient['config']>;
  reset(): void;
}

const conditionFailed = () => new ConditionalCheckFailedException({ message: 'The conditional request failed', $metadata: {} });

/**
 * The ActivityStats table in memory, behind every DynamoDBDocumentClient, for exactly the writes the
 * aggregator makes (their real semantics are pinned against DynamoDB Local in
 * merge-window-part.dynamodb-local.test.ts): the conditional create, the conditional merge of a part,
 * the trending mark, the shard's seen-events item, and a consistent read. Any other request fails the test.
 */
export function fakeStatsTable(): FakeStatsTable {
  const items = new Map<string, Item>();
  const failures = new Map<string, { error: Error; left: number }>();
  const mock = mockClient(DynamoDBDocumentClient);
  const keyOf = (key: Item | undefined) => `${String(key?.sku)}|${String(key?.windowStart)}`;
  const failIfAsked = (sku: unknown) => {
    const failure = failures.get(String(sku));
    if (failure) {
      failure.left -= 1;
      if (failure.left === 0) failures.delete(String(sku));
      throw failure.error;
    }
  };

  const install = () => {
    mock.on(PutCommand).callsFake((input: PutCommand['input']) => {
      // The shard's seen-events item (seen-events-item.ts): overwritten at each close.
      if (String(input.Item?.sku).startsWith('#seen-events#') && input.ConditionExpression === undefined) {
        items.set(keyOf(input.Item), structuredClone(input.Item ?? {}));
        return {};
      }
      if (input.ConditionExpression !== 'attribute_not_exists(#sku)')
        throw new Error(`Fake stats table: unexpected put condition ${input.ConditionExpression}`);
      failIfAsked(input.Item?.sku);
      const key = keyOf(input.Item);
      if (items.has(key)) throw conditionFailed();
      items.set(key, structuredClone(input.Item ?? {}));
      return {};
    });

    mock.on(UpdateCommand).callsFake((input: UpdateCommand['input']) => {
      const key = keyOf(input.Key);
      const names = input.ExpressionAttributeNames ?? {};
      const values = input.ExpressionAttributeValues ?? {};
      const expression = input.UpdateExpression ?? '';
      if (expression.includes('ADD #parts :partSet')) {
        failIfAsked(input.Key?.sku);
        const item = items.get(key);
        const parts = item?.mergedParts as Set<string> | undefined;
        if (input.ConditionExpression !== 'NOT contains(#parts, :part)')
          throw new Error(`Fake stats table: unexpected merge condition ${input.ConditionExpression}`);
        if (parts?.has(values[':part'] as string)) throw conditionFailed();
        const next = structuredClone(item ?? { ...input.Key, counts: {} });
        const counts = next.counts as Record<string, number>;
        for (const [, name, value] of expression.matchAll(/#counts\.(#t\d) = if_not_exists\(#counts\.#t\d, :zero\) \+ (:n\d)/g)) {
          const type = names[name as string] as string;
          counts[type] = (counts[type] ?? 0) + (values[value as string] as number);
        }
        next.mergedParts = new Set([...(parts ?? []), ...(values[':partSet'] as Set<string>)]);
        items.set(key, next);
        return { Attributes: structuredClone(next) };
      }
      if (expression === 'SET #published = if_not_exists(#published, :at)') {
        const item = structuredClone(items.get(key) ?? { ...input.Key });
        item.trendingPublishedAt ??= values[':at'];
        items.set(key, item);
        return {};
      }
      throw new Error(`Fake stats table: unexpected update ${expression}`);
    });

    mock.on(GetCommand).callsFake((input: GetCommand['input']) => {
      const item = items.get(keyOf(input.Key));
      return item ? { Item: structuredClone(item) } : {};
    });
  };
  install();

  return {
    items,
    item: (sku, windowStart) => items.get(`${sku}|${windowStart}`),
    failWrites: (sku, error, times = 1) => failures.set(sku, { error, left: times }),
    mock,
    reset: () => {
      items.clear();
      failures.clear();
      mock.reset();
      install();
    },
  };
}
