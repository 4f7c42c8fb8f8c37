import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { PromotionOutcome } from '../../../../functions/promote-trending-product/record-promotion.ts';
import { createEvent, InvalidEventError, ProductTrending } from '../../../../shared/events/index.ts';
import { eventBridgeEvent, fakeIdempotencyTable, lambdaContext, type FakeIdempotencyTable } from '../../../kit/index.ts';

vi.hoisted(() => {
  // Read once, when the handler module loads.
  process.env.PROMOTIONS_TABLE = 'Promotions';
  process.env.IDEMPOTENCY_TABLE = 'Idempotency';
});

const { handler } = await import('../../../../functions/promote-trending-product/handler.ts');

const documents = mockClient(DynamoDBDocumentClient);
let idempotency: FakeIdempotencyTable;
beforeEach(() => {
  idempotency = fakeIdempotencyTable();
  documents.on(PutCommand).resolves({});
});
afterEach(() => {
  idempotency.restore();
  documents.reset();
});

const WINDOW_START = '2026-11-28T12:00:00.000Z';
const trending = (views = 60, sku = 'HOT') =>
  createEvent(
    ProductTrending,
    { sku, windowStart: WINDOW_START, windowEnd: '2026-11-28T12:01:00.000Z', views, threshold: 50 },
    { idempotencyKey: `trending#${sku}#${WINDOW_START}`, correlationId: 'corr-1' },
  );
const deliver = (event: ReturnType<typeof trending>) =>
  handler(eventBridgeEvent(event), lambdaContext({ functionName: 'promote-trending-product' })) as Promise<PromotionOutcome>;

describe('promote-trending-product', () => {
  it('records one promotion for the product and window, tracing back to the event', async () => {
    // Prepare
    const event = trending();
    // Act
    const outcome = await deliver(event);
    // Assess
    expect(outcome.status).toBe('promoted');
    const puts = documents.commandCalls(PutCommand);
    expect(puts).toHaveLength(1);
    expect(puts[0]?.args[0].input).toEqual({
      TableName: 'Promotions',
      Item: {
        sku: 'HOT',
        windowStart: WINDOW_START,
        windowEnd: '2026-11-28T12:01:00.000Z',
        views: 60,
        threshold: 50,
        eventId: event.detail.metadata.eventId,
        correlationId: 'corr-1',
        promotedAt: expect.any(String),
      },
      ConditionExpression: 'attribute_not_exists(#sku)',
      ExpressionAttributeNames: { '#sku': 'sku' },
    });
  });

  it('does nothing for the same event delivered twice', async () => {
    // Prepare
    const event = trending();
    await deliver(event);
    // Act
    await deliver(event);
    // Assess
    expect(documents.commandCalls(PutCommand)).toHaveLength(1);
  });

  it('does nothing for the same crossing published again with another running total', async () => {
    // Prepare
    await deliver(trending(60));
    // Act
    const run = deliver(trending(75));
    // Assess
    await expect(run).resolves.toMatchObject({ status: 'promoted' });
    expect(documents.commandCalls(PutCommand)).toHaveLength(1);
  });

  it('creates nothing when the promotion already exists (the idempotency record expired)', async () => {
    // Prepare
    documents.on(PutCommand).rejects(new ConditionalCheckFailedException({ message: 'The conditional request failed', $metadata: {} }));
    // Act
    const outcome = await deliver(trending());
    // Assess
    expect(outcome).toEqual({ status: 'already-promoted', sku: 'HOT', windowStart: WINDOW_START });
  });

  it('fails, for Lambda to retry, when the promotion cannot be written', async () => {
    // Prepare
    documents.on(PutCommand).rejects(Object.assign(new Error('Throughput exceeds the current capacity'), { name: 'ProvisionedThroughputExceededException' }));
    // Act
    const run = deliver(trending());
    // Assess
    await expect(run).rejects.toThrow('Throughput exceeds the current capacity');
    expect(idempotency.items.size).toBe(0);
  });

  it('rejects an event that is not a valid ProductTrending, naming the field', async () => {
    // Prepare
    const event = trending();
    const invalid = { ...event, detail: { ...event.detail, data: { ...event.detail.data, views: -1 } } };
    // Act
    const run = deliver(invalid);
    // Assess
    await expect(run).rejects.toThrow(InvalidEventError);
    await expect(run).rejects.toThrow(/data\.views/);
    expect(documents.commandCalls(PutCommand)).toHaveLength(0);
  });
});
