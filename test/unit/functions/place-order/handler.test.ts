import { ProvisionedThroughputExceededException } from '@aws-sdk/client-dynamodb';
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { commandHashOf, orderIdFor } from '../../../../shared/orders/index.ts';
import { httpApiEvent, lambdaContext, type HttpApiRequest } from '../../../kit/index.ts';
import { orderTables, streamOf, TABLES } from '../../support/order-tables.ts';

vi.hoisted(() => {
  // Read once, when the handler module loads.
  process.env.EVENT_STORE_TABLE = 'EventStore';
  process.env.PAYMENT_WINDOW_MINUTES = '45';
  process.env.ORDER_CURRENCY = 'GBP';
});

const { handler } = await import('../../../../functions/place-order/handler.ts');

const db = orderTables();
const eventBridge = mockClient(EventBridgeClient);
const NOW = new Date('2026-03-01T10:00:00.000Z');

beforeAll(() => {
  vi.useFakeTimers({ now: NOW, toFake: ['Date'] });
});
afterAll(() => {
  vi.useRealTimers();
});
afterEach(() => {
  db.reset();
  eventBridge.reset();
});

const command = {
  customerId: 'customer-1',
  items: [
    { sku: 'SKU-MUG', quantity: 2, unitPrice: 10 },
    { sku: 'SKU-TEA', quantity: 3, unitPrice: 0.1 },
  ],
};

interface Answer {
  status: number;
  headers: Record<string, string>;
  body: Record<string, unknown>;
}

async function post(request: Partial<HttpApiRequest> = {}): Promise<Answer> {
  const event = httpApiEvent({ routeKey: 'POST /orders', body: command, ...request });
  const response = (await handler(event, lambdaContext({ functionName: 'place-order' }))) as APIGatewayProxyStructuredResultV2;
  return {
    status: response.statusCode ?? 0,
    headers: Object.fromEntries(Object.entries(response.headers ?? {}).map(([name, value]) => [name.toLowerCase(), String(value)])),
    body: JSON.parse(response.body ?? 'null') as Record<string, unknown>,
  };
}

describe('place-order', () => {
  it('answers 201 with the new order and its location', async () => {
    // Act
    const { status, headers, body } = await post();

    // Assess
    expect(status).toBe(201);
    expect(body).toEqual({ orderId: expect.stringMatching(/^[0-9a-f-]{36}$/), status: 'PLACED' });
    expect(headers.location).toBe(`/orders/${String(body.orderId)}`);
    expect(headers['content-type']).toBe('application/json');
  });

  it('stores OrderPlaced as version 1 of the order, totalled, in the configured currency, due after the payment window', async () => {
    // Act
    const { body } = await post({ headers: { 'x-correlation-id': 'corr-checkout-7' } });

    // Assess
    const orderId = String(body.orderId);
    const [placed, ...more] = streamOf(db, orderId);
    expect(more).toEqual([]);
    expect(placed).toMatchObject({ aggregateType: 'order', version: 1, detailType: 'OrderPlaced', source: 'eventful.orders', commandHash: commandHashOf(command) });
    expect(placed?.detail.data).toEqual({
      orderId,
      customerId: 'customer-1',
      items: command.items,
      total: 20.3,
      currency: 'GBP',
      paymentDeadline: '2026-03-01T10:45:00.000Z',
    });
    expect(placed?.detail.metadata).toMatchObject({ correlationId: 'corr-checkout-7', causationId: null, idempotencyKey: `order#${orderId}`, occurredAt: NOW.toISOString() });
  });

  it('never publishes: the outbox relay publishes what was stored', async () => {
    // Act
    await post();

    // Assess
    expect(eventBridge.calls()).toHaveLength(0);
  });

  it("correlates the order with the request id when the caller sends no correlation id, and echoes it", async () => {
    // Act
    const { headers, body } = await post({ requestId: 'JKJaXmPLvHcESHA=' });

    // Assess
    expect(streamOf(db, String(body.orderId))[0]?.correlationId).toBe('JKJaXmPLvHcESHA=');
    expect(headers['x-correlation-id']).toBe('JKJaXmPLvHcESHA=');
  });

  it('derives the order id from the Idempotency-Key and the customer', async () => {
    // Act
    const { body } = await post({ headers: { 'Idempotency-Key': 'checkout-42' } });

    // Assess
    expect(body.orderId).toBe(orderIdFor('checkout-42', 'customer-1'));
  });

  it('answers a retry with the same key and body with the same order, marked as replayed, storing nothing more', async () => {
    // Prepare
    const first = await post({ headers: { 'Idempotency-Key': 'checkout-42' } });

    // Act
    const retry = await post({ headers: { 'idempotency-key': 'checkout-42' } });

    // Assess
    expect(retry.status).toBe(201);
    expect(retry.body).toEqual({ orderId: first.body.orderId, status: 'PLACED' });
    expect(retry.headers['idempotent-replayed']).toBe('true');
    expect(retry.headers.location).toBe(`/orders/${String(first.body.orderId)}`);
    expect(db.items(TABLES.eventStore)).toHaveLength(1);
  });

  it('answers 422 to the same key with another body, storing nothing', async () => {
    // Prepare
    await post({ headers: { 'Idempotency-Key': 'checkout-42' } });
    const other = { ...command, items: [{ sku: 'SKU-MUG', quantity: 5, unitPrice: 10 }] };

    // Act
    const { status, body } = await post({ headers: { 'Idempotency-Key': 'checkout-42' }, body: other });

    // Assess
    expect(status).toBe(422);
    expect(body).toEqual({ message: 'Idempotency-Key "checkout-42" was already used for a different request: use a new key for a new order' });
    expect(db.items(TABLES.eventStore)).toHaveLength(1);
    expect(db.items(TABLES.eventStore)[0]?.detail).toContain('"quantity":2');
  });

  it("places another customer's order with the same key", async () => {
    // Prepare
    const first = await post({ headers: { 'Idempotency-Key': 'checkout-42' } });

    // Act
    const second = await post({ headers: { 'Idempotency-Key': 'checkout-42' }, body: { ...command, customerId: 'customer-2' } });

    // Assess
    expect(second.status).toBe(201);
    expect(second.body.orderId).not.toBe(first.body.orderId);
    expect(db.items(TABLES.eventStore)).toHaveLength(2);
  });

  it('places a new order for each request without a key', async () => {
    // Act
    const first = await post();
    const second = await post();

    // Assess
    expect(second.body.orderId).not.toBe(first.body.orderId);
    expect(db.items(TABLES.eventStore)).toHaveLength(2);
  });

  it('reads a base64-encoded body', async () => {
    // Act
    const { status } = await post({ body: new TextEncoder().encode(JSON.stringify(command)) });

    // Assess
    expect(status).toBe(201);
  });

  it.each([
    ['a body that is not JSON', '{"customerId": "c-1", items: [', /^The order is not valid JSON: /, [{ path: '', message: 'expected a JSON document' }]],
    ['an empty body', '', /^The order is empty/, [{ path: '', message: 'required' }]],
    ['a JSON array', '[]', /^The order is invalid$/, [{ path: '', message: expect.any(String) }]],
  ])('answers 400 to %s, storing nothing', async (_, body, message, errors) => {
    // Act
    const answer = await post({ body });

    // Assess
    expect(answer.status).toBe(400);
    expect(answer.body).toEqual({ message: expect.stringMatching(message), errors });
    expect(db.items(TABLES.eventStore)).toEqual([]);
  });

  it.each([
    ['no customer', { items: command.items }, ['customerId']],
    ['no lines', { ...command, items: [] }, ['items']],
    ['a zero quantity', { ...command, items: [{ sku: 'SKU-MUG', quantity: 0, unitPrice: 10 }] }, ['items[0].quantity']],
    ['a negative price', { ...command, items: [{ sku: 'SKU-MUG', quantity: 1, unitPrice: -1 }] }, ['items[0].unitPrice']],
    ['a SKU on two lines', { ...command, items: [...command.items, { sku: 'SKU-TEA', quantity: 1, unitPrice: 0.1 }] }, ['items[2].sku']],
    ['several problems', { customerId: '', items: [{ sku: '', quantity: -1, unitPrice: 1 }] }, ['customerId', 'items[0].sku', 'items[0].quantity']],
  ])('answers 400 naming each bad field for %s', async (_, body, paths) => {
    // Act
    const answer = await post({ body });

    // Assess
    expect(answer.status).toBe(400);
    expect(answer.body.message).toBe('The order is invalid');
    expect((answer.body.errors as { path: string }[]).map((error) => error.path)).toEqual(paths);
    expect(db.items(TABLES.eventStore)).toEqual([]);
  });

  it.each([
    ['empty', '', /empty value/],
    ['blank', '   ', /empty value/],
    ['longer than 255 characters', 'k'.repeat(256), /at most 255 characters, got 256/],
    ['not printable ASCII', 'clé-1', /printable ASCII/],
    ['holding a control character', 'key\t1', /printable ASCII/],
  ])('answers 400 to an Idempotency-Key that is %s, storing nothing', async (_, key, message) => {
    // Act
    const answer = await post({ headers: { 'Idempotency-Key': key } });

    // Assess
    expect(answer.status).toBe(400);
    expect(answer.body).toEqual({ message: 'The Idempotency-Key header is invalid', errors: [{ path: 'Idempotency-Key', message: expect.stringMatching(message) }] });
    expect(db.items(TABLES.eventStore)).toEqual([]);
  });

  it('accepts an Idempotency-Key of 255 printable characters', async () => {
    // Act
    const { status } = await post({ headers: { 'Idempotency-Key': '~ '.repeat(127) + '!' } });

    // Assess
    expect(status).toBe(201);
  });

  it('fails the request when the event store cannot be written, for the client to retry', async () => {
    // Prepare
    db.failNext('PutCommand', new ProvisionedThroughputExceededException({ message: 'Rate exceeded', $metadata: {} }));

    // Act
    const placing = post({ headers: { 'Idempotency-Key': 'checkout-42' } });

    // Assess
    await expect(placing).rejects.toThrow('Rate exceeded');
  });
});
