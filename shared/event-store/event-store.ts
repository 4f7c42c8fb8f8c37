import { ConditionalCheckFailedException, TransactionCanceledException, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, PutCommand, TransactWriteCommand, type TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import { queryPages } from '../dynamodb/query-pages.ts';
import type { CatalogEvent } from '../events/index.ts';
import { AppendConditionFailedError, ConcurrencyConflictError } from './errors.ts';
import { fromItem, toItem, type StoredEvent } from './stored-event.ts';

/** A write committed atomically with the appended events (same shape as a `TransactWriteItems` item). */
export type TransactWrite = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

/*
 * TransactWriteItems takes at most 100 actions.
 * https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_TransactWriteItems.html
 */
const MAX_TRANSACTION_ACTIONS = 100;

export interface AppendRequest {
  aggregateId: string;
  /** What kind of aggregate the stream belongs to (`order`, `payment-webhook-delivery`, …). */
  aggregateType: string;
  /** The version the decision was made on: 0 for a new aggregate, else the last loaded event's version. */
  expectedVersion: number;
  events: readonly CatalogEvent[];
  /** Stored on the first appended item; see `StoredEvent.commandHash`. */
  commandHash?: string;
  /**
   * Writes to other tables that must happen if and only if the events are stored, e.g. conditional
   * stock decrements. A failed condition on one of them cancels everything (AppendConditionFailedError).
   */
  alongWith?: readonly TransactWrite[];
}

export interface EventStore {
  /** Every event of the aggregate, oldest first (strongly consistent); empty when it does not exist. */
  load(aggregateId: string): Promise<StoredEvent[]>;
  /**
   * Appends `events` at versions `expectedVersion + 1…`, all or nothing. Each item is written only if
   * its version does not exist yet, so of two writers deciding on the same version exactly one wins.
   *
   * @throws ConcurrencyConflictError when another writer appended first: load again and re-decide.
   * @throws AppendConditionFailedError when a condition of `alongWith` failed.
   */
  append(request: AppendRequest): Promise<StoredEvent[]>;
}

export interface EventStoreOptions {
  tableName: string;
  /** Created once per execution environment by the caller. */
  client: DynamoDBClient;
}

/** The event store table's key, declared once for the table (infra) and the queries and conditions here. */
export const EVENT_STORE_KEY = { partitionKey: 'aggregateId', sortKey: 'version' } as const;

/**
 * The event store on DynamoDB: partition key `aggregateId`, sort key `version`, one item per event.
 * Its stream (NEW_IMAGE) feeds the outbox relay, which publishes every stored event to the bus.
 */
export function createEventStore({ tableName, client }: EventStoreOptions): EventStore {
  const documents = DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });

  return {
    async load(aggregateId) {
      const events: StoredEvent[] = [];
      const pages = queryPages(documents, {
        TableName: tableName,
        KeyConditionExpression: `${EVENT_STORE_KEY.partitionKey} = :id`,
        ExpressionAttributeValues: { ':id': aggregateId },
        ConsistentRead: true,
      });
      for await (const items of pages) for (const item of items) events.push(fromItem(item));
      return events;
    },

    async append({ aggregateId, aggregateType, expectedVersion, events, commandHash, alongWith = [] }) {
      if (events.length === 0) return [];
      if (events.length + alongWith.length > MAX_TRANSACTION_ACTIONS) {
        throw new RangeError(
          `Cannot append ${events.length} events with ${alongWith.length} writes to ${aggregateId}: one transaction takes at most ${MAX_TRANSACTION_ACTIONS} actions`,
        );
      }
      const items = events.map((event, index) => toItem(event, aggregateId, aggregateType, expectedVersion + 1 + index, index === 0 ? commandHash : undefined));
      // On a key attribute, attribute_not_exists means "no item with this key": the version is free.
      const condition = `attribute_not_exists(${EVENT_STORE_KEY.sortKey})`;
      try {
        if (items.length === 1 && alongWith.length === 0) {
          await documents.send(new PutCommand({ TableName: tableName, Item: items[0], ConditionExpression: condition }));
        } else {
          await documents.send(
            new TransactWriteCommand({
              TransactItems: [...items.map((Item) => ({ Put: { TableName: tableName, Item, ConditionExpression: condition } })), ...alongWith],
            }),
          );
        }
      } catch (error) {
        throw translateWriteError(error, aggregateId, expectedVersion, items.length);
      }
      return items.map((item) => fromItem(item));
    },
  };
}

/*
 * A cancelled transaction lists one reason per action, in order: `ConditionalCheckFailed` on ours
 * means a version was taken; on an `alongWith` write, its own condition failed.
 * https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_TransactWriteItems.html#API_TransactWriteItems_Errors
 */
function translateWriteError(error: unknown, aggregateId: string, expectedVersion: number, eventCount: number): unknown {
  if (error instanceof ConditionalCheckFailedException) return new ConcurrencyConflictError(aggregateId, expectedVersion);
  if (error instanceof TransactionCanceledException) {
    const reasons = error.CancellationReasons ?? [];
    const failed = reasons.flatMap((reason, index) => (reason.Code === 'ConditionalCheckFailed' ? [index] : []));
    if (failed.some((index) => index < eventCount)) return new ConcurrencyConflictError(aggregateId, expectedVersion);
    if (failed.length > 0)
      return new AppendConditionFailedError(
        aggregateId,
        failed.map((index) => index - eventCount),
      );
  }
  return error;
}
