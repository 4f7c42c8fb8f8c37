import type { PutEventsRequestEntry } from '@aws-sdk/client-eventbridge';
import { createEvent, OrderPaid, OrderPlaced, type CatalogEvent } from '../../../../shared/events/index.ts';

/** A valid OrderPlaced catalog event. */
export function orderPlaced(
  overrides: { orderId?: string; totalMinor?: number; currency?: string; correlationId?: string } = {},
): CatalogEvent<typeof OrderPlaced> {
  return createEvent(
    OrderPlaced,
    {
      orderId: overrides.orderId ?? 'o-1',
      customerId: 'c-1',
      items: [{ sku: 'SKU-1', quantity: 2, unitPriceMinor: 1250 }],
      totalMinor: overrides.totalMinor ?? 2500,
      currency: overrides.currency ?? 'EUR',
      paymentDeadline: '2026-01-16T12:00:00Z',
    },
    { correlationId: overrides.correlationId ?? 'corr-1' },
  );
}

export function orderPaid(orderId = 'o-1'): CatalogEvent<typeof OrderPaid> {
  return createEvent(OrderPaid, { orderId, paymentId: 'p-1', amountMinor: 2500, currency: 'EUR' }, { correlationId: 'corr-2' });
}

/** The PutEvents entry publishing a catalog event. */
export function entryOf(event: CatalogEvent, extra: Partial<PutEventsRequestEntry> = {}): PutEventsRequestEntry {
  return { Source: event.source, DetailType: event.detailType, Detail: JSON.stringify(event.detail), ...extra };
}
