import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, PutCommand, QueryCommand, type PutCommandInput, type QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import { mockClient, type AwsClientStub } from 'aws-sdk-client-mock';
import { fromItem, type StoredEvent } from '../../../../shared/event-store/index.ts';

type Item = Record<string, unknown>;

export interface FakeEventStoreTable {
  /** The document client mock, to script failures on top (`documents.on(PutCommand).rejects(…)`). */
  documents: AwsClientStub<DynamoDBDocumentClient>;
  /** What the table holds for the aggregate, as the event store reads it back, oldest first. */
  eventsOf(aggregateId: string): StoredEvent[];
  /** Every item written, in write order. */
  items(): Item[];
  reset(): void;
}

/**
 * The event store table behind aws-sdk-client-mock, just enough of it for single-event appends and
 * loads: a put whose `attribute_not_exists(version)` condition meets an existing key fails with
 * ConditionalCheckFailedException as DynamoDB does; a query returns the aggregate's items by version.
 */
export function fakeEventStoreTable(): FakeEventStoreTable {
  const documents = mockClient(DynamoDBDocumentClient);
  const table = new Map<string, Item>();
  const keyOf = (item: Item) => `${String(item.aggregateId)}#${String(item.version)}`;

  const script = () => {
    documents.on(PutCommand).callsFake((input: PutCommandInput) => {
      const item = input.Item as Item;
      if (input.ConditionExpression === 'attribute_not_exists(version)' && table.has(keyOf(item))) {
        throw new ConditionalCheckFailedException({ message: 'The conditional request failed', $metadata: { httpStatusCode: 400 } });
      }
      table.set(keyOf(item), structuredClone(item));
      return {};
    });
    documents.on(QueryCommand).callsFake((input: QueryCommandInput) => {
      const aggregateId = input.ExpressionAttributeValues?.[':id'];
      const Items = [...table.values()].filter((item) => item.aggregateId === aggregateId).sort((a, b) => Number(a.version) - Number(b.version));
      return { Items: structuredClone(Items) };
    });
  };
  script();

  return {
    documents,
    eventsOf: (aggregateId) => [...table.values()].filter((item) => item.aggregateId === aggregateId).map((item) => fromItem(item)),
    items: () => [...table.values()],
    reset: () => {
      table.clear();
      documents.reset();
      script();
    },
  };
}
