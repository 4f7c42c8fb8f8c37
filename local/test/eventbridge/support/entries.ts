import type { PutEventsRequestEntry } from '@aws-sdk/client-eventbridge';

/** An app's event as the tests put it on a bus: `detail` with metadata and data, the way an app would shape it. */
export interface AppEvent<TData = Record<string, unknown>> {
  source: string;
  detailType: string;
  detail: { metadata: { eventId: string; version: number; occurredAt: string; correlationId: string; causationId: null; idempotencyKey: string }; data: TData };
}

let nextId = 1;

function appEvent<TData>(source: string, detailType: string, data: TData, correlationId: string): AppEvent<TData> {
  const eventId = `evt-${nextId++}`;
  return {
    source,
    detailType,
    detail: { metadata: { eventId, version: 1, occurredAt: '2026-01-15T12:00:00.000Z', correlationId, causationId: null, idempotencyKey: eventId }, data },
  };
}

/** An order placed, as a shop app would publish it. */
export function orderPlaced(overrides: { orderId?: string; totalMinor?: number; currency?: string; correlationId?: string } = {}) {
  return appEvent(
    'eventful.orders',
    'OrderPlaced',
    {
      orderId: overrides.orderId ?? 'o-1',
      customerId: 'c-1',
      items: [{ sku: 'SKU-1', quantity: 2, unitPriceMinor: 1250 }],
      totalMinor: overrides.totalMinor ?? 2500,
      currency: overrides.currency ?? 'EUR',
      paymentDeadline: '2026-01-16T12:00:00Z',
    },
    overrides.correlationId ?? 'corr-1',
  );
}

export function orderPaid(orderId = 'o-1') {
  return appEvent('eventful.orders', 'OrderPaid', { orderId, paymentId: 'p-1', amountMinor: 2500, currency: 'EUR' }, 'corr-2');
}

/** The PutEvents entry publishing an event. */
export function entryOf(event: AppEvent<unknown>, extra: Partial<PutEventsRequestEntry> = {}): PutEventsRequestEntry {
  return { Source: event.source, DetailType: event.detailType, Detail: JSON.stringify(event.detail), ...extra };
}
