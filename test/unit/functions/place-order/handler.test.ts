import { ProvisionedThroughputExceededException } from '@aws-sdk/client-dynamodb';
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import fc from 'fast-check';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { commandHashOf, orderIdFor, placeOrderCommandSchema } from '../../../../shared/orders/index.ts';
import { httpApiEvent, lambdaContext, type HttpApiRequest } from '../../../kit/index.ts';
import { givenProduct, orderTables, streamOf, TABLES } from '../../support/order-tables.ts';

vi.hoisted(() => {
  // Read once, when the handler module loads.
  process.env.EVENT_STORE_TABLE = 'EventStore';
  process.env.PRODUCTS_TABLE = 'Products';
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
/** The catalog of these tests, priced in the configured GBP: SKU-MUG 10.00, SKU-TEA 0.10. */
function givenCatalog(): void {
  givenProduct(db, { sku: 'SKU-MUG', unitPriceMinor: 1000, currency: 'GBP' });
  givenProduct(db, { sku: 'SKU-TEA', unitPriceMinor: 10, currency: 'GBP' });
}

beforeEach(() => {
  givenCatalog();
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

  it('stores OrderPlaced as version 1 of the order, priced from the catalog in minor units, totalled exactly, in the configured currency, due after the payment window', async () => {
    // Act
    const { body } = await post({ headers: { 'x-correlation-id': 'corr-checkout-7' } });

    // Assess
    const orderId = String(body.orderId);
    const [placed, ...more] = streamOf(db, orderId);
    expect(more).toEqual([]);
    expect(placed).toMatchObject({
      aggregateType: 'order',
      version: 1,
      detailType: 'OrderPlaced',
      source: 'eventful.orders',
      commandHash: commandHashOf(placeOrderCommandSchema('GBP').parse(command)),
    });
    expect(placed?.detail.data).toEqual({
      orderId,
      customerId: 'customer-1',
      items: [
        { sku: 'SKU-MUG', quantity: 2, unitPriceMinor: 1000 },
        { sku: 'SKU-TEA', quantity: 3, unitPriceMinor: 10 },
      ],
      totalMinor: 2030,
      currency: 'GBP',
      paymentDeadline: '2026-03-01T10:45:00.000Z',
    });
    expect(placed?.detail.metadata).toMatchObject({
      correlationId: 'corr-checkout-7',
      causationId: null,
      idempotencyKey: `order#${orderId}`,
      occurredAt: NOW.toISOString(),
    });
  });

  it('prices lines sent without a unit price from the catalog', async () => {
    // Act
    const { status, body } = await post({ body: { customerId: 'customer-1', items: [{ sku: 'SKU-MUG', quantity: 1 }] } });

    // Assess
    expect(status).toBe(201);
    expect(streamOf(db, String(body.orderId))[0]?.detail.data).toMatchObject({
      items: [{ sku: 'SKU-MUG', quantity: 1, unitPriceMinor: 1000 }],
      totalMinor: 1000,
    });
  });

  it('answers 409 with the current prices when a price the client saw is not the catalog price, storing nothing', async () => {
    // Act: the product costs 10.00, the client claims 0.01
    const { status, body } = await post({
      body: {
        customerId: 'customer-1',
        items: [
          { sku: 'SKU-TEA', quantity: 1, unitPrice: 0.1 },
          { sku: 'SKU-MUG', quantity: 1, unitPrice: 0.01 },
        ],
      },
    });

    // Assess
    expect(status).toBe(409);
    expect(body).toEqual({
      message: expect.stringContaining('Prices changed'),
      errors: [{ path: 'items[1].unitPrice', message: 'SKU-MUG costs 10 GBP, not 0.01' }],
      prices: [
        { sku: 'SKU-TEA', unitPrice: 0.1, currency: 'GBP' },
        { sku: 'SKU-MUG', unitPrice: 10, currency: 'GBP' },
      ],
    });
    expect(db.items(TABLES.eventStore)).toEqual([]);
  });

  it.each([
    ['not in the catalog', 'SKU-NONE', () => undefined, 'SKU-NONE is not in the catalog'],
    [
      'priced in another currency',
      'SKU-EURO',
      () => givenProduct(db, { sku: 'SKU-EURO', unitPriceMinor: 500, currency: 'EUR' }),
      'SKU-EURO is priced in EUR, orders are in GBP',
    ],
    [
      'without a valid price',
      'SKU-BROKEN',
      () => db.put(TABLES.products, { sku: 'SKU-BROKEN', name: 'Broken', unitPrice: 24.9, stock: 1 }),
      'SKU-BROKEN is not in the catalog',
    ],
  ])('answers 422 naming the line of a SKU %s, storing nothing', async (_, sku, given, message) => {
    // Prepare
    given();

    // Act
    const { status, body } = await post({
      body: {
        customerId: 'customer-1',
        items: [
          { sku: 'SKU-MUG', quantity: 1 },
          { sku, quantity: 1 },
        ],
      },
    });

    // Assess
    expect(status).toBe(422);
    expect(body).toEqual({ message: expect.any(String), errors: [{ path: 'items[1].sku', message }] });
    expect(db.items(TABLES.eventStore)).toEqual([]);
  });

  it('answers a retry with the same key as a replay even after the catalog price changed', async () => {
    // Prepare
    const first = await post({ headers: { 'Idempotency-Key': 'checkout-77' } });
    givenProduct(db, { sku: 'SKU-MUG', unitPriceMinor: 1200, currency: 'GBP' });

    // Act
    const retry = await post({ headers: { 'Idempotency-Key': 'checkout-77' } });

    // Assess
    expect(retry).toMatchObject({ status: 201, body: first.body, headers: { 'idempotent-replayed': 'true' } });
    expect(db.items(TABLES.eventStore)).toHaveLength(1);
  });

  it('never publishes: the outbox relay publishes what was stored', async () => {
    // Act
    await post();

    // Assess
    expect(eventBridge.calls()).toHaveLength(0);
  });

  it('correlates the order with the request id when the caller sends no correlation id, and echoes it', async () => {
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
    [
      'a price of 1e200 (DynamoDB numbers stop near 1E+126)',
      { ...command, items: [{ sku: 'SKU-MUG', quantity: 1, unitPrice: 1e200 }] },
      ['items[0].unitPrice'],
    ],
    ['a price of 1e307 (a total of Infinity)', { ...command, items: [{ sku: 'SKU-MUG', quantity: 2, unitPrice: 1e307 }] }, ['items[0].unitPrice']],
    ['a price with more decimals than GBP has', { ...command, items: [{ sku: 'SKU-MUG', quantity: 1, unitPrice: 9.999 }] }, ['items[0].unitPrice']],
    ['a quantity above the maximum', { ...command, items: [{ sku: 'SKU-MUG', quantity: 1e9 }] }, ['items[0].quantity']],
    ['a customer with U+FFFE, which SQS refuses', { ...command, customerId: 'c-\uFFFE' }, ['customerId']],
    ['a SKU with U+FFFE', { ...command, items: [{ sku: 'SKU-\uFFFE', quantity: 1 }] }, ['items[0].sku']],
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
    expect(answer.body).toEqual({
      message: 'The Idempotency-Key header is invalid',
      errors: [{ path: 'Idempotency-Key', message: expect.stringMatching(message) }],
    });
    expect(db.items(TABLES.eventStore)).toEqual([]);
  });

  it('accepts an Idempotency-Key of 255 printable characters', async () => {
    // Act
    const { status } = await post({ headers: { 'Idempotency-Key': `${'~ '.repeat(127)}!` } });

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

describe('place-order on any input (property-based)', () => {
  const anyJson = fc.jsonValue();
  const anyLine = fc.record(
    {
      sku: fc.oneof(fc.constantFrom('SKU-MUG', 'SKU-TEA', 'SKU-NONE'), fc.string(), fc.integer()),
      quantity: fc.oneof(fc.integer({ min: -5, max: 20_000 }), fc.double(), fc.constant(1)),
      unitPrice: fc.oneof(fc.double({ noNaN: true }), fc.constantFrom(10, 0.1, 0.01, 1e200, 1e307, -0), fc.integer(), anyJson),
    },
    { requiredKeys: [] },
  );
  const anyOrder = fc.record(
    {
      customerId: fc.oneof(fc.constant('customer-1'), fc.string({ unit: 'grapheme' }), fc.string({ unit: 'binary' })),
      items: fc.oneof(fc.array(anyLine, { maxLength: 4 }), anyJson),
    },
    { requiredKeys: [] },
  );

  it('answers every body with 201, 400, 409 or 422, never a 5xx, and stores an event only with a 201', async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(anyOrder, anyJson), async (body) => {
        db.reset();
        givenCatalog();
        const answer = await post({ body: JSON.stringify(body) });
        expect([201, 400, 409, 422]).toContain(answer.status);
        expect(db.items(TABLES.eventStore)).toHaveLength(answer.status === 201 ? 1 : 0);
      }),
      { numRuns: 300 },
    );
  });

  it('stores exactly the catalog price and total for any accepted quantities', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 10_000 }), fc.integer({ min: 1, max: 10_000 }), async (mugs, teas) => {
        db.reset();
        givenCatalog();
        const { status, body } = await post({
          body: {
            customerId: 'customer-1',
            items: [
              { sku: 'SKU-MUG', quantity: mugs, unitPrice: 10 },
              { sku: 'SKU-TEA', quantity: teas, unitPrice: 0.1 },
            ],
          },
        });
        expect(status).toBe(201);
        expect(streamOf(db, String(body.orderId))[0]?.detail.data).toMatchObject({ totalMinor: mugs * 1000 + teas * 10 });
      }),
      { numRuns: 50 },
    );
  });
});
