import { describe, expect, it } from 'vitest';
import {
  causedBy,
  createEvent,
  InvalidEventError,
  OrderPaid,
  OrderPlaced,
  parseDetail,
  PaymentReceived,
  ProductImported,
} from '../../../shared/events/index.ts';

const validOrder = {
  orderId: 'ord-1',
  customerId: 'cust-1',
  items: [{ sku: 'SKU-1', quantity: 2, unitPriceMinor: 950 }],
  totalMinor: 1900,
  currency: 'EUR',
  paymentDeadline: '2026-11-28T12:00:00.000Z',
};

describe('createEvent', () => {
  it('builds an event with the definition source, detail-type and schema version', () => {
    // Act
    const event = createEvent(OrderPlaced, validOrder);

    // Assess
    expect(event.source).toBe('eventful.orders');
    expect(event.detailType).toBe('OrderPlaced');
    expect(event.detail.metadata.version).toBe(2);
    expect(event.detail.data).toEqual(validOrder);
  });

  it('starts a new correlation when none is given: correlation id = event id, no causation', () => {
    const { metadata } = createEvent(OrderPlaced, validOrder).detail;

    expect(metadata.correlationId).toBe(metadata.eventId);
    expect(metadata.causationId).toBeNull();
    expect(metadata.idempotencyKey).toBe(metadata.eventId);
  });

  it('propagates the correlation id and sets the causation id to the cause event id', () => {
    // Prepare
    const cause = createEvent(OrderPlaced, validOrder, { correlationId: 'corr-42' });

    // Act
    const effect = createEvent(OrderPlaced, validOrder, causedBy(cause.detail.metadata, { idempotencyKey: 'op-1' }));

    // Assess
    expect(effect.detail.metadata.correlationId).toBe('corr-42');
    expect(effect.detail.metadata.causationId).toBe(cause.detail.metadata.eventId);
    expect(effect.detail.metadata.idempotencyKey).toBe('op-1');
    expect(effect.detail.metadata.eventId).not.toBe(cause.detail.metadata.eventId);
  });

  it.each([
    ['a zero quantity', { items: [{ sku: 'SKU-1', quantity: 0, unitPriceMinor: 1 }] }, 'data.items[0].quantity'],
    ['a negative price', { items: [{ sku: 'SKU-1', quantity: 1, unitPriceMinor: -1 }] }, 'data.items[0].unitPriceMinor'],
    ['no items', { items: [] }, 'data.items'],
    ['a lowercase currency', { currency: 'eur' }, 'data.currency'],
    ['a deadline that is not ISO-8601', { paymentDeadline: 'tomorrow' }, 'data.paymentDeadline'],
  ])('rejects %s naming the field %s', (_case, override, path) => {
    // Act
    const attempt = () => createEvent(OrderPlaced, { ...validOrder, ...override });

    // Assess
    expect(attempt).toThrow(InvalidEventError);
    expect(attempt).toThrow(`${path}: `);
    try {
      attempt();
    } catch (error) {
      expect((error as InvalidEventError).problems.map((p) => p.path)).toEqual([path]);
    }
  });

  it('names every invalid field, not only the first', () => {
    const attempt = () => createEvent(OrderPlaced, { ...validOrder, orderId: '', totalMinor: -3 });

    expect(attempt).toThrow(/data\.orderId: .*; data\.totalMinor: /);
  });
});

describe('parseDetail', () => {
  it.each([
    ['PaymentReceived', PaymentReceived, { orderId: 'o-1', paymentId: 'p-1', amount: 24.9, currency: 'EUR', providerEventId: 'evt-1' }, { amountMinor: 2490 }],
    ['OrderPaid', OrderPaid, { orderId: 'o-1', paymentId: 'p-1', amount: 1500, currency: 'JPY' }, { amountMinor: 1500 }],
    [
      'OrderPlaced',
      OrderPlaced,
      { ...validOrder, items: [{ sku: 'SKU-1', quantity: 2, unitPrice: 9.5 }], total: 19 },
      { items: [{ sku: 'SKU-1', quantity: 2, unitPriceMinor: 950 }], totalMinor: 1900 },
    ],
    [
      'ProductImported',
      ProductImported,
      { sku: 'SKU-1', name: 'Mug', unitPrice: 0.29, stock: 1, importedFrom: { bucket: 'b', key: 'k', line: 2 } },
      { unitPriceMinor: 29, currency: 'EUR' },
    ],
  ])('reads a %s of schema version 1 (decimal amounts) at version 2, in minor units', (_, definition, v1Data, expected) => {
    // Prepare
    const current = JSON.parse(JSON.stringify(createEvent(OrderPlaced, validOrder).detail)) as { metadata: Record<string, unknown> };
    const v1 = { metadata: { ...current.metadata, version: 1 }, data: v1Data };

    // Act
    const detail = parseDetail(definition, v1);

    // Assess
    expect(detail.metadata.version).toBe(2);
    expect(detail.data).toMatchObject(expected);
    expect(detail.data).not.toHaveProperty('amount');
  });

  it('accepts a detail produced by createEvent', () => {
    const event = createEvent(OrderPlaced, validOrder);

    expect(parseDetail(OrderPlaced, JSON.parse(JSON.stringify(event.detail)))).toEqual(event.detail);
  });

  it('rejects a detail without metadata, naming the missing field', () => {
    expect(() => parseDetail(OrderPlaced, { data: validOrder })).toThrow('metadata: ');
  });

  it('rejects a detail whose metadata lacks a correlation id', () => {
    const { detail } = createEvent(OrderPlaced, validOrder);
    const { correlationId: _dropped, ...metadata } = detail.metadata;

    expect(() => parseDetail(OrderPlaced, { ...detail, metadata })).toThrow('metadata.correlationId: ');
  });
});
