import {
  ConditionalCheckFailedException,
  DynamoDBClient,
  ProvisionedThroughputExceededException,
  TransactionCanceledException,
} from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, PutCommand, QueryCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import {
  AppendConditionFailedError,
  ConcurrencyConflictError,
  createEventStore,
  MalformedStoredEventError,
  toItem,
} from '../../../shared/event-store/index.ts';
import { ORDER_AGGREGATE } from '../../../shared/orders/index.ts';
import { inventoryReserved, orderPaid, orderPlaced, paymentReceived } from '../support/order-events.ts';

const documents = mockClient(DynamoDBDocumentClient);
afterEach(() => documents.reset());

const store = createEventStore({ tableName: 'EventStore', client: new DynamoDBClient({}) });
const placed = orderPlaced('o-1');
const reserved = inventoryReserved(placed);
const paid = orderPaid(paymentReceived(placed));

const conditionFailed = () => new ConditionalCheckFailedException({ message: 'The conditional request failed', $metadata: {} });
const cancelled = (codes: string[]) =>
  new TransactionCanceledException({ message: 'Transaction cancelled', $metadata: {}, CancellationReasons: codes.map((Code) => ({ Code })) });

describe('event store append', () => {
  it('writes one event as one conditional put at the next version, with the command fingerprint', async () => {
    // Prepare
    documents.on(PutCommand).resolves({});

    // Act
    const appended = await store.append({ aggregateId: 'o-1', aggregateType: ORDER_AGGREGATE, expectedVersion: 0, events: [placed], commandHash: 'hash-1' });

    // Assess
    const input = documents.commandCalls(PutCommand)[0]?.args[0].input;
    expect(input).toEqual({
      TableName: 'EventStore',
      Item: {
        aggregateId: 'o-1',
        version: 1,
        aggregateType: 'order',
        eventId: placed.detail.metadata.eventId,
        source: 'eventful.orders',
        detailType: 'OrderPlaced',
        detail: JSON.stringify(placed.detail),
        occurredAt: placed.detail.metadata.occurredAt,
        correlationId: 'corr-o-1',
        commandHash: 'hash-1',
      },
      ConditionExpression: 'attribute_not_exists(version)',
    });
    expect(appended).toMatchObject([{ aggregateId: 'o-1', version: 1, detailType: 'OrderPlaced', detail: placed.detail, commandHash: 'hash-1' }]);
  });

  it('writes several events in one transaction at consecutive versions, each conditional, the fingerprint on the first', async () => {
    // Prepare
    documents.on(TransactWriteCommand).resolves({});

    // Act
    const appended = await store.append({
      aggregateId: 'o-1',
      aggregateType: ORDER_AGGREGATE,
      expectedVersion: 1,
      events: [reserved, paid],
      commandHash: 'hash-2',
    });

    // Assess
    const items = documents.commandCalls(TransactWriteCommand)[0]?.args[0].input.TransactItems ?? [];
    expect(items.map((item) => [item.Put?.Item?.version, item.Put?.Item?.detailType, item.Put?.Item?.commandHash, item.Put?.ConditionExpression])).toEqual([
      [2, 'InventoryReserved', 'hash-2', 'attribute_not_exists(version)'],
      [3, 'OrderPaid', undefined, 'attribute_not_exists(version)'],
    ]);
    expect(appended.map((event) => event.version)).toEqual([2, 3]);
    expect(documents.commandCalls(PutCommand)).toHaveLength(0);
  });

  it('commits the other writes in the same transaction, after the events', async () => {
    // Prepare
    documents.on(TransactWriteCommand).resolves({});
    const decrement = {
      Update: {
        TableName: 'Products',
        Key: { sku: 'SKU-MUG' },
        UpdateExpression: 'SET stock = stock - :q',
        ConditionExpression: 'stock >= :q',
        ExpressionAttributeValues: { ':q': 2 },
      },
    };

    // Act
    await store.append({ aggregateId: 'o-1', aggregateType: ORDER_AGGREGATE, expectedVersion: 1, events: [reserved], alongWith: [decrement] });

    // Assess
    const items = documents.commandCalls(TransactWriteCommand)[0]?.args[0].input.TransactItems ?? [];
    expect(items).toHaveLength(2);
    expect(items[0]?.Put?.Item?.version).toBe(2);
    expect(items[1]).toEqual(decrement);
  });

  it('turns a taken version into a concurrency conflict naming the aggregate and the version it was decided on', async () => {
    // Prepare
    documents.on(PutCommand).rejects(conditionFailed());

    // Act
    const append = store.append({ aggregateId: 'o-1', aggregateType: ORDER_AGGREGATE, expectedVersion: 1, events: [reserved] });

    // Assess
    await expect(append).rejects.toThrow(ConcurrencyConflictError);
    await expect(append).rejects.toMatchObject({
      aggregateId: 'o-1',
      expectedVersion: 1,
      message: 'o-1 changed after version 1 was loaded: another writer appended first',
    });
  });

  it('turns a transaction cancelled on one of its events into a concurrency conflict', async () => {
    // Prepare
    documents.on(TransactWriteCommand).rejects(cancelled(['None', 'ConditionalCheckFailed', 'None']));

    // Act
    const append = store.append({
      aggregateId: 'o-1',
      aggregateType: ORDER_AGGREGATE,
      expectedVersion: 1,
      events: [reserved, paid],
      alongWith: [{ ConditionCheck: { TableName: 'T', Key: { k: 1 }, ConditionExpression: 'x' } }],
    });

    // Assess
    await expect(append).rejects.toThrow(ConcurrencyConflictError);
  });

  it('turns a transaction cancelled only on other writes into a failed condition naming those writes', async () => {
    // Prepare
    documents.on(TransactWriteCommand).rejects(cancelled(['None', 'None', 'ConditionalCheckFailed']));
    const write = {
      ConditionCheck: { TableName: 'Products', Key: { sku: 'SKU-MUG' }, ConditionExpression: 'stock >= :q', ExpressionAttributeValues: { ':q': 2 } },
    };

    // Act
    const append = store.append({ aggregateId: 'o-1', aggregateType: ORDER_AGGREGATE, expectedVersion: 1, events: [reserved], alongWith: [write, write] });

    // Assess
    await expect(append).rejects.toThrow(AppendConditionFailedError);
    await expect(append).rejects.toMatchObject({ aggregateId: 'o-1', failedWrites: [1] });
  });

  it.each([
    ['a throttled write', () => new ProvisionedThroughputExceededException({ message: 'Rate exceeded', $metadata: {} })],
    ['a transaction cancelled for another reason', () => cancelled(['TransactionConflict', 'None'])],
  ])('passes %s through unchanged', async (_, error) => {
    // Prepare
    const thrown = error();
    documents.on(PutCommand).rejects(thrown);
    documents.on(TransactWriteCommand).rejects(thrown);

    // Act
    const append = store.append({ aggregateId: 'o-1', aggregateType: ORDER_AGGREGATE, expectedVersion: 1, events: [reserved, paid] });

    // Assess
    await expect(append).rejects.toBe(thrown);
  });

  it('writes nothing for no events', async () => {
    // Act
    const appended = await store.append({ aggregateId: 'o-1', aggregateType: ORDER_AGGREGATE, expectedVersion: 1, events: [] });

    // Assess
    expect(appended).toEqual([]);
    expect(documents.calls()).toHaveLength(0);
  });

  it('refuses more than the 100 actions one transaction takes, before any call', async () => {
    // Prepare
    const writes = Array.from({ length: 100 }, () => ({ ConditionCheck: { TableName: 'T', Key: { k: 1 }, ConditionExpression: 'x' } }));

    // Act
    const append = store.append({ aggregateId: 'o-1', aggregateType: ORDER_AGGREGATE, expectedVersion: 1, events: [reserved], alongWith: writes });

    // Assess
    await expect(append).rejects.toThrow(/Cannot append 1 events with 100 writes to o-1: one transaction takes at most 100 actions/);
    expect(documents.calls()).toHaveLength(0);
  });
});

describe('event store load', () => {
  it('reads every page of the aggregate strongly consistently, oldest first', async () => {
    // Prepare
    const items = [placed, reserved, paid].map((event, index) => toItem(event, 'o-1', ORDER_AGGREGATE, index + 1, index === 0 ? 'hash-1' : undefined));
    documents
      .on(QueryCommand)
      .resolvesOnce({ Items: items.slice(0, 2), LastEvaluatedKey: { aggregateId: 'o-1', version: 2 } })
      .resolvesOnce({ Items: items.slice(2) });

    // Act
    const events = await store.load('o-1');

    // Assess
    expect(events.map((event) => [event.version, event.detailType])).toEqual([
      [1, 'OrderPlaced'],
      [2, 'InventoryReserved'],
      [3, 'OrderPaid'],
    ]);
    expect(events[0]?.commandHash).toBe('hash-1');
    const inputs = documents.commandCalls(QueryCommand).map((call) => call.args[0].input);
    expect(inputs[0]).toMatchObject({
      TableName: 'EventStore',
      KeyConditionExpression: 'aggregateId = :id',
      ExpressionAttributeValues: { ':id': 'o-1' },
      ConsistentRead: true,
    });
    expect(inputs[1]?.ExclusiveStartKey).toEqual({ aggregateId: 'o-1', version: 2 });
  });

  it('finds nothing for an aggregate that does not exist', async () => {
    // Prepare
    documents.on(QueryCommand).resolves({ Items: [] });

    // Act
    const events = await store.load('o-404');

    // Assess
    expect(events).toEqual([]);
  });

  it('refuses an item that is not an event, naming the attribute', async () => {
    // Prepare
    const { eventId: _, ...item } = toItem(placed, 'o-1', ORDER_AGGREGATE, 1);
    documents.on(QueryCommand).resolves({ Items: [item] });

    // Act
    const load = store.load('o-1');

    // Assess
    await expect(load).rejects.toThrow(MalformedStoredEventError);
    await expect(load).rejects.toThrow(/Malformed event store item of o-1: eventId: /);
  });
});
