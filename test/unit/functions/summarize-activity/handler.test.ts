import { EventBridgeClient, PutEventsCommand, type PutEventsCommandInput } from '@aws-sdk/client-eventbridge';
import { DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { InvalidScheduleInputError } from '../../../../shared/runtime/index.ts';
import { lambdaContext, scheduledInvocation, SchedulerContextAttributes } from '../../../kit/index.ts';

vi.hoisted(() => {
  // Read once, when the handler module loads.
  process.env.STATS_TABLE = 'ActivityStats';
  process.env.EVENT_BUS_NAME = 'eventful-bus';
  delete process.env.CLAIM_CHECK_BUCKET;
});

const { handler } = await import('../../../../functions/summarize-activity/handler.ts');

const documents = mockClient(DynamoDBDocumentClient);
const eventBridge = mockClient(EventBridgeClient);
beforeEach(() => {
  eventBridge
    .on(PutEventsCommand)
    .callsFake((input: PutEventsCommandInput) => ({ FailedEntryCount: 0, Entries: (input.Entries ?? []).map((_, i) => ({ EventId: `eb-${i}` })) }));
});
afterEach(() => {
  documents.reset();
  eventBridge.reset();
});

/** What the schedule's Input becomes at an invocation scheduled at `at`. */
const input = (at: string) => scheduledInvocation({ scheduledTime: SchedulerContextAttributes.scheduledTime }, { scheduledTime: new Date(at) });
const run = (event: unknown) => handler(event, lambdaContext({ functionName: 'summarize-activity' }));

const window = (sku: string, start: string, counts: Record<string, number>) => ({ sku, windowStart: start, counts });

interface Published {
  detailType: string;
  detail: {
    metadata: { idempotencyKey: string };
    data: { periodStart: string; periodEnd: string; products: { sku: string; counts: Record<string, number> }[] };
  };
}
const published = (): Published[] =>
  eventBridge.commandCalls(PutEventsCommand).flatMap((call) =>
    (call.args[0].input.Entries ?? []).map((entry) => ({
      detailType: entry.DetailType as string,
      detail: JSON.parse(entry.Detail as string) as Published['detail'],
    })),
  );

describe('summarize-activity', () => {
  it('rolls every window of the day before up per product into one ActivitySummarized event', async () => {
    // Prepare
    documents
      .on(QueryCommand)
      .resolvesOnce({
        Items: [
          window('SKU-2', '2026-11-27T00:00:00.000Z', { product_view: 5, add_to_cart: 1, checkout: 0 }),
          window('SKU-1', '2026-11-27T00:01:00.000Z', { product_view: 2, add_to_cart: 0, checkout: 1 }),
        ],
        LastEvaluatedKey: { day: '2026-11-27', windowKey: '2026-11-27T00:01:00.000Z#SKU-1', sku: 'SKU-1', windowStart: '2026-11-27T00:01:00.000Z' },
      })
      .resolvesOnce({ Items: [window('SKU-2', '2026-11-27T23:59:00.000Z', { product_view: 1, add_to_cart: 2, checkout: 3 })] });
    // Act
    const result = await run(input('2026-11-28T00:05:00Z'));
    // Assess
    expect(result).toMatchObject({ day: '2026-11-27', products: 2 });
    expect(published()).toEqual([
      {
        detailType: 'ActivitySummarized',
        detail: {
          metadata: expect.objectContaining({ idempotencyKey: 'summary#2026-11-27' }),
          data: {
            periodStart: '2026-11-27T00:00:00.000Z',
            periodEnd: '2026-11-28T00:00:00.000Z',
            products: [
              { sku: 'SKU-1', counts: { product_view: 2, add_to_cart: 0, checkout: 1 } },
              { sku: 'SKU-2', counts: { product_view: 6, add_to_cart: 3, checkout: 3 } },
            ],
          },
        },
      },
    ]);
  });

  it('reads the by-day index page by page, from where the last page ended', async () => {
    // Prepare
    const lastKey = { day: '2026-11-27', windowKey: 'k', sku: 'SKU-1', windowStart: 's' };
    documents.on(QueryCommand).resolvesOnce({ Items: [], LastEvaluatedKey: lastKey }).resolvesOnce({ Items: [] });
    // Act
    await run(input('2026-11-28T00:05:00Z'));
    // Assess
    const queries = documents.commandCalls(QueryCommand).map((call) => call.args[0].input);
    expect(queries).toHaveLength(2);
    expect(queries[0]).toMatchObject({ TableName: 'ActivityStats', IndexName: 'by-day', ExpressionAttributeValues: { ':day': '2026-11-27' } });
    expect(queries[0]?.ExclusiveStartKey).toBeUndefined();
    expect(queries[1]?.ExclusiveStartKey).toEqual(lastKey);
  });

  it.each([
    ['just after midnight', '2026-11-28T00:05:00Z', '2026-11-27'],
    ['at midnight exactly', '2026-11-28T00:00:00Z', '2026-11-27'],
    ['late in the day (a redriven run)', '2026-11-28T23:59:59Z', '2026-11-27'],
    ['with an offset', '2026-11-28T01:30:00+02:00', '2026-11-26'],
    ['on the first of a month', '2026-12-01T00:05:00Z', '2026-11-30'],
  ])('summarizes the UTC day before a run scheduled %s', async (_case, scheduledTime, day) => {
    // Prepare
    documents.on(QueryCommand).resolves({ Items: [] });
    // Act
    await run({ scheduledTime });
    // Assess
    expect(documents.commandCalls(QueryCommand)[0]?.args[0].input.ExpressionAttributeValues).toEqual({ ':day': day });
    expect(published()[0]?.detail.metadata.idempotencyKey).toBe(`summary#${day}`);
  });

  it('publishes a summary with no products for a day without activity', async () => {
    // Prepare
    documents.on(QueryCommand).resolves({ Items: [] });
    // Act
    await run(input('2026-11-28T00:05:00Z'));
    // Assess
    expect(published()[0]?.detail.data.products).toEqual([]);
  });

  it.each([
    ['no scheduledTime', {}, /scheduledTime: /],
    ['a scheduledTime that is not a date', { scheduledTime: 'yesterday' }, /scheduledTime: /],
    ['the placeholder Scheduler did not fill', { scheduledTime: SchedulerContextAttributes.scheduledTime }, /scheduledTime: /],
    ['no input at all', undefined, /scheduledTime: /],
  ])('fails naming the field on an input with %s, reading nothing', async (_case, event, message) => {
    // Act
    const running = run(event);
    // Assess
    await expect(running).rejects.toThrow(InvalidScheduleInputError);
    await expect(running).rejects.toThrow(message);
    expect(documents.commandCalls(QueryCommand)).toHaveLength(0);
  });

  it('fails, for Scheduler to retry, when the summary cannot be published', async () => {
    // Prepare
    documents.on(QueryCommand).resolves({ Items: [] });
    eventBridge.on(PutEventsCommand).resolves({ FailedEntryCount: 1, Entries: [{ ErrorCode: 'AccessDeniedException', ErrorMessage: 'Not authorized' }] });
    // Act
    const running = run(input('2026-11-28T00:05:00Z'));
    // Assess
    await expect(running).rejects.toThrow(/not published/);
  });
});
