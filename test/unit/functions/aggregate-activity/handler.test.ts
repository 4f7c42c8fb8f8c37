import { EventBridgeClient, PutEventsCommand, type PutEventsCommandInput } from '@aws-sdk/client-eventbridge';
import type { KinesisStreamRecord } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ActivityWindowEvent, WindowResponse } from '../../../../functions/aggregate-activity/handler.ts';
import { InvalidWindowStateError, NotATumblingWindowError, PoisonRecordError, WindowWriteError } from '../../../../functions/aggregate-activity/errors.ts';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { RETRY_LOOKBACK_MS } from '../../../../functions/aggregate-activity/seen-events-item.ts';
import { DEFAULT_TRANSIENT_WRITE_ATTEMPTS } from '../../../../shared/dynamodb/retry-transient-write.ts';
import { activityEventId, activityRequestId } from '../../../../shared/activity/index.ts';
import { kinesisRecord, kinesisTumblingWindowEvent, lambdaContext, type KinesisWindowOptions } from '../../../kit/index.ts';
import { fakeStatsTable } from './support/fake-stats-table.ts';

vi.hoisted(() => {
  // Read once, when the handler module loads.
  process.env.STATS_TABLE = 'ActivityStats';
  process.env.TRENDING_THRESHOLD = '3';
  process.env.EVENT_BUS_NAME = 'eventful-bus';
  delete process.env.CLAIM_CHECK_BUCKET;
});

const { handler } = await import('../../../../functions/aggregate-activity/handler.ts');

const table = fakeStatsTable();
const eventBridge = mockClient(EventBridgeClient);

function givenBusAcceptsAll(): void {
  eventBridge.on(PutEventsCommand).callsFake((input: PutEventsCommandInput) => ({
    FailedEntryCount: 0,
    Entries: (input.Entries ?? []).map((_, i) => ({ EventId: `eb-${i}` })),
  }));
}

beforeEach(() => givenBusAcceptsAll());
afterEach(() => {
  table.reset();
  eventBridge.reset();
});

const WINDOW_START = new Date('2026-11-28T12:00:00Z');
const STORED_START = '2026-11-28T12:00:00.000Z';
const STORED_END = '2026-11-28T12:01:00.000Z';
const SHARD = 'shardId-000000000000';

let next = 0;
/** An activity record as ingest writes it, on the given shard. */
function activity(type: string, sku: string | undefined, options: { shardId?: string; userId?: string } = {}): KinesisStreamRecord {
  const userId = options.userId ?? 'u-1';
  const data = { type, userId, ...(sku !== undefined && { sku }), at: '2026-11-28T12:00:10.000Z', eventId: `e-${next++}` };
  return kinesisRecord(data, { partitionKey: userId, shardId: options.shardId ?? SHARD });
}
const views = (sku: string, n: number, shardId = SHARD) => Array.from({ length: n }, () => activity('product_view', sku, { shardId }));
const poison = (shardId = SHARD) => kinesisRecord('{"type": "product_view", "userId": ', { shardId });

const invoke = (records: KinesisStreamRecord[], options: KinesisWindowOptions = {}) =>
  handler(
    kinesisTumblingWindowEvent(records, { start: WINDOW_START, shardId: SHARD, ...options }) as ActivityWindowEvent,
    lambdaContext({ functionName: 'aggregate-activity' }),
  ) as Promise<WindowResponse>;

/** The final invocation of the window with the state the shard carried. */
const close = (state: WindowResponse['state'], options: KinesisWindowOptions = {}) => invoke([], { ...options, state, isFinalInvokeForWindow: true });

/** The table calls that write (reading the shard's seen events is not one). */
const writes = () => table.mock.calls().filter((call) => !(call.args[0] instanceof GetCommand));

/** What DynamoDB answers a single-item write on an item a transaction is changing. */
const transactionConflict = () => Object.assign(new Error('Transaction is ongoing for the item'), { name: 'TransactionConflictException' });

const countsIn = (response: WindowResponse) => (response.state as { counts?: Record<string, unknown> }).counts;

interface Published {
  detailType: string;
  detail: { metadata: { idempotencyKey: string }; data: Record<string, unknown> };
}
const published = (): Published[] =>
  eventBridge.commandCalls(PutEventsCommand).flatMap((call) =>
    (call.args[0].input.Entries ?? []).map((entry) => ({
      detailType: entry.DetailType as string,
      detail: JSON.parse(entry.Detail as string) as Published['detail'],
    })),
  );

describe('aggregate-activity: counting in the window state', () => {
  it('counts views, add-to-carts and checkouts per sku on top of the state it was given, not page views', async () => {
    // Prepare
    const first = await invoke([...views('SKU-1', 2), activity('add_to_cart', 'SKU-1'), activity('page_view', undefined)]);
    // Act
    const second = await invoke([activity('checkout', 'SKU-1'), activity('product_view', 'SKU-2'), activity('page_view', 'SKU-2')], { state: first.state });
    // Assess
    expect(second.batchItemFailures).toEqual([]);
    expect(countsIn(second)).toEqual({
      'SKU-1': { product_view: 2, add_to_cart: 1, checkout: 1 },
      'SKU-2': { product_view: 1, add_to_cart: 0, checkout: 0 },
    });
    expect(writes()).toHaveLength(0);
  });

  it('counts an event id once however often its record comes (a retried POST /activity writes the same records again)', async () => {
    // Prepare
    const requestId = activityRequestId('batch-1', []);
    const record = (index: number, sku = 'SKU-1') =>
      kinesisRecord(
        { type: 'product_view', userId: 'u-1', sku, at: '2026-11-28T12:00:10.000Z', eventId: activityEventId(requestId, index) },
        { shardId: SHARD },
      );
    const first = await invoke([record(0), record(1), record(2, 'SKU-2')]);
    // Act
    const retried = await invoke([record(0), record(1), record(2, 'SKU-2'), record(3)], { state: first.state });
    // Assess
    expect(countsIn(retried)).toEqual({
      'SKU-1': { product_view: 3, add_to_cart: 0, checkout: 0 },
      'SKU-2': { product_view: 1, add_to_cart: 0, checkout: 0 },
    });
  });

  it('counts an event id once within a batch, also for ids of other producers', async () => {
    // Prepare
    const record = kinesisRecord({ type: 'checkout', userId: 'u-1', sku: 'SKU-1', at: '2026-11-28T12:00:10.000Z', eventId: 'replay-7' }, { shardId: SHARD });
    // Act
    const response = await invoke([record, record, activity('checkout', 'SKU-1')]);
    // Assess
    expect(countsIn(response)).toEqual({ 'SKU-1': { product_view: 0, add_to_cart: 0, checkout: 2 } });
  });

  it('counts a retry that arrives after the window of its first write closed once, in that first window', async () => {
    // Prepare
    const requestId = activityRequestId('batch-2', []);
    const records = [0, 1].map((index) =>
      kinesisRecord(
        { type: 'product_view', userId: 'u-1', sku: 'SKU-1', at: '2026-11-28T12:00:59.000Z', eventId: activityEventId(requestId, index) },
        { shardId: SHARD },
      ),
    );
    const firstWindow = await invoke(records);
    await close(firstWindow.state);
    const nextStart = new Date(WINDOW_START.getTime() + 60_000);
    // Act
    const nextWindow = await invoke([...records, activity('product_view', 'SKU-1')], { start: nextStart });
    await close(nextWindow.state, { start: nextStart });
    // Assess
    expect(table.item('SKU-1', STORED_START)?.counts).toEqual({ product_view: 2, add_to_cart: 0, checkout: 0 });
    expect(table.item('SKU-1', STORED_END)?.counts).toEqual({ product_view: 1, add_to_cart: 0, checkout: 0 });
  });

  it('counts a retry that arrives two windows later once too, and forgets what is older than the retry lookback', async () => {
    // Prepare
    const record = kinesisRecord({ type: 'product_view', userId: 'u-1', sku: 'SKU-1', at: '2026-11-28T12:00:59.000Z', eventId: 'e-old' }, { shardId: SHARD });
    await close((await invoke([record])).state);
    const twoLater = new Date(WINDOW_START.getTime() + 120_000);
    const pastLookback = new Date(WINDOW_START.getTime() + RETRY_LOOKBACK_MS + 60_000);
    // Act
    const retried = await invoke([record], { start: twoLater });
    const late = await invoke([record], { start: pastLookback });
    // Assess
    expect(countsIn(retried)).toEqual({});
    expect(countsIn(late)).toEqual({ 'SKU-1': { product_view: 1, add_to_cart: 0, checkout: 0 } });
  });

  it('leaves the state it was given unchanged', async () => {
    // Prepare
    const first = await invoke(views('SKU-1', 1));
    const before = structuredClone(first.state);
    // Act
    await invoke(views('SKU-1', 2), { state: first.state });
    // Assess
    expect(first.state).toEqual(before);
  });

  it('fails when the mapping has no tumbling window, instead of counting forever', async () => {
    // Prepare
    const { window: _window, ...event } = kinesisTumblingWindowEvent(views('SKU-1', 1));
    // Act
    const run = handler(event as unknown as ActivityWindowEvent, lambdaContext());
    // Assess
    await expect(run).rejects.toThrow(NotATumblingWindowError);
  });

  it('fails on a state it cannot read, naming the field', async () => {
    // Act
    const run = invoke(views('SKU-1', 1), { state: { counts: { 'SKU-1': { product_view: 'many' } } } });
    // Assess
    await expect(run).rejects.toThrow(InvalidWindowStateError);
    await expect(run).rejects.toThrow(/state\.counts\.SKU-1\.product_view/);
  });
});

describe('aggregate-activity: poison records', () => {
  it('reports a poison record with only the records before it counted in the state', async () => {
    // Prepare
    const bad = poison();
    // Act
    const response = await invoke([...views('SKU-1', 2), bad, ...views('SKU-1', 2)]);
    // Assess
    expect(response.batchItemFailures).toEqual([{ itemIdentifier: bad.kinesis.sequenceNumber }]);
    expect(countsIn(response)).toEqual({ 'SKU-1': { product_view: 2, add_to_cart: 0, checkout: 0 } });
  });

  it.each([
    ['data that is not JSON', kinesisRecord('not json')],
    ['a record without the sku its type needs', kinesisRecord({ type: 'add_to_cart', userId: 'u-1', at: '2026-11-28T12:00:10Z', eventId: 'e-x' })],
    ['a record of an unknown type', kinesisRecord({ type: 'wishlist', userId: 'u-1', sku: 'SKU-1', at: '2026-11-28T12:00:10Z', eventId: 'e-y' })],
    ['a record without an event id', kinesisRecord({ type: 'product_view', userId: 'u-1', sku: 'SKU-1', at: '2026-11-28T12:00:10Z' })],
  ])('treats %s as poison', async (_case, bad) => {
    // Act
    const response = await invoke([...views('SKU-1', 1), bad]);
    // Assess
    expect(response.batchItemFailures).toEqual([{ itemIdentifier: bad.kinesis.sequenceNumber }]);
  });

  it('fails the invocation when the poison record is first, so Lambda bisects the batch instead of giving up the records after it', async () => {
    // Prepare
    const bad = poison();
    // Act
    const run = invoke([bad, ...views('SKU-1', 2)], { state: { counts: {} } });
    // Assess
    await expect(run).rejects.toThrow(PoisonRecordError);
    await expect(run).rejects.toThrow(`record ${bad.kinesis.sequenceNumber} is not JSON`);
  });

  it('counts every other record once as Lambda retries from the poison record, bisects it out and gives it up', async () => {
    // Prepare
    const bad = poison();
    const [g1, g2, g3, g4] = views('SKU-1', 4) as [KinesisStreamRecord, KinesisStreamRecord, KinesisStreamRecord, KinesisStreamRecord];
    // Act: what Lambda does with ReportBatchItemFailures and BisectBatchOnFunctionError
    const partial = await invoke([g1, g2, bad, g3, g4]);
    await expect(invoke([bad, g3, g4], { state: partial.state })).rejects.toThrow(PoisonRecordError);
    await expect(invoke([bad, g3], { state: partial.state })).rejects.toThrow(PoisonRecordError);
    await expect(invoke([bad], { state: partial.state })).rejects.toThrow(PoisonRecordError); // retried, then to the on-failure destination
    const third = await invoke([g3], { state: partial.state });
    const fourth = await invoke([g4], { state: third.state });
    await close(fourth.state);
    // Assess
    expect(partial.batchItemFailures).toEqual([{ itemIdentifier: bad.kinesis.sequenceNumber }]);
    expect(table.item('SKU-1', STORED_START)?.counts).toEqual({ product_view: 4, add_to_cart: 0, checkout: 0 });
  });
});

describe('aggregate-activity: closing a window', () => {
  it("writes each product's counts for the closed window and starts the next window from an empty state", async () => {
    // Prepare
    const open = await invoke([...views('SKU-1', 2), activity('checkout', 'SKU-2')]);
    // Act
    const response = await close(open.state);
    // Assess
    expect(response).toEqual({ state: {}, batchItemFailures: [] });
    expect(table.item('SKU-1', STORED_START)).toEqual({
      sku: 'SKU-1',
      windowStart: STORED_START,
      windowEnd: STORED_END,
      counts: { product_view: 2, add_to_cart: 0, checkout: 0 },
      day: '2026-11-28',
      windowKey: `${STORED_START}#SKU-1`,
      mergedParts: new Set([`${SHARD}#${(open.state as { firstSequenceNumber: string }).firstSequenceNumber}`]),
    });
    expect(table.item('SKU-2', STORED_START)?.counts).toEqual({ product_view: 0, add_to_cart: 0, checkout: 1 });
  });

  it('counts the records a final invocation carries before writing', async () => {
    // Act
    await invoke(views('SKU-1', 2), { isFinalInvokeForWindow: true });
    // Assess
    expect(table.item('SKU-1', STORED_START)?.counts).toEqual({ product_view: 2, add_to_cart: 0, checkout: 0 });
  });

  it('writes nothing for a window in which nothing was counted', async () => {
    // Prepare
    const open = await invoke([activity('page_view', undefined)]);
    // Act
    await close(open.state);
    // Assess
    expect(writes()).toHaveLength(0);
  });

  it('adds nothing twice when Lambda retries the final invocation', async () => {
    // Prepare
    const open = await invoke(views('SKU-1', 2));
    await close(open.state);
    // Act
    await close(open.state);
    // Assess
    expect(table.item('SKU-1', STORED_START)?.counts).toEqual({ product_view: 2, add_to_cart: 0, checkout: 0 });
  });

  it('adds up the parts of one window that several shards close, each once', async () => {
    // Prepare
    const shardA = await invoke(views('SKU-1', 2, 'shardId-000000000000'), { shardId: 'shardId-000000000000' });
    const shardB = await invoke([...views('SKU-1', 1, 'shardId-000000000001'), activity('add_to_cart', 'SKU-1', { shardId: 'shardId-000000000001' })], {
      shardId: 'shardId-000000000001',
    });
    // Act
    await close(shardA.state, { shardId: 'shardId-000000000000' });
    await close(shardB.state, { shardId: 'shardId-000000000001' });
    await close(shardB.state, { shardId: 'shardId-000000000001' });
    // Assess
    const item = table.item('SKU-1', STORED_START);
    expect(item?.counts).toEqual({ product_view: 3, add_to_cart: 1, checkout: 0 });
    expect((item!.mergedParts as Set<string>).size).toBe(2);
  });

  it('adds the part after an early-terminated window (state over 1 MB) as a part of its own', async () => {
    // Prepare
    const before = await invoke(views('SKU-1', 2));
    await close(before.state, { isWindowTerminatedEarly: true });
    const after = await invoke(views('SKU-1', 1));
    // Act
    await close(after.state);
    // Assess
    expect(table.item('SKU-1', STORED_START)?.counts).toEqual({ product_view: 3, add_to_cart: 0, checkout: 0 });
  });

  it('writes the other products and fails, so Lambda retries, when one cannot be written; the retry writes only what is missing', async () => {
    // Prepare
    const open = await invoke([...views('SKU-1', 1), ...views('SKU-2', 1)]);
    table.failWrites('SKU-2', Object.assign(new Error('User is not authorized to perform: dynamodb:PutItem'), { name: 'AccessDeniedException' }));
    // Act
    const failed = close(open.state);
    // Assess
    await expect(failed).rejects.toThrow(WindowWriteError);
    await expect(failed).rejects.toThrow(/1 product\(s\) of the window 2026-11-28T12:00:00.000Z not written \(first: SKU-2, AccessDeniedException/);
    expect(table.item('SKU-1', STORED_START)?.counts).toMatchObject({ product_view: 1 });
    expect(table.item('SKU-2', STORED_START)).toBeUndefined();
    await close(open.state);
    expect(table.item('SKU-1', STORED_START)?.counts).toMatchObject({ product_view: 1 });
    expect(table.item('SKU-2', STORED_START)?.counts).toMatchObject({ product_view: 1 });
  });

  it('writes a product again within the final invocation when its write met a transaction in progress, so the window needs none of Lambda’s retries', async () => {
    // Prepare
    const open = await invoke([...views('SKU-1', 1), ...views('SKU-2', 2)]);
    table.failWrites('SKU-2', transactionConflict(), DEFAULT_TRANSIENT_WRITE_ATTEMPTS - 1);
    // Act
    await close(open.state);
    // Assess
    expect(table.item('SKU-1', STORED_START)?.counts).toMatchObject({ product_view: 1 });
    expect(table.item('SKU-2', STORED_START)?.counts).toMatchObject({ product_view: 2 });
  });

  it('fails the final invocation once a product’s write has met transient failures on every attempt, and says which', async () => {
    // Prepare
    const open = await invoke([...views('SKU-1', 1), ...views('SKU-2', 1)]);
    table.failWrites('SKU-2', transactionConflict(), DEFAULT_TRANSIENT_WRITE_ATTEMPTS);
    // Act
    const failed = close(open.state);
    // Assess
    await expect(failed).rejects.toThrow(/1 product\(s\) of the window .* not written \(first: SKU-2, TransactionConflictException/);
    expect(table.item('SKU-1', STORED_START)?.counts).toMatchObject({ product_view: 1 });
    expect(table.item('SKU-2', STORED_START)).toBeUndefined();
  });
});

describe('aggregate-activity: trending products', () => {
  it('publishes ProductTrending once for a product whose views reach the threshold, and marks its window', async () => {
    // Prepare
    const open = await invoke([...views('HOT', 3), ...views('COLD', 2)]);
    // Act
    await close(open.state);
    // Assess
    expect(published()).toEqual([
      {
        detailType: 'ProductTrending',
        detail: {
          metadata: expect.objectContaining({ idempotencyKey: `trending#HOT#${STORED_START}` }),
          data: { sku: 'HOT', windowStart: STORED_START, windowEnd: STORED_END, views: 3, threshold: 3 },
        },
      },
    ]);
    expect(table.item('HOT', STORED_START)?.trendingPublishedAt).toEqual(expect.any(String));
    expect(table.item('COLD', STORED_START)?.trendingPublishedAt).toBeUndefined();
  });

  it('does not publish again when the final invocation is retried after the mark', async () => {
    // Prepare
    const open = await invoke(views('HOT', 3));
    await close(open.state);
    // Act
    await close(open.state);
    // Assess
    expect(published()).toHaveLength(1);
  });

  it('publishes once when the views of several shards together reach the threshold', async () => {
    // Prepare
    const shardA = await invoke(views('HOT', 2, 'shardId-000000000000'), { shardId: 'shardId-000000000000' });
    const shardB = await invoke(views('HOT', 2, 'shardId-000000000001'), { shardId: 'shardId-000000000001' });
    const shardC = await invoke(views('HOT', 1, 'shardId-000000000002'), { shardId: 'shardId-000000000002' });
    // Act
    await close(shardA.state, { shardId: 'shardId-000000000000' });
    await close(shardB.state, { shardId: 'shardId-000000000001' });
    await close(shardC.state, { shardId: 'shardId-000000000002' });
    // Assess
    expect(published().map((event) => event.detail.data.views)).toEqual([4]);
  });

  it('fails without marking when the bus refuses the event, and the retry publishes it under the same key', async () => {
    // Prepare
    const open = await invoke(views('HOT', 3));
    eventBridge.on(PutEventsCommand).resolves({ FailedEntryCount: 1, Entries: [{ ErrorCode: 'AccessDeniedException', ErrorMessage: 'Not authorized' }] });
    // Act
    await expect(close(open.state)).rejects.toThrow(/not published/);
    // Assess
    expect(table.item('HOT', STORED_START)?.trendingPublishedAt).toBeUndefined();
    givenBusAcceptsAll();
    await close(open.state);
    const keys = published().map((event) => event.detail.metadata.idempotencyKey);
    expect(keys).toEqual([`trending#HOT#${STORED_START}`, `trending#HOT#${STORED_START}`]);
    expect(table.item('HOT', STORED_START)?.counts).toMatchObject({ product_view: 3 });
    expect(table.item('HOT', STORED_START)?.trendingPublishedAt).toEqual(expect.any(String));
  });
});
