import { EventBridgeClient, PutEventsCommand, type PutEventsCommandInput, type PutEventsResultEntry } from '@aws-sdk/client-eventbridge';
import type { DynamoDBBatchResponse, DynamoDBRecord } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { toItem } from '../../../../shared/event-store/index.ts';
import type { CatalogEvent } from '../../../../shared/events/index.ts';
import { ORDER_AGGREGATE } from '../../../../shared/orders/index.ts';
import { captureLogs, dynamoDBStreamEvent, dynamoDBStreamRecord, lambdaContext, type CapturedLogs } from '../../../kit/index.ts';
import { inventoryReserved, orderPlaced } from '../../support/order-events.ts';

vi.hoisted(() => {
  // Read once, when the handler module loads.
  process.env.EVENT_BUS_NAME = 'eventful-bus';
});

const { handler } = await import('../../../../functions/relay-events/handler.ts');

const eventBridge = mockClient(EventBridgeClient);
let logs: CapturedLogs;

/** EventBridge accepts every entry, unless `reject` names an entry (by detail) with an error code. */
function busAccepting(reject: (entryDetail: string) => string | undefined = () => undefined) {
  let next = 0;
  eventBridge.on(PutEventsCommand).callsFake((input: PutEventsCommandInput) => {
    const Entries = (input.Entries ?? []).map((entry): PutEventsResultEntry => {
      const code = reject(entry.Detail ?? '');
      return code ? { ErrorCode: code, ErrorMessage: `${code} for this entry` } : { EventId: `eb-${next++}` };
    });
    return { Entries, FailedEntryCount: Entries.filter((entry) => entry.ErrorCode).length };
  });
}

beforeEach(() => {
  logs = captureLogs();
});
afterEach(() => {
  eventBridge.reset();
  logs.restore();
});

function insertOf(event: CatalogEvent, version = 1, aggregateId = (event.detail.data as { orderId: string }).orderId): DynamoDBRecord {
  return dynamoDBStreamRecord({
    keys: { aggregateId, version },
    newImage: toItem(event, aggregateId, ORDER_AGGREGATE, version),
    streamViewType: 'NEW_IMAGE',
    tableName: 'EventStore',
  });
}

const orders = (count: number) => Array.from({ length: count }, (_, i) => orderPlaced(`o-${i}`, { correlationId: `corr-${i}` }));
const relay = (records: DynamoDBRecord[]) =>
  handler(dynamoDBStreamEvent(records), lambdaContext({ functionName: 'relay-events' })) as Promise<DynamoDBBatchResponse>;
const publishedDetails = () => eventBridge.commandCalls(PutEventsCommand).flatMap((call) => (call.args[0].input.Entries ?? []).map((entry) => entry.Detail));
const sequenceNumbers = (records: DynamoDBRecord[]) => records.map((record) => ({ itemIdentifier: record.dynamodb?.SequenceNumber }));

describe('relay-events', () => {
  it('publishes each inserted event exactly as stored, keeping its own event id', async () => {
    // Prepare
    busAccepting();
    const placed = orderPlaced('o-1');
    const reserved = inventoryReserved(placed);
    const records = [insertOf(placed, 1), insertOf(reserved, 2)];

    // Act
    const response = await relay(records);

    // Assess
    expect(response).toEqual({ batchItemFailures: [] });
    const entries = eventBridge.commandCalls(PutEventsCommand)[0]?.args[0].input.Entries;
    expect(entries).toEqual([
      {
        EventBusName: 'eventful-bus',
        Source: 'eventful.orders',
        DetailType: 'OrderPlaced',
        Detail: toItem(placed, 'o-1', ORDER_AGGREGATE, 1).detail,
        Time: new Date(placed.detail.metadata.occurredAt),
      },
      {
        EventBusName: 'eventful-bus',
        Source: 'eventful.inventory',
        DetailType: 'InventoryReserved',
        Detail: toItem(reserved, 'o-1', ORDER_AGGREGATE, 2).detail,
        Time: new Date(reserved.detail.metadata.occurredAt),
      },
    ]);
    expect(JSON.parse(entries?.[0]?.Detail ?? '{}')).toMatchObject({ metadata: { eventId: placed.detail.metadata.eventId, correlationId: 'corr-o-1' } });
  });

  it("publishes the stored detail byte for byte, whatever version wrote it and whatever today's schema would drop", async () => {
    // Prepare: an event as older code stored it: version 1, keys in another order, a field today's schema does not know.
    busAccepting();
    const placed = orderPlaced('o-old');
    const item = toItem(placed, 'o-old', ORDER_AGGREGATE, 1);
    const { metadata, data } = placed.detail;
    item.detail = `{"data":${JSON.stringify({ ...data, giftWrap: true })},  "metadata":${JSON.stringify({ ...metadata, version: 1 })}}`;
    const record = dynamoDBStreamRecord({ keys: { aggregateId: 'o-old', version: 1 }, newImage: item, streamViewType: 'NEW_IMAGE', tableName: 'EventStore' });

    // Act
    const response = await relay([record]);

    // Assess
    expect(response).toEqual({ batchItemFailures: [] });
    expect(publishedDetails()).toEqual([item.detail]);
  });

  it('publishes in stream order, ten events per call, each call after the previous one', async () => {
    // Prepare
    busAccepting();
    const events = orders(23);

    // Act
    await relay(events.map((event) => insertOf(event)));

    // Assess
    const calls = eventBridge.commandCalls(PutEventsCommand).map((call) => (call.args[0].input.Entries ?? []).length);
    expect(calls).toEqual([10, 10, 3]);
    expect(publishedDetails().map((detail) => JSON.parse(detail ?? '{}').data.orderId)).toEqual(events.map((event) => event.detail.data.orderId));
  });

  it('leaves records that are not inserts alone', async () => {
    // Prepare
    busAccepting();
    const first = orderPlaced('o-0');
    const second = orderPlaced('o-1');
    const item = toItem(first, 'o-0', ORDER_AGGREGATE, 1);
    const records = [
      dynamoDBStreamRecord({
        keys: { aggregateId: 'o-0', version: 1 },
        oldImage: item,
        newImage: { ...item, correlationId: 'fixed' },
        streamViewType: 'NEW_IMAGE',
      }),
      dynamoDBStreamRecord({ keys: { aggregateId: 'o-0', version: 1 }, oldImage: item, eventName: 'REMOVE', streamViewType: 'NEW_IMAGE' }),
      insertOf(second),
    ];

    // Act
    const response = await relay(records);

    // Assess
    expect(response).toEqual({ batchItemFailures: [] });
    expect(publishedDetails()).toHaveLength(1);
    expect(logs.withMessage('Not an INSERT: nothing to relay').map((line) => line.eventName)).toEqual(['MODIFY', 'REMOVE']);
  });

  it('logs each relayed event under its own correlation id', async () => {
    // Prepare
    busAccepting();

    // Act
    await relay(orders(3).map((event) => insertOf(event)));

    // Assess
    expect(logs.withMessage('Event relayed').map((line) => [line.correlation_id, line.aggregateId])).toEqual([
      ['corr-0', 'o-0'],
      ['corr-1', 'o-1'],
      ['corr-2', 'o-2'],
    ]);
  });

  it('stops at an event the bus refused after retries, reporting it and every later record, publishing nothing after it', async () => {
    // Prepare
    busAccepting((detail) => (detail.includes('"orderId":"o-14"') ? 'AccessDeniedException' : undefined));
    const records = orders(23).map((event) => insertOf(event));

    // Act
    const response = await relay(records);

    // Assess
    expect(response).toEqual({ batchItemFailures: sequenceNumbers(records.slice(14)) });
    expect(eventBridge.commandCalls(PutEventsCommand)).toHaveLength(2);
    expect(logs.withMessage('Relay stopped: this record and the later ones are retried')[0]).toMatchObject({
      correlation_id: 'corr-14',
      aggregateId: 'o-14',
      notRelayed: 9,
    });
  });

  it('reports the whole chunk and every later record when a call fails as a whole', async () => {
    // Prepare
    let call = 0;
    eventBridge.on(PutEventsCommand).callsFake((input: PutEventsCommandInput) => {
      if (call++ === 1) throw Object.assign(new Error('Access denied'), { name: 'AccessDeniedException' });
      return { Entries: (input.Entries ?? []).map((_, i) => ({ EventId: `eb-${i}` })), FailedEntryCount: 0 };
    });
    const records = orders(15).map((event) => insertOf(event));

    // Act
    const response = await relay(records);

    // Assess
    expect(response).toEqual({ batchItemFailures: sequenceNumbers(records.slice(10)) });
  });

  it('stops at an item that is not an event, so it is retried and then goes to the on-failure destination', async () => {
    // Prepare
    busAccepting();
    const records = orders(8).map((event) => insertOf(event));
    const broken = dynamoDBStreamRecord({
      keys: { aggregateId: 'o-x', version: 1 },
      newImage: { aggregateId: 'o-x', version: 1, detail: '{not json' },
      streamViewType: 'NEW_IMAGE',
    });
    records.splice(5, 0, broken);

    // Act
    const response = await relay(records);

    // Assess
    expect(response).toEqual({ batchItemFailures: sequenceNumbers(records.slice(5)) });
    expect(publishedDetails()).toHaveLength(5);
  });

  it.each([
    [
      'an item that is not an event',
      () => [
        dynamoDBStreamRecord({ keys: { aggregateId: 'o-x', version: 1 }, newImage: { aggregateId: 'o-x' }, streamViewType: 'NEW_IMAGE' }),
        ...orders(3).map((event) => insertOf(event)),
      ],
    ],
    ['an event the bus refuses', () => orders(3).map((event) => insertOf(event))],
  ])('fails the invocation when the first record is %s, so the mapping bisects the batch', async (_, recordsOf) => {
    // Prepare
    busAccepting((detail) => (detail.includes('"orderId":"o-0"') ? 'AccessDeniedException' : undefined));

    // Act
    const relaying = relay(recordsOf());

    // Assess
    await expect(relaying).rejects.toThrow(/^Nothing of the [34]-record batch was relayed: record \d+ failed: /);
    await expect(relaying).rejects.toMatchObject({ name: 'RelayStoppedError' });
  });

  it('publishes nothing for an empty batch', async () => {
    // Prepare
    busAccepting();

    // Act
    const response = await relay([]);

    // Assess
    expect(response).toEqual({ batchItemFailures: [] });
    expect(eventBridge.calls()).toHaveLength(0);
  });
});
