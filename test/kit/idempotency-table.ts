import {
  ConditionalCheckFailedException,
  DeleteItemCommand,
  DynamoDBClient,
  type DynamoDBClientResolvedConfig,
  type ServiceInputTypes,
  type ServiceOutputTypes,
  GetItemCommand,
  PutItemCommand,
  UpdateItemCommand,
  type AttributeValue,
} from '@aws-sdk/client-dynamodb';
import { mockClient, type AwsStub } from 'aws-sdk-client-mock';

type Item = Record<string, AttributeValue>;

export interface FakeIdempotencyTable {
  /** Stored records by idempotency key (the `id` attribute). */
  items: Map<string, Item>;
  /** The client mock, to assert on calls (`mock.commandCalls(PutItemCommand)`). */
  mock: AwsStub<ServiceInputTypes, ServiceOutputTypes, DynamoDBClientResolvedConfig>;
  /** Forgets every record and call, and restores the real client. */
  restore(): void;
}

const numberOf = (value: AttributeValue | undefined): number | undefined => (value?.N !== undefined ? Number(value.N) : undefined);

/**
 * An in-memory DynamoDB table behind every `DynamoDBClient`, enough for Powertools idempotency's
 * `DynamoDBPersistenceLayer`: its conditional `PutItem` (refused while a record is completed and
 * unexpired, or in progress and not timed out, returning the old item as DynamoDB does with
 * `ReturnValuesOnConditionCheckFailure: ALL_OLD`), `UpdateItem … SET`, `GetItem` and `DeleteItem`.
 * An unexpected condition fails the test instead of being silently accepted.
 *
 * @example
 * const table = fakeIdempotencyTable();
 * afterEach(() => table.restore());
 */
export function fakeIdempotencyTable(): FakeIdempotencyTable {
  const items = new Map<string, Item>();
  const mock = mockClient(DynamoDBClient);
  const keyOf = (key: Item | undefined) => key?.id?.S ?? '';

  mock.on(PutItemCommand).callsFake((input: PutItemCommand['input']) => {
    const condition = input.ConditionExpression ?? '';
    const known = ['attribute_not_exists(#id)', '#expiry < :now', '#status = :inprogress', '#in_progress_expiry < :now_in_millis'];
    if (!known.every((clause) => condition.includes(clause))) throw new Error(`Fake idempotency table: unexpected condition ${condition}`);

    const id = keyOf(input.Item);
    const existing = items.get(id);
    if (existing) {
      const values = input.ExpressionAttributeValues ?? {};
      const expired = (numberOf(existing.expiration) ?? 0) < (numberOf(values[':now']) ?? 0);
      const inProgressTimedOut =
        existing.status?.S === 'INPROGRESS' &&
        existing.in_progress_expiration !== undefined &&
        (numberOf(existing.in_progress_expiration) ?? 0) < (numberOf(values[':now_in_millis']) ?? 0);
      if (!expired && !inProgressTimedOut) {
        throw new ConditionalCheckFailedException({ message: 'The conditional request failed', $metadata: {}, Item: existing });
      }
    }
    items.set(id, { ...input.Item });
    return {};
  });

  mock.on(UpdateItemCommand).callsFake((input: UpdateItemCommand['input']) => {
    const id = keyOf(input.Key);
    const item = { ...(items.get(id) ?? input.Key ?? {}) };
    const assignments = (input.UpdateExpression ?? '').replace(/^SET\s+/, '').split(',');
    for (const assignment of assignments) {
      const [name, value] = assignment.split('=').map((s) => s.trim());
      const attribute = input.ExpressionAttributeNames?.[name ?? ''];
      const attributeValue = input.ExpressionAttributeValues?.[value ?? ''];
      if (!attribute || !attributeValue) throw new Error(`Fake idempotency table: cannot apply "${assignment}"`);
      item[attribute] = attributeValue;
    }
    items.set(id, item);
    return {};
  });

  mock.on(GetItemCommand).callsFake((input: GetItemCommand['input']) => {
    const item = items.get(keyOf(input.Key));
    return item ? { Item: item } : {};
  });

  mock.on(DeleteItemCommand).callsFake((input: DeleteItemCommand['input']) => {
    items.delete(keyOf(input.Key));
    return {};
  });

  return {
    items,
    mock,
    restore: () => {
      items.clear();
      mock.restore();
    },
  };
}
