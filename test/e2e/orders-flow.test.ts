import { createHmac, randomUUID } from 'node:crypto';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_REQUEST_HEADER, untilQuiet } from '../../local/runtime/index.ts';
import { main } from '../../cli/main.ts';
import { createEvent, OrderPlaced } from '../../shared/events/index.ts';
import { toItem } from '../../shared/event-store/index.ts';
import { ORDER_AGGREGATE, orderIdFor } from '../../shared/orders/index.ts';
import { eventually } from '../../local/test/runtime/support/eventually.ts';
import { startEventfulApp, type EventfulAppRuntime } from './support/eventful-app-runtime.ts';

/*
 * Issue 4 end to end: the real app, synthesized and run by the local runtime against DynamoDB Local,
 * kinesalite and fauxqs; requests over HTTP, as a client would make them.
 */
const SECRET = 'e2e-webhook-secret';

describe('orders flow through the local runtime', () => {
  let app: EventfulAppRuntime;
  let documents: DynamoDBDocumentClient;
  let sqs: SQSClient;
  let eventStoreTable: string;
  let productsTable: string;
  let notificationsTable: string;
  const previousSecret = process.env.PAYMENT_WEBHOOK_SECRET;

  beforeAll(async () => {
    process.env.PAYMENT_WEBHOOK_SECRET = SECRET;
    app = await startEventfulApp();
    documents = DynamoDBDocumentClient.from(new DynamoDBClient(app.client));
    sqs = new SQSClient(app.client);
    eventStoreTable = app.envOf('EVENT_STORE_TABLE');
    productsTable = app.envOf('PRODUCTS_TABLE');
    notificationsTable = app.envOf('NOTIFICATIONS_TABLE');
    for (const product of [
      // Prices as the Products table holds them: integer minor units and their currency.
      { sku: 'E2E-PLENTY', name: 'Plenty', unitPriceMinor: 1000, currency: 'EUR', stock: 1000 },
      { sku: 'E2E-SCARCE', name: 'Scarce', unitPriceMinor: 500, currency: 'EUR', stock: 1 },
      { sku: 'E2E-GRINDER', name: 'Burr grinder', unitPriceMinor: 14900, currency: 'EUR', stock: 50 },
    ]) {
      await documents.send(new PutCommand({ TableName: productsTable, Item: { ...product, updatedAt: new Date().toISOString() } }));
    }
  }, 180_000);

  afterAll(async () => {
    if (previousSecret === undefined) delete process.env.PAYMENT_WEBHOOK_SECRET;
    else process.env.PAYMENT_WEBHOOK_SECRET = previousSecret;
    documents?.destroy();
    sqs?.destroy();
    await app?.stop();
  });

  async function placeOrder(items: { sku: string; quantity: number; unitPrice?: number }[], headers: Record<string, string> = {}, customerId = 'c-e2e') {
    const response = await app.api('/orders', {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify({ customerId, items }),
    });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  }

  async function orderReaches(orderId: string, status: string, version?: number) {
    return eventually(async () => {
      const response = await app.api(`/orders/${orderId}`);
      if (response.status !== 200) return undefined;
      const view = (await response.json()) as Record<string, unknown>;
      return view.status === status && (version === undefined || view.version === version) ? view : undefined;
    }, 30_000);
  }

  async function storedEvents(aggregateId: string) {
    const { Items = [] } = await documents.send(
      new QueryCommand({
        TableName: eventStoreTable,
        KeyConditionExpression: 'aggregateId = :id',
        ExpressionAttributeValues: { ':id': aggregateId },
        ConsistentRead: true,
      }),
    );
    return Items;
  }

  function signed(body: string, { secret = SECRET, at = Math.floor(Date.now() / 1000) } = {}) {
    const signature = createHmac('sha256', secret).update(`${at}.${body}`).digest('hex');
    return { 'content-type': 'application/json', 'webhook-signature': `t=${at},v1=${signature}` };
  }

  function paymentBody(orderId: string, { id = `evt_${randomUUID()}`, type = 'payment.succeeded', amount = 20, paymentId = `pay_${randomUUID()}` } = {}) {
    return JSON.stringify({ id, type, data: { orderId, paymentId, amount, currency: 'EUR' } });
  }

  /** The attention the order's stream holds, once record-payment has raised it. */
  async function attentionOn(aggregateId: string) {
    return eventually(async () => {
      const found = (await storedEvents(aggregateId)).filter((item) => item.detailType === 'PaymentRequiresAttention');
      return found.length > 0 ? found.map((item) => JSON.parse(item.detail as string).data as Record<string, unknown>) : undefined;
    }, 30_000);
  }

  /** Bodies of the messages waiting in the payments-needing-attention queue (left there: received, not deleted). */
  async function attentionQueueHolds(orderId: string) {
    const queue = app.runtime.topology.queues.find((q) => q.path?.includes('PaymentsNeedingAttention/') && !q.path.includes('DeadLetter'));
    if (!queue) throw new Error('no payments-needing-attention queue in the topology');
    return eventually(async () => {
      const { Messages = [] } = await sqs.send(
        new ReceiveMessageCommand({ QueueUrl: queue.url, MaxNumberOfMessages: 10, VisibilityTimeout: 0, WaitTimeSeconds: 1 }),
      );
      const details = Messages.map((message) => (JSON.parse(message.Body ?? '{}') as { detail: { data: Record<string, unknown> } }).detail.data);
      const found = details.filter((data) => data.orderId === orderId);
      return found.length > 0 ? found : undefined;
    }, 30_000);
  }

  async function postWebhook(body: string, headers: Record<string, string>) {
    return app.api('/webhooks/payments', { method: 'POST', headers, body });
  }

  it('takes an order from PLACED to RESERVED to PAID, and notifies the customer', async () => {
    // Act
    const placed = await placeOrder([{ sku: 'E2E-PLENTY', quantity: 2, unitPrice: 10 }]);
    // Assess
    expect(placed).toEqual({ status: 201, body: { orderId: expect.any(String), status: 'PLACED' } });
    const orderId = placed.body.orderId as string;
    expect(await orderReaches(orderId, 'RESERVED', 2)).toMatchObject({
      customerId: 'c-e2e',
      total: 20,
      currency: 'EUR',
      items: [{ sku: 'E2E-PLENTY', quantity: 2, unitPrice: 10 }],
    });

    // Act
    const body = paymentBody(orderId);
    const accepted = await postWebhook(body, signed(body));
    // Assess
    expect(accepted.status).toBe(202);
    expect(await orderReaches(orderId, 'PAID', 3)).toMatchObject({ paymentId: expect.any(String) });
    const { Item: product } = await documents.send(new GetCommand({ TableName: productsTable, Key: { sku: 'E2E-PLENTY' }, ConsistentRead: true }));
    expect(product?.stock).toBeLessThanOrEqual(998);
    const kinds = await eventually(async () => {
      const { Items = [] } = await documents.send(
        new QueryCommand({ TableName: notificationsTable, KeyConditionExpression: 'orderId = :id', ExpressionAttributeValues: { ':id': orderId } }),
      );
      const found = Items.map((item) => item.kind as string).sort();
      return found.length >= 2 ? found : undefined;
    }, 30_000);
    expect(kinds).toEqual(['InventoryReserved', 'OrderPaid']);
  });

  it('eventful invoke runs one function of the app by its construct path, with the event of its route', async () => {
    // Prepare
    const { body: placed } = await placeOrder([{ sku: 'E2E-PLENTY', quantity: 1, unitPrice: 10 }]);
    const orderId = placed.orderId as string;
    await orderReaches(orderId, 'RESERVED', 2);
    const out: string[] = [];
    const err: string[] = [];
    // Act
    const code = await main(['invoke', 'Orders/GetOrder', '--sample', `http:GET /orders/${orderId}`, '--json', '--endpoint', app.runtime.endpointUrl], {
      out: (line) => out.push(line),
      err: (line) => err.push(line),
    });
    // Assess
    expect(err).toEqual([]);
    expect(code).toBe(0);
    const answer = JSON.parse(out.join('\n'));
    expect(answer.event).toMatchObject({ routeKey: 'GET /orders/{orderId}', pathParameters: { orderId } });
    expect(answer.response.statusCode).toBe(200);
    expect(JSON.parse(answer.response.body)).toMatchObject({ orderId, status: 'RESERVED' });
  });

  it('answers a bad signature, a stale timestamp and a malformed body with 401, 401 and 400, changing nothing', async () => {
    // Prepare
    const { body: placed } = await placeOrder([{ sku: 'E2E-PLENTY', quantity: 1, unitPrice: 10 }]);
    const orderId = placed.orderId as string;
    await orderReaches(orderId, 'RESERVED', 2);
    const forged = paymentBody(orderId, { id: 'evt_forged', amount: 10 });
    const stale = paymentBody(orderId, { id: 'evt_stale', amount: 10 });
    const malformed = JSON.stringify({ id: 'evt_malformed', type: 'payment.succeeded', data: { orderId, amount: 'ten' } });
    // Act
    const responses = [
      await postWebhook(forged, signed(forged, { secret: 'not-the-secret' })),
      await postWebhook(stale, signed(stale, { at: Math.floor(Date.now() / 1000) - 301 })),
      await postWebhook(malformed, signed(malformed)),
    ];
    // Assess
    expect(responses.map(({ status }) => status)).toEqual([401, 401, 400]);
    expect(await responses[2]!.json()).toMatchObject({ errors: expect.arrayContaining([expect.objectContaining({ path: expect.stringContaining('data.') })]) });
    for (const id of ['evt_forged', 'evt_stale', 'evt_malformed']) expect(await storedEvents(`payment-webhook#${id}`)).toEqual([]);
    // Everything the requests set off has run its course: nothing reached the order.
    await untilQuiet(app.runtime);
    expect(await storedEvents(orderId)).toHaveLength(2);
  });

  it('records a redelivered webhook once', async () => {
    // Prepare
    const { body: placed } = await placeOrder([{ sku: 'E2E-PLENTY', quantity: 1, unitPrice: 10 }]);
    const orderId = placed.orderId as string;
    await orderReaches(orderId, 'RESERVED', 2);
    const body = paymentBody(orderId, { amount: 10 });
    // Act
    const first = await postWebhook(body, signed(body));
    const again = await postWebhook(body, signed(body));
    // Assess
    expect([first.status, again.status]).toEqual([202, 202]);
    await orderReaches(orderId, 'PAID', 3);
    // Both deliveries have run their course (relayed, consumed): the second one added nothing.
    await untilQuiet(app.runtime);
    expect((await storedEvents(orderId)).map((item) => item.detailType)).toEqual(['OrderPlaced', 'InventoryReserved', 'OrderPaid']);
    expect(await storedEvents(`payment-webhook#${JSON.parse(body).id}`)).toHaveLength(1);
  });

  it('creates one order for a repeated Idempotency-Key and refuses the key for a different request', async () => {
    // Prepare
    const key = `key-${randomUUID()}`;
    const items = [{ sku: 'E2E-PLENTY', quantity: 3, unitPrice: 10 }];
    // Act
    const first = await placeOrder(items, { 'idempotency-key': key });
    const again = await placeOrder(items, { 'idempotency-key': key });
    const different = await placeOrder([{ sku: 'E2E-PLENTY', quantity: 4, unitPrice: 10 }], { 'idempotency-key': key });
    // Assess
    expect(first.status).toBe(201);
    expect(again).toEqual(first);
    expect(different.status).toBe(422);
    await orderReaches(first.body.orderId as string, 'RESERVED', 2);
    expect((await storedEvents(first.body.orderId as string)).filter((item) => item.detailType === 'OrderPlaced')).toHaveLength(1);
  });

  it('rejects an order with too little stock', async () => {
    // Act
    const { body } = await placeOrder([{ sku: 'E2E-SCARCE', quantity: 2, unitPrice: 5 }]);
    // Assess
    const view = await orderReaches(body.orderId as string, 'REJECTED', 2);
    expect(view.shortages).toEqual([expect.objectContaining({ sku: 'E2E-SCARCE', reason: 'INSUFFICIENT_STOCK' })]);
  });

  it('answers 422 naming the line of a SKU the catalog does not sell, storing nothing', async () => {
    // Act
    const answer = await placeOrder(
      [
        { sku: 'E2E-PLENTY', quantity: 1 },
        { sku: 'E2E-NO-SUCH-SKU', quantity: 1, unitPrice: 1 },
      ],
      { 'idempotency-key': 'e2e-unknown-sku' },
    );
    // Assess
    expect(answer).toEqual({
      status: 422,
      body: { message: expect.any(String), errors: [{ path: 'items[1].sku', message: 'E2E-NO-SUCH-SKU is not in the catalog' }] },
    });
    expect(await storedEvents(orderIdFor('e2e-unknown-sku', 'c-e2e'))).toEqual([]);
  });

  it('prices the order from the catalog: a client price of 0.01 for a product listed at 149 is a 409 with the current price, storing nothing', async () => {
    // Act
    const cheap = await placeOrder([{ sku: 'E2E-GRINDER', quantity: 1, unitPrice: 0.01 }], { 'idempotency-key': 'e2e-cheap-grinder' });
    const free = await placeOrder([{ sku: 'E2E-GRINDER', quantity: 1, unitPrice: 0 }], { 'idempotency-key': 'e2e-free-grinder' });
    const unpriced = await placeOrder([{ sku: 'E2E-GRINDER', quantity: 2 }]);
    // Assess
    for (const refused of [cheap, free]) {
      expect(refused.status).toBe(409);
      expect(refused.body).toMatchObject({ errors: [{ path: 'items[0].unitPrice' }], prices: [{ sku: 'E2E-GRINDER', unitPrice: 149, currency: 'EUR' }] });
    }
    expect(await storedEvents(orderIdFor('e2e-cheap-grinder', 'c-e2e'))).toEqual([]);
    expect(await storedEvents(orderIdFor('e2e-free-grinder', 'c-e2e'))).toEqual([]);
    expect(unpriced.status).toBe(201);
    expect(await orderReaches(unpriced.body.orderId as string, 'RESERVED', 2)).toMatchObject({
      total: 298,
      items: [{ sku: 'E2E-GRINDER', quantity: 2, unitPrice: 149 }],
    });
  });

  it('does not take a payment of 0.01 for an order of 149: the order stays unpaid and the payment is raised for attention', async () => {
    // Prepare
    const { body: placed } = await placeOrder([{ sku: 'E2E-GRINDER', quantity: 1 }]);
    const orderId = placed.orderId as string;
    await orderReaches(orderId, 'RESERVED', 2);
    const body = paymentBody(orderId, { amount: 0.01 });
    // Act
    const accepted = await postWebhook(body, signed(body));
    // Assess
    expect(accepted.status).toBe(202);
    expect(await attentionOn(orderId)).toEqual([expect.objectContaining({ reason: 'UNDERPAYMENT', amountMinor: 1, orderTotalMinor: 14900 })]);
    expect((await storedEvents(orderId)).map((item) => item.detailType)).toEqual(['OrderPlaced', 'InventoryReserved', 'PaymentRequiresAttention']);
  });

  it.each([
    [
      'a unit price of 1e200, which DynamoDB numbers cannot hold',
      { customerId: 'c-e2e', items: [{ sku: 'E2E-PLENTY', quantity: 1, unitPrice: 1e200 }] },
      'items[0].unitPrice',
    ],
    [
      'a unit price of 1e307, whose total is Infinity',
      { customerId: 'c-e2e', items: [{ sku: 'E2E-PLENTY', quantity: 2, unitPrice: 1e307 }] },
      'items[0].unitPrice',
    ],
    ['a customer id with U+FFFE, which SQS refuses', { customerId: 'c-\uFFFE', items: [{ sku: 'E2E-PLENTY', quantity: 1 }] }, 'customerId'],
    ['a SKU with U+FFFE', { customerId: 'c-e2e', items: [{ sku: 'E2E-\uFFFE', quantity: 1 }] }, 'items[0].sku'],
    ['a quantity above the maximum', { customerId: 'c-e2e', items: [{ sku: 'E2E-PLENTY', quantity: 10_001 }] }, 'items[0].quantity'],
  ])('answers 400 to %s, before anything is stored, so nothing accepted is lost later', async (_case, order, path) => {
    // Act
    const response = await app.api('/orders', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'idempotency-key': `e2e-bounds-${path}` },
      body: JSON.stringify(order),
    });
    // Assess
    expect(response.status).toBe(400);
    expect(((await response.json()) as { errors: { path: string }[] }).errors.map((error) => error.path)).toEqual([path]);
    expect(await storedEvents(orderIdFor(`e2e-bounds-${path}`, order.customerId))).toEqual([]);
  });

  it('raises a second payment under a new delivery id for attention, on the order and in the alarmed queue', async () => {
    // Prepare
    const { body: placed } = await placeOrder([{ sku: 'E2E-PLENTY', quantity: 1 }]);
    const orderId = placed.orderId as string;
    await orderReaches(orderId, 'RESERVED', 2);
    const first = paymentBody(orderId, { amount: 10 });
    await postWebhook(first, signed(first));
    await orderReaches(orderId, 'PAID', 3);
    const second = paymentBody(orderId, { amount: 10 });
    // Act
    const accepted = await postWebhook(second, signed(second));
    // Assess
    expect(accepted.status).toBe(202);
    expect(await attentionOn(orderId)).toEqual([expect.objectContaining({ reason: 'DUPLICATE_PAYMENT', excessMinor: 1000 })]);
    expect(await attentionQueueHolds(orderId)).toEqual([expect.objectContaining({ reason: 'DUPLICATE_PAYMENT' })]);
  });

  it('answers 409 to a delivery id redelivered with a different body, recording nothing more', async () => {
    // Prepare: the provider reported a failure, then reused the id for a success
    const { body: placed } = await placeOrder([{ sku: 'E2E-PLENTY', quantity: 1 }]);
    const orderId = placed.orderId as string;
    const id = `evt_${randomUUID()}`;
    const failed = paymentBody(orderId, { id, type: 'payment.failed', amount: 10, paymentId: 'pay_same' });
    const succeeded = paymentBody(orderId, { id, type: 'payment.succeeded', amount: 10, paymentId: 'pay_same' });
    await postWebhook(failed, signed(failed));
    // Act
    const conflicting = await postWebhook(succeeded, signed(succeeded));
    const redelivered = await postWebhook(failed, signed(failed));
    // Assess
    expect(conflicting.status).toBe(409);
    expect(redelivered.status).toBe(202);
    expect((await storedEvents(`payment-webhook#${id}`)).map((item) => item.detailType)).toEqual(['PaymentFailed']);
  });

  it('answers an invalid order with 400 naming each bad field', async () => {
    // Act
    const response = await app.api('/orders', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ customerId: '', items: [{ sku: 'E2E-PLENTY', quantity: 0, unitPrice: 1 }] }),
    });
    // Assess
    expect(response.status).toBe(400);
    const body = (await response.json()) as { errors: { path: string }[] };
    expect(body.errors.map(({ path }) => path).sort()).toEqual(['customerId', 'items[0].quantity']);
  });

  it('expires an order left unpaid past its deadline when the expiry schedule fires, releasing its stock', async () => {
    // Prepare: an order placed long ago, stored as place-order would have stored it
    const orderId = `old-${randomUUID()}`;
    const placed = createEvent(
      OrderPlaced,
      {
        orderId,
        customerId: 'c-e2e',
        items: [{ sku: 'E2E-PLENTY', quantity: 5, unitPriceMinor: 1000 }],
        totalMinor: 5000,
        currency: 'EUR',
        paymentDeadline: '2026-01-01T00:30:00.000Z',
      },
      { occurredAt: '2026-01-01T00:00:00.000Z', idempotencyKey: `order#${orderId}` },
    );
    await documents.send(new PutCommand({ TableName: eventStoreTable, Item: toItem(placed, orderId, ORDER_AGGREGATE, 1) }));
    await orderReaches(orderId, 'RESERVED', 2);
    const stockBefore = (await documents.send(new GetCommand({ TableName: productsTable, Key: { sku: 'E2E-PLENTY' }, ConsistentRead: true }))).Item
      ?.stock as number;
    // Act
    const fired = await fetch(`${app.runtime.endpointUrl}/_eventful/schedules/${encodeURIComponent(app.scheduleNamed('Expire'))}/fire`, {
      method: 'POST',
      headers: { [ADMIN_REQUEST_HEADER]: '1' },
    });
    // Assess
    expect(fired.status).toBe(200);
    expect(await orderReaches(orderId, 'EXPIRED', 3)).toMatchObject({ expiredAt: expect.any(String) });
    const stockAfter = (await documents.send(new GetCommand({ TableName: productsTable, Key: { sku: 'E2E-PLENTY' }, ConsistentRead: true }))).Item
      ?.stock as number;
    expect(stockAfter - stockBefore).toBe(5);

    // Act: the customer pays after all
    const late = paymentBody(orderId, { amount: 50 });
    expect((await postWebhook(late, signed(late))).status).toBe(202);
    // Assess
    expect(await attentionOn(orderId)).toEqual([expect.objectContaining({ reason: 'ORDER_EXPIRED', amountMinor: 5000 })]);
  });

  it('raises a payment naming an order that does not exist for attention in a stream of its own', async () => {
    // Prepare
    const orderId = `missing-${randomUUID()}`;
    const body = paymentBody(orderId, { amount: 10 });
    // Act
    const accepted = await postWebhook(body, signed(body));
    // Assess
    expect(accepted.status).toBe(202);
    expect(await attentionQueueHolds(orderId)).toEqual([expect.objectContaining({ reason: 'UNKNOWN_ORDER', amountMinor: 1000 })]);
  });
});
