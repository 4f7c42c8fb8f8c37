import type { Context } from 'aws-lambda';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { toItem } from '../../../../shared/event-store/index.ts';
import { ORDER_AGGREGATE } from '../../../../shared/orders/index.ts';
import { ExpiryRunFailedError } from '../../../../functions/expire-unpaid-orders/errors.ts';
import { InvalidScheduleInputError } from '../../../../shared/runtime/index.ts';
import { captureLogs, lambdaContext, scheduledInvocation, SchedulerContextAttributes, type CapturedLogs } from '../../../kit/index.ts';
import { inventoryReserved, orderPaid, orderPlaced, paymentReceived } from '../../support/order-events.ts';
import { givenOrder, givenStock, orderTables, stockOf, streamOf, TABLES } from '../../support/order-tables.ts';

vi.hoisted(() => {
  // Read once, when the handler module loads.
  process.env.EVENT_STORE_TABLE = 'EventStore';
  process.env.ORDERS_TABLE = 'Orders';
  process.env.PRODUCTS_TABLE = 'Products';
});

const { handler } = await import('../../../../functions/expire-unpaid-orders/handler.ts');

const db = orderTables();
const RUN_AT = new Date('2026-03-01T11:00:00Z');
const RUN_ID = 'expire-unpaid-orders#2026-03-01T11:00:00.000Z';
const fire = (scheduledTime = RUN_AT, context: Context = lambdaContext({ functionName: 'expire-unpaid-orders' })) =>
  handler(scheduledInvocation({ scheduledTime: SchedulerContextAttributes.scheduledTime }, { scheduledTime }), context);
const typesOf = (orderId: string) => streamOf(db, orderId).map((event) => event.detailType);

/** What the read model shows while an order awaits payment (the index keys are all the run reads). */
const givenAwaitingView = (orderId: string, paymentDeadline = '2026-03-01T10:30:00.000Z') =>
  db.put(TABLES.orders, { orderId, awaitingPayment: 'Y', paymentDeadline, status: 'PLACED' });

/** Placed orders, never reserved nor paid, due at 10:30, shown awaiting payment. */
function givenPlacedOrders(ids: readonly string[]) {
  for (const id of ids) {
    givenOrder(db, [orderPlaced(id)]);
    givenAwaitingView(id);
  }
}

/** A reserved order, unpaid, due at 10:30, shown awaiting payment. */
function givenReservedOrder(orderId: string, items = [{ sku: 'SKU-MUG', quantity: 2, unitPriceMinor: 10 }]) {
  const placed = orderPlaced(orderId, { items });
  givenOrder(db, [placed, inventoryReserved(placed)]);
  givenAwaitingView(orderId);
  return placed;
}

let logs: CapturedLogs;
beforeEach(() => {
  logs = captureLogs('INFO');
  givenStock(db, { 'SKU-MUG': 3, 'SKU-CUP': 10 });
});
afterEach(() => {
  logs.restore();
  db.reset();
});

describe('expire-unpaid-orders handler', () => {
  it('expires a reserved order unpaid past its deadline and gives its stock back in the same write', async () => {
    // Prepare
    const placed = givenReservedOrder('o-1', [
      { sku: 'SKU-MUG', quantity: 2, unitPriceMinor: 10 },
      { sku: 'SKU-CUP', quantity: 1, unitPriceMinor: 5 },
    ]);

    // Act
    const summary = await fire();

    // Assess
    expect(summary).toEqual({ runId: RUN_ID, expired: 1, skipped: 0, failed: 0, stoppedEarly: false, deferred: 0 });
    expect([stockOf(db, 'SKU-MUG'), stockOf(db, 'SKU-CUP')]).toEqual([5, 11]);
    const expired = streamOf(db, 'o-1')[2];
    expect(expired).toMatchObject({ version: 3, detailType: 'OrderExpired', correlationId: placed.detail.metadata.correlationId });
    expect(expired?.detail.metadata.causationId).toBe(RUN_ID);
    expect(expired?.detail.data).toEqual({ orderId: 'o-1', paymentDeadline: '2026-03-01T10:30:00.000Z' });
  });

  it('expires an order whose reserved product was deleted, giving the other products their stock back', async () => {
    // Prepare
    givenReservedOrder('o-gone', [
      { sku: 'SKU-MUG', quantity: 2, unitPriceMinor: 10 },
      { sku: 'SKU-DELETED', quantity: 4, unitPriceMinor: 5 },
    ]);

    // Act
    const summary = await fire();

    // Assess
    expect(summary).toMatchObject({ expired: 1, failed: 0 });
    expect(typesOf('o-gone')).toEqual(['OrderPlaced', 'InventoryReserved', 'OrderExpired']);
    expect(stockOf(db, 'SKU-MUG')).toBe(5);
    expect(db.get(TABLES.products, { sku: 'SKU-DELETED' })).toBeUndefined();
    const [warning] = logs.withMessage('Reserved stock not given back: the products no longer exist');
    expect(warning).toMatchObject({ orderId: 'o-gone', unreleased: [{ sku: 'SKU-DELETED', quantity: 4 }] });
  });

  it('gives the units back to a product that has no stock attribute', async () => {
    // Prepare
    givenReservedOrder('o-nostock');
    db.put(TABLES.products, { sku: 'SKU-MUG', name: 'Mug', unitPriceMinor: 10 });

    // Act
    await fire();

    // Assess
    expect(stockOf(db, 'SKU-MUG')).toBe(2);
  });

  it('expires an order whose stock was never reserved without touching any stock', async () => {
    // Prepare
    givenOrder(db, [orderPlaced('o-2')]);
    givenAwaitingView('o-2');

    // Act
    await fire();

    // Assess
    expect(typesOf('o-2')).toEqual(['OrderPlaced', 'OrderExpired']);
    expect(stockOf(db, 'SKU-MUG')).toBe(3);
  });

  it('leaves orders whose deadline has not passed at the scheduled time', async () => {
    // Prepare
    givenOrder(db, [orderPlaced('o-3', { paymentDeadline: '2026-03-01T11:00:00.000Z' })]);
    givenAwaitingView('o-3', '2026-03-01T11:00:00.000Z');

    // Act
    const summary = await fire();

    // Assess
    expect(summary).toMatchObject({ expired: 0, skipped: 0 });
    expect(typesOf('o-3')).toEqual(['OrderPlaced']);
  });

  it('lets the event store decide when the read model lags behind a payment', async () => {
    // Prepare
    const placed = orderPlaced('o-4');
    givenOrder(db, [placed, inventoryReserved(placed), orderPaid(paymentReceived(placed))]);
    givenAwaitingView('o-4');

    // Act
    const summary = await fire();

    // Assess
    expect(summary).toMatchObject({ expired: 0, skipped: 1 });
    expect(typesOf('o-4')).toEqual(['OrderPlaced', 'InventoryReserved', 'OrderPaid']);
    expect(stockOf(db, 'SKU-MUG')).toBe(3);
  });

  it('decides again when a payment is recorded between its read and its write', async () => {
    // Prepare
    const placed = givenReservedOrder('o-5');
    db.beforeNext('TransactWriteCommand', () => db.put(TABLES.eventStore, toItem(orderPaid(paymentReceived(placed)), 'o-5', ORDER_AGGREGATE, 3)));

    // Act
    const summary = await fire();

    // Assess
    expect(summary).toMatchObject({ expired: 0, skipped: 1 });
    expect(typesOf('o-5')).toEqual(['OrderPlaced', 'InventoryReserved', 'OrderPaid']);
    expect(stockOf(db, 'SKU-MUG')).toBe(3);
  });

  it('goes through every page of the awaiting-payment index', async () => {
    // Prepare
    db.queryPageSize = 2;
    const ids = ['o-6', 'o-7', 'o-8', 'o-9', 'o-10'];
    givenPlacedOrders(ids);

    // Act
    const summary = await fire();

    // Assess
    expect(summary).toMatchObject({ expired: 5, failed: 0 });
    for (const id of ids) expect(typesOf(id)).toEqual(['OrderPlaced', 'OrderExpired']);
  });

  it('stops taking orders before its timeout and ends without failing, leaving the rest to the next run', async () => {
    // Prepare: five overdue orders, two pages; the time runs out once two orders are expired, while the first
    // page (three orders, all taken at once) is worked through
    db.queryPageSize = 3;
    const ids = ['o-20', 'o-21', 'o-22', 'o-23', 'o-24'];
    givenPlacedOrders(ids);
    const expiredSoFar = () => ids.filter((id) => typesOf(id).includes('OrderExpired')).length;
    const runningOut = {
      ...lambdaContext({ functionName: 'expire-unpaid-orders', timeoutMs: 60_000 }),
      getRemainingTimeInMillis: () => (expiredSoFar() >= 2 ? 14_000 : 60_000),
    };

    // Act
    const first = await fire(RUN_AT, runningOut);
    const next = await fire(new Date('2026-03-01T11:05:00Z'));

    // Assess: the first run finished the page it had taken and deferred the second page whole
    expect(first).toMatchObject({ expired: 3, failed: 0, stoppedEarly: true, deferred: 2 });
    expect(logs.withMessage('Expiry run stopped before its timeout: the orders not tried (and later pages) are left to the next run')).toHaveLength(1);
    expect(next).toMatchObject({ expired: 2, failed: 0, stoppedEarly: false, deferred: 0 });
    for (const id of ids) expect(typesOf(id)).toContain('OrderExpired');
  });

  it('expires nothing twice when the run is delivered again', async () => {
    // Prepare
    givenReservedOrder('o-11');
    await fire();

    // Act
    const again = await fire();

    // Assess
    expect(again).toMatchObject({ expired: 0, skipped: 1 });
    expect(typesOf('o-11')).toEqual(['OrderPlaced', 'InventoryReserved', 'OrderExpired']);
    expect(stockOf(db, 'SKU-MUG')).toBe(5);
  });

  it('expires the other orders when one fails, then fails the run naming it', async () => {
    // Prepare
    givenReservedOrder('o-12');
    givenOrder(db, [orderPlaced('o-13')]);
    givenAwaitingView('o-13');
    // A stream that does not start with OrderPlaced cannot be folded.
    db.put(TABLES.eventStore, toItem(inventoryReserved(orderPlaced('o-broken')), 'o-broken', ORDER_AGGREGATE, 1));
    givenAwaitingView('o-broken', '2026-03-01T10:00:00.000Z');

    // Act
    const run = fire();

    // Assess
    await expect(run).rejects.toThrow(ExpiryRunFailedError);
    await expect(run).rejects.toThrow(/1 order\(s\) could not be expired: o-broken \(UnexpectedOrderEventError/);
    await run.catch((error: ExpiryRunFailedError) =>
      expect(error.summary).toEqual({ runId: RUN_ID, expired: 2, skipped: 0, failed: 1, stoppedEarly: false, deferred: 0 }),
    );
    expect(typesOf('o-12')).toContain('OrderExpired');
    expect(typesOf('o-13')).toContain('OrderExpired');
  });

  it('logs the run summary with the run id as correlation id', async () => {
    // Prepare
    givenReservedOrder('o-14');

    // Act
    await fire();

    // Assess
    const [line] = logs.withMessage('Expiry run finished');
    expect(line).toMatchObject({ runId: RUN_ID, expired: 1, skipped: 0, failed: 0, correlation_id: RUN_ID });
  });

  it('rejects an input without a scheduled time, naming the field', async () => {
    // Act
    const run = handler({ scheduledTime: '<aws.scheduler.scheduled-time>' }, lambdaContext());

    // Assess
    await expect(run).rejects.toThrow(InvalidScheduleInputError);
    await expect(run).rejects.toThrow(/scheduledTime/);
  });
});
