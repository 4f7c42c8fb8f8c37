import { SendMessageCommand, SQSClient, type SendMessageCommandInput } from '@aws-sdk/client-sqs';
import { ProvisionedThroughputExceededException } from '@aws-sdk/client-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { toItem } from '../../../../shared/event-store/index.ts';
import { createEvent, OrderPaid, type CatalogEvent, type OrderPlaced } from '../../../../shared/events/index.ts';
import { ORDER_AGGREGATE } from '../../../../shared/orders/index.ts';
import { eventBridgeEvent, lambdaContext, sqsEvent, sqsRecord } from '../../../kit/index.ts';
import { inventoryReserved, orderPlaced } from '../../support/order-events.ts';
import { givenOrder, givenStock, orderTables, stockOf, streamOf, TABLES } from '../../support/order-tables.ts';

vi.hoisted(() => {
  // Read once, when the handler module loads.
  process.env.EVENT_STORE_TABLE = 'EventStore';
  process.env.PRODUCTS_TABLE = 'Products';
  process.env.DEAD_LETTER_QUEUE_URL = 'https://sqs.us-east-1.amazonaws.com/123456789012/inventory-dlq';
});

const { handler } = await import('../../../../functions/reserve-inventory/handler.ts');

/** An order of two mugs (the builders' default order has a second line). */
const MUGS = { items: [{ sku: 'SKU-MUG', quantity: 2, unitPriceMinor: 10 }] };
const db = orderTables();
const sqs = mockClient(SQSClient);

const delivered = (...events: CatalogEvent<typeof OrderPlaced>[]) =>
  sqsEvent(events.map((event) => sqsRecord(eventBridgeEvent(event), { queueName: 'inventory' })));
const invoke = (event: ReturnType<typeof sqsEvent>) => handler(event, lambdaContext({ functionName: 'reserve-inventory' }));
const deadLettered = (): SendMessageCommandInput[] => sqs.commandCalls(SendMessageCommand).map((call) => call.args[0].input);
const typesOf = (orderId: string) => streamOf(db, orderId).map((event) => event.detailType);

beforeEach(() => {
  sqs.on(SendMessageCommand).resolves({ MessageId: 'dead-1' });
});

afterEach(() => {
  db.reset();
  sqs.reset();
});

describe('reserve-inventory handler', () => {
  it("reserves every line's stock and records InventoryReserved, caused by the OrderPlaced, in the order's stream", async () => {
    // Prepare
    const placed = orderPlaced('o-1', {
      items: [
        { sku: 'SKU-MUG', quantity: 2, unitPriceMinor: 10 },
        { sku: 'SKU-CUP', quantity: 1, unitPriceMinor: 5 },
      ],
    });
    givenOrder(db, [placed]);
    givenStock(db, { 'SKU-MUG': 5, 'SKU-CUP': 1 });

    // Act
    const response = await invoke(delivered(placed));

    // Assess
    expect(response).toEqual({ batchItemFailures: [] });
    expect([stockOf(db, 'SKU-MUG'), stockOf(db, 'SKU-CUP')]).toEqual([3, 0]);
    const [, reserved] = streamOf(db, 'o-1');
    expect(reserved).toMatchObject({ version: 2, detailType: 'InventoryReserved', correlationId: 'corr-o-1' });
    expect(reserved?.detail.metadata.causationId).toBe(placed.detail.metadata.eventId);
    expect(reserved?.detail.data).toEqual({
      orderId: 'o-1',
      items: [
        { sku: 'SKU-MUG', quantity: 2 },
        { sku: 'SKU-CUP', quantity: 1 },
      ],
    });
  });

  it('records InventoryShortage naming every unknown and short SKU, and reserves nothing', async () => {
    // Prepare
    const placed = orderPlaced('o-2', {
      items: [
        { sku: 'SKU-MUG', quantity: 2, unitPriceMinor: 10 },
        { sku: 'SKU-CUP', quantity: 4, unitPriceMinor: 5 },
        { sku: 'SKU-GONE', quantity: 1, unitPriceMinor: 5 },
      ],
    });
    givenOrder(db, [placed]);
    givenStock(db, { 'SKU-MUG': 5, 'SKU-CUP': 3 });

    // Act
    await invoke(delivered(placed));

    // Assess
    expect([stockOf(db, 'SKU-MUG'), stockOf(db, 'SKU-CUP')]).toEqual([5, 3]);
    const [, shortage] = streamOf(db, 'o-2');
    expect(shortage?.detailType).toBe('InventoryShortage');
    expect(shortage?.detail.data).toEqual({
      orderId: 'o-2',
      shortages: [
        { sku: 'SKU-CUP', requested: 4, available: 3, reason: 'INSUFFICIENT_STOCK' },
        { sku: 'SKU-GONE', requested: 1, available: 0, reason: 'UNKNOWN_SKU' },
      ],
    });
  });

  it('changes nothing when the OrderPlaced is delivered again after inventory answered', async () => {
    // Prepare
    const placed = orderPlaced('o-3', MUGS);
    givenOrder(db, [placed]);
    givenStock(db, { 'SKU-MUG': 5 });
    await invoke(delivered(placed));

    // Act
    const response = await invoke(sqsEvent([sqsRecord(eventBridgeEvent(placed), { queueName: 'inventory', receiveCount: 2 })]));

    // Assess
    expect(response).toEqual({ batchItemFailures: [] });
    expect(typesOf('o-3')).toEqual(['OrderPlaced', 'InventoryReserved']);
    expect(stockOf(db, 'SKU-MUG')).toBe(3);
  });

  it('reserves once when the same OrderPlaced comes twice in one batch', async () => {
    // Prepare
    const placed = orderPlaced('o-4', MUGS);
    givenOrder(db, [placed]);
    givenStock(db, { 'SKU-MUG': 5 });

    // Act
    await invoke(delivered(placed, placed));

    // Assess
    expect(typesOf('o-4')).toEqual(['OrderPlaced', 'InventoryReserved']);
    expect(stockOf(db, 'SKU-MUG')).toBe(3);
  });

  it('decides again from fresh stock when another order took it between the read and the write', async () => {
    // Prepare
    const placed = orderPlaced('o-5', { items: [{ sku: 'SKU-MUG', quantity: 2, unitPriceMinor: 10 }] });
    givenOrder(db, [placed]);
    givenStock(db, { 'SKU-MUG': 2 });
    db.beforeNext('TransactWriteCommand', () => givenStock(db, { 'SKU-MUG': 1 }));

    // Act
    const response = await invoke(delivered(placed));

    // Assess
    expect(response).toEqual({ batchItemFailures: [] });
    expect(stockOf(db, 'SKU-MUG')).toBe(1);
    const [, answer] = streamOf(db, 'o-5');
    expect(answer?.detailType).toBe('InventoryShortage');
    expect(answer?.detail.data).toMatchObject({ shortages: [{ sku: 'SKU-MUG', requested: 2, available: 1 }] });
  });

  it('appends no second answer when a competing consumer answered first, and takes the stock once', async () => {
    // Prepare
    const placed = orderPlaced('o-6', MUGS);
    givenOrder(db, [placed]);
    givenStock(db, { 'SKU-MUG': 5 });
    db.beforeNext('TransactWriteCommand', () => {
      // The competitor's transaction: its answer and its decrement.
      db.put(TABLES.eventStore, toItem(inventoryReserved(placed), 'o-6', ORDER_AGGREGATE, 2));
      givenStock(db, { 'SKU-MUG': 3 });
    });

    // Act
    const response = await invoke(delivered(placed));

    // Assess
    expect(response).toEqual({ batchItemFailures: [] });
    expect(typesOf('o-6')).toEqual(['OrderPlaced', 'InventoryReserved']);
    expect(stockOf(db, 'SKU-MUG')).toBe(3);
  });

  it('asks again for the stock BatchGetItem left unprocessed', async () => {
    // Prepare
    const placed = orderPlaced('o-7', MUGS);
    givenOrder(db, [placed]);
    givenStock(db, { 'SKU-MUG': 5 });
    db.unprocessedNext = [{ sku: 'SKU-MUG' }];

    // Act
    await invoke(delivered(placed));

    // Assess
    expect(typesOf('o-7')).toEqual(['OrderPlaced', 'InventoryReserved']);
    expect(stockOf(db, 'SKU-MUG')).toBe(3);
  });

  it.each([
    ['a body that is not JSON', () => 'OrderPlaced o-8', 'InvalidEventError', /body/],
    [
      'an event that is not an OrderPlaced',
      () => eventBridgeEvent(createEvent(OrderPaid, { orderId: 'o-8', paymentId: 'p-1', amountMinor: 1, currency: 'EUR' })),
      'InvalidEventError',
      /body\.detail-type: expected one of "OrderPlaced", got "OrderPaid"/,
    ],
    [
      'an OrderPlaced that breaks its schema',
      () => eventBridgeEvent({ ...orderPlaced('o-8', MUGS), detail: { ...orderPlaced('o-8', MUGS).detail, data: { orderId: 'o-8' } } }),
      'InvalidEventError',
      /body\.detail\.data\.customerId/,
    ],
    [
      'an order without a stream in the event store',
      () => eventBridgeEvent(orderPlaced('o-missing', MUGS)),
      'OrderNotFoundError',
      /Order o-missing does not exist in the event store/,
    ],
  ])('sends %s to the dead-letter queue at once with the reason, and reports it processed', async (_, body, errorCode, reason) => {
    // Prepare
    const poison = sqsRecord(body(), { queueName: 'inventory' });
    const healthy = orderPlaced('o-9', MUGS);
    givenOrder(db, [healthy]);
    givenStock(db, { 'SKU-MUG': 5 });

    // Act
    const response = await invoke(sqsEvent([poison, sqsRecord(eventBridgeEvent(healthy), { queueName: 'inventory' })]));

    // Assess
    expect(response).toEqual({ batchItemFailures: [] });
    const [message] = deadLettered();
    expect(deadLettered()).toHaveLength(1);
    expect(message).toMatchObject({ QueueUrl: process.env.DEAD_LETTER_QUEUE_URL, MessageBody: poison.body });
    expect(message?.MessageAttributes?.ErrorCode?.StringValue).toBe(errorCode);
    expect(message?.MessageAttributes?.ErrorMessage?.StringValue).toMatch(reason);
    expect(message?.MessageAttributes?.SourceQueue?.StringValue).toBe(poison.eventSourceARN);
    expect(typesOf('o-9')).toEqual(['OrderPlaced', 'InventoryReserved']);
  });

  it('retries a message whose stock read was throttled, without dead-lettering it', async () => {
    // Prepare
    const [throttled, fine] = [orderPlaced('o-10', MUGS), orderPlaced('o-11', MUGS)];
    givenOrder(db, [throttled]);
    givenOrder(db, [fine]);
    givenStock(db, { 'SKU-MUG': 5 });
    db.failNext('BatchGetCommand', new ProvisionedThroughputExceededException({ message: 'Throughput exceeded', $metadata: {} }));
    const event = delivered(throttled, fine);

    // Act
    const response = await invoke(event);

    // Assess
    expect(response).toEqual({ batchItemFailures: [{ itemIdentifier: event.Records[0]?.messageId }] });
    expect(deadLettered()).toEqual([]);
    expect(typesOf('o-10')).toEqual(['OrderPlaced']);
    expect(typesOf('o-11')).toEqual(['OrderPlaced', 'InventoryReserved']);
  });
});
