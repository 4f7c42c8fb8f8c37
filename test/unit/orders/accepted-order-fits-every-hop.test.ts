import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { toItem } from '../../../shared/event-store/index.ts';
import { causedBy, createEvent, OrderPaid, OrderPlaced, PaymentReceived, type CatalogEvent } from '../../../shared/events/index.ts';
import { MAX_AMOUNT_MINOR, MAX_ORDER_LINES, MAX_QUANTITY, MAX_UNIT_PRICE_MINOR } from '../../../shared/money/index.ts';
import { foldOrder, ORDER_AGGREGATE, placeOrderCommandSchema, priceOrder, toOrderViewItem } from '../../../shared/orders/index.ts';
import { putEventsEntrySize } from '../../../shared/publishing/index.ts';
import { stored } from '../support/order-events.ts';

/*
 * Issue 12, "nothing accepted is lost": whatever POST /orders and the webhook accept must pass every later
 * hop unchanged, or it would be lost after the 201/202. Each hop's limit, checked on the most an accepted
 * request can hold (every bound at its maximum, every allowed character):
 * - the event store and the read model (DynamoDB): items ≤ 400 KB, numbers ≤ 38 digits and exact
 *   https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/ServiceQuotas.html
 * - the relay's PutEvents entry and the rule's SQS message: ≤ 256 KiB (the older, smaller limit of both;
 *   shared/publishing/limits.ts has EventBridge's current 1 MiB), and only the characters SQS allows
 *   https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_SendMessage.html
 * A hop that still refuses something (throttling, an outage) is covered by its DLQ or on-failure
 * destination, pinned in test/infra/orders-flow.test.ts and test/infra/event-backbone.test.ts.
 */
const DYNAMODB_MAX_ITEM_BYTES = 400 * 1024;
const SQS_CLASSIC_MAX_MESSAGE_BYTES = 256 * 1024;
const SQS_ALLOWED = /^[\t\n\r\x20-\uD7FF\uE000-\uFFFD]*$/;
const IDENTIFIER_CHARS = [...'ABCXYZabcxyz0189', ...'-_.:@/+='];

const identifier = (maxLength: number) =>
  fc
    .tuple(fc.constantFrom('A', 'z', '0', '9'), fc.string({ unit: fc.constantFrom(...IDENTIFIER_CHARS), maxLength: maxLength - 1 }))
    .map(([first, rest]) => first + rest);

const acceptedBody = fc.record({
  customerId: fc.oneof(identifier(128), fc.constant(`C${'@'.repeat(127)}`)),
  items: fc.uniqueArray(
    fc.record({
      sku: fc.oneof(identifier(64), fc.constant(`S${'='.repeat(63)}`)),
      quantity: fc.oneof(fc.integer({ min: 1, max: MAX_QUANTITY }), fc.constant(MAX_QUANTITY)),
    }),
    { minLength: 1, maxLength: MAX_ORDER_LINES, selector: (line) => line.sku },
  ),
});
const catalogPrice = fc.oneof(fc.integer({ min: 0, max: MAX_UNIT_PRICE_MINOR }), fc.constant(MAX_UNIT_PRICE_MINOR));

/** The EventBridge envelope the rule hands to SQS (source, detail-type, detail, …). */
function sqsMessageOf(event: CatalogEvent): string {
  return JSON.stringify({
    version: '0',
    id: 'x'.repeat(36),
    'detail-type': event.detailType,
    source: event.source,
    account: '123456789012',
    time: '2026-01-01T00:00:00Z',
    region: 'eu-west-1',
    resources: [],
    detail: event.detail,
  });
}

function expectEveryHopCarries(event: CatalogEvent, aggregateId: string): void {
  const message = sqsMessageOf(event);
  expect(SQS_ALLOWED.test(message)).toBe(true);
  expect(Buffer.byteLength(message)).toBeLessThanOrEqual(SQS_CLASSIC_MAX_MESSAGE_BYTES);
  expect(
    putEventsEntrySize({ Source: event.source, DetailType: event.detailType, Detail: JSON.stringify(event.detail), Time: new Date() }),
  ).toBeLessThanOrEqual(SQS_CLASSIC_MAX_MESSAGE_BYTES);
  expect(Buffer.byteLength(JSON.stringify(toItem(event, aggregateId, ORDER_AGGREGATE, 1)))).toBeLessThanOrEqual(DYNAMODB_MAX_ITEM_BYTES);
}

describe('an accepted order fits every hop (property-based)', () => {
  it('builds an OrderPlaced, a read model item and a payment that every hop carries, for any accepted body and catalog prices', () => {
    fc.assert(
      fc.property(acceptedBody, catalogPrice, (body, price) => {
        // Prepare
        const command = placeOrderCommandSchema('EUR').parse(body);
        const prices = new Map(command.items.map(({ sku }) => [sku, { unitPriceMinor: price, currency: 'EUR' }]));

        // Act
        const pricing = priceOrder(command, prices, 'EUR');
        if (pricing.kind !== 'priced') throw new Error(`not priced: ${pricing.kind}`);
        const placed = createEvent(OrderPlaced, {
          orderId: 'f81d4fae-7dec-41d0-a765-00a0c91e6bf6',
          customerId: command.customerId,
          items: pricing.items,
          totalMinor: pricing.totalMinor,
          currency: 'EUR',
          paymentDeadline: '2026-01-01T00:30:00.000Z',
        });
        const payment = createEvent(PaymentReceived, {
          orderId: placed.detail.data.orderId,
          paymentId: `p${'_'.repeat(254)}`,
          amountMinor: pricing.totalMinor,
          currency: 'EUR',
          providerEventId: `e${'-'.repeat(254)}`,
        });
        const paid = createEvent(OrderPaid, { ...payment.detail.data }, causedBy(payment.detail.metadata));
        const view = toOrderViewItem(foldOrder(stored([placed, paid]))!);

        // Assess
        expect(Number.isSafeInteger(pricing.totalMinor) && pricing.totalMinor <= MAX_AMOUNT_MINOR).toBe(true);
        for (const event of [placed, payment, paid] as CatalogEvent[]) expectEveryHopCarries(event, placed.detail.data.orderId);
        expect(Buffer.byteLength(JSON.stringify(view))).toBeLessThanOrEqual(DYNAMODB_MAX_ITEM_BYTES);
        expect(JSON.stringify(view)).toMatch(SQS_ALLOWED);
      }),
      { numRuns: 200 },
    );
  });

  it('carries the largest order there can be: 99 lines of the maximum quantity at the maximum price', () => {
    // Prepare
    const command = placeOrderCommandSchema('EUR').parse({
      customerId: `C${'-'.repeat(127)}`,
      items: Array.from({ length: MAX_ORDER_LINES }, (_, i) => ({
        sku: `S${String(i).padStart(63, '0')}`,
        quantity: MAX_QUANTITY,
        unitPrice: MAX_UNIT_PRICE_MINOR / 100,
      })),
    });
    const prices = new Map(command.items.map(({ sku }) => [sku, { unitPriceMinor: MAX_UNIT_PRICE_MINOR, currency: 'EUR' }]));

    // Act
    const pricing = priceOrder(command, prices, 'EUR');
    if (pricing.kind !== 'priced') throw new Error(`not priced: ${pricing.kind}`);
    const placed = createEvent(OrderPlaced, {
      orderId: 'o-max',
      customerId: command.customerId,
      items: pricing.items,
      totalMinor: pricing.totalMinor,
      currency: 'EUR',
      paymentDeadline: '2026-01-01T00:30:00.000Z',
    });

    // Assess
    expect(pricing.totalMinor).toBe(MAX_ORDER_LINES * MAX_QUANTITY * MAX_UNIT_PRICE_MINOR);
    expectEveryHopCarries(placed, 'o-max');
  });
});
