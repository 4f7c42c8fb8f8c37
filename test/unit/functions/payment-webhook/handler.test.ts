import fc from 'fast-check';
import { MAX_AMOUNT_MINOR } from '../../../../shared/money/index.ts';
import { clearCaches } from '@aws-lambda-powertools/parameters';
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { createHmac } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { signWebhookPayload } from '../../../../functions/payment-webhook/webhook-signature.ts';
import { httpApiEvent, lambdaContext, type HttpApiRequest } from '../../../kit/index.ts';
import { orderTables, streamOf, TABLES } from '../../support/order-tables.ts';

const SECRET_ARN = 'arn:aws:secretsmanager:us-east-1:123456789012:secret:payment-webhook-AbCdEf';

vi.hoisted(() => {
  // Read once, when the handler module loads.
  process.env.EVENT_STORE_TABLE = 'EventStore';
  process.env.PAYMENT_WEBHOOK_SECRET_ARN = 'arn:aws:secretsmanager:us-east-1:123456789012:secret:payment-webhook-AbCdEf';
});

const { handler } = await import('../../../../functions/payment-webhook/handler.ts');

const SECRET = 'whsec-test-key';
const db = orderTables();
const secrets = mockClient(SecretsManagerClient);
const eventBridge = mockClient(EventBridgeClient);

beforeEach(() => {
  // Powertools keeps fetched secrets for maxAge in the execution environment: each test starts cold.
  clearCaches();
  secrets.on(GetSecretValueCommand).resolves({ SecretString: SECRET });
});
afterEach(() => {
  db.reset();
  secrets.reset();
  eventBridge.reset();
});

const delivery = {
  id: 'evt_1',
  type: 'payment.succeeded',
  data: { orderId: 'o-1', paymentId: 'pay_1', amount: 24.5, currency: 'EUR' },
};

const nowSeconds = () => Math.floor(Date.now() / 1000);

interface Answer {
  status: number;
  body: Record<string, unknown>;
}

/** Posts `body` (a string as is, else its JSON) signed with `secret` unless `signature` says otherwise. */
async function post(
  body: unknown = delivery,
  options: { signature?: string | null; secret?: string; request?: Partial<HttpApiRequest> } = {},
): Promise<Answer> {
  const raw = typeof body === 'string' ? body : JSON.stringify(body);
  const signature = options.signature === undefined ? signWebhookPayload(raw, options.secret ?? SECRET) : options.signature;
  const event = httpApiEvent({
    routeKey: 'POST /webhooks/payments',
    body: raw,
    ...options.request,
    headers: { 'content-type': 'application/json', ...(signature === null ? {} : { 'Webhook-Signature': signature }), ...options.request?.headers },
  });
  const response = (await handler(event, lambdaContext({ functionName: 'payment-webhook' }))) as APIGatewayProxyStructuredResultV2;
  return { status: response.statusCode ?? 0, body: JSON.parse(response.body ?? 'null') as Record<string, unknown> };
}

describe('payment-webhook', () => {
  it('answers 202 and records a succeeded payment as PaymentReceived, version 1 of the delivery', async () => {
    // Act
    const { status, body } = await post(delivery, { request: { headers: { 'x-correlation-id': 'corr-psp-1' } } });

    // Assess
    expect(status).toBe(202);
    expect(body).toEqual({ received: true });
    const [recorded, ...more] = streamOf(db, 'payment-webhook#evt_1');
    expect(more).toEqual([]);
    expect(recorded).toMatchObject({ aggregateType: 'payment-webhook-delivery', version: 1, detailType: 'PaymentReceived', source: 'eventful.payments' });
    expect(recorded?.detail.data).toEqual({ orderId: 'o-1', paymentId: 'pay_1', amountMinor: 2450, currency: 'EUR', providerEventId: 'evt_1' });
    expect(recorded?.detail.metadata).toMatchObject({ correlationId: 'corr-psp-1', causationId: null, idempotencyKey: 'payment-webhook#evt_1' });
  });

  it('records a failed payment as PaymentFailed', async () => {
    // Act
    const { status } = await post({ ...delivery, id: 'evt_2', type: 'payment.failed' });

    // Assess
    expect(status).toBe(202);
    expect(streamOf(db, 'payment-webhook#evt_2').map((event) => event.detailType)).toEqual(['PaymentFailed']);
  });

  it("translates the provider's lower-case currency into ISO 4217 upper case", async () => {
    // Act
    await post({ ...delivery, data: { ...delivery.data, currency: 'eur' } });

    // Assess
    expect(streamOf(db, 'payment-webhook#evt_1')[0]?.detail.data).toMatchObject({ currency: 'EUR' });
  });

  it('answers 202 to a redelivery, marked duplicate, recording nothing twice', async () => {
    // Prepare
    await post();

    // Act
    const { status, body } = await post();

    // Assess
    expect(status).toBe(202);
    expect(body).toEqual({ received: true, duplicate: true });
    expect(db.items(TABLES.eventStore)).toHaveLength(1);
  });

  it('answers 409 to a delivery id already recorded with a different body, recording nothing more', async () => {
    // Prepare: the provider reported a failure, then reuses the id for a success
    await post({ ...delivery, type: 'payment.failed' });

    // Act
    const { status, body } = await post(delivery);

    // Assess
    expect(status).toBe(409);
    expect(body).toEqual({ message: expect.stringContaining('evt_1 was recorded before with a different body') });
    expect(streamOf(db, 'payment-webhook#evt_1').map((event) => event.detailType)).toEqual(['PaymentFailed']);
  });

  it('converts the decimal amount exactly into minor units of its currency', async () => {
    // Act
    await post({ ...delivery, id: 'evt_yen', data: { ...delivery.data, amount: 1234, currency: 'jpy' } });
    await post({ ...delivery, id: 'evt_cents', data: { ...delivery.data, amount: 0.29 } });

    // Assess
    expect(streamOf(db, 'payment-webhook#evt_yen')[0]?.detail.data).toMatchObject({ amountMinor: 1234, currency: 'JPY' });
    expect(streamOf(db, 'payment-webhook#evt_cents')[0]?.detail.data).toMatchObject({ amountMinor: 29, currency: 'EUR' });
  });

  it('never publishes: the outbox relay publishes what was stored', async () => {
    // Act
    await post();

    // Assess
    expect(eventBridge.calls()).toHaveLength(0);
  });

  it('verifies a base64-encoded body on its decoded bytes', async () => {
    // Prepare
    const raw = JSON.stringify({ ...delivery, data: { ...delivery.data, description: 'caf\u00e9' } });
    const bytes = new TextEncoder().encode(raw);

    // Act
    const { status } = await post(undefined, { signature: signWebhookPayload(bytes, SECRET), request: { body: bytes } });

    // Assess
    expect(status).toBe(202);
    expect(streamOf(db, 'payment-webhook#evt_1')[0]?.detail.data).toMatchObject({ providerEventId: 'evt_1' });
  });

  it('reads the key from the secret the environment names, once for several requests', async () => {
    // Act
    await post();
    await post({ ...delivery, id: 'evt_2' });

    // Assess
    const calls = secrets.commandCalls(GetSecretValueCommand);
    expect(calls).toHaveLength(1);
    expect(calls[0]?.args[0].input.SecretId).toBe(SECRET_ARN);
  });

  it('reads a binary secret as its UTF-8 text', async () => {
    // Prepare
    secrets.on(GetSecretValueCommand).resolves({ SecretBinary: new TextEncoder().encode(SECRET) });

    // Act
    const { status } = await post();

    // Assess
    expect(status).toBe(202);
  });

  it.each([
    ['no signature', null, /header is missing$/],
    ['a malformed signature', 'v1=abc', /header is malformed: no timestamp/],
    ['a non-numeric timestamp', `t=soon,v1=${'a'.repeat(64)}`, /header is malformed: the timestamp t is not a Unix time in seconds/],
    ['a timestamp 301 s old', signWebhookPayload(JSON.stringify(delivery), SECRET, nowSeconds() - 301), /outside the 300 s tolerance: \d+ s in the past/],
    ['a timestamp 10 min ahead', signWebhookPayload(JSON.stringify(delivery), SECRET, nowSeconds() + 600), /outside the 300 s tolerance: \d+ s in the future/],
    ['a signature made with another key', signWebhookPayload(JSON.stringify(delivery), 'not-the-key'), /No v1 signature .* matches the payload/],
    ['the signature of another body', signWebhookPayload(JSON.stringify({ ...delivery, id: 'evt_9' }), SECRET), /No v1 signature .* matches the payload/],
  ])('answers 401 to %s, recording nothing', async (_, signature, message) => {
    // Act
    const { status, body } = await post(delivery, { signature });

    // Assess
    expect(status).toBe(401);
    expect(body).toEqual({ message: expect.stringMatching(message) });
    expect(db.items(TABLES.eventStore)).toEqual([]);
  });

  it('does not tell the expected signature in a 401', async () => {
    // Prepare
    const raw = JSON.stringify(delivery);
    const t = nowSeconds();
    const expected = createHmac('sha256', SECRET).update(`${t}.${raw}`).digest('hex');

    // Act
    const { body } = await post(raw, { signature: `t=${t},v1=${'0'.repeat(64)}` });

    // Assess
    expect(JSON.stringify(body)).not.toContain(expected);
    expect(JSON.stringify(body)).not.toContain(SECRET);
  });

  it('checks the signature before the body: an unsigned malformed body is a 401', async () => {
    // Act
    const { status } = await post('{not json', { signature: null });

    // Assess
    expect(status).toBe(401);
  });

  it.each([
    ['a body that is not JSON', '{"id": "evt_1",', [''], /^The webhook payload is not valid JSON/],
    ['an empty body', '', [''], /^The webhook payload is empty/],
    ['no id', { ...delivery, id: undefined }, ['id'], /^The webhook payload is invalid$/],
    ['an unknown type', { ...delivery, type: 'payment.refunded' }, ['type'], /invalid$/],
    ['no order id', { ...delivery, data: { ...delivery.data, orderId: undefined } }, ['data.orderId'], /invalid$/],
    ['a negative amount', { ...delivery, data: { ...delivery.data, amount: -1 } }, ['data.amount'], /invalid$/],
    ['an amount in a string', { ...delivery, data: { ...delivery.data, amount: '24.50' } }, ['data.amount'], /invalid$/],
    ['a currency that is not ISO 4217', { ...delivery, data: { ...delivery.data, currency: 'EURO' } }, ['data.currency'], /invalid$/],
    ['a currency we do not support', { ...delivery, data: { ...delivery.data, currency: 'XAU' } }, ['data.currency'], /invalid$/],
    ['an amount with more decimals than EUR has', { ...delivery, data: { ...delivery.data, amount: 24.555 } }, ['data.amount'], /invalid$/],
    ['a fractional amount of yen', { ...delivery, data: { ...delivery.data, amount: 100.5, currency: 'JPY' } }, ['data.amount'], /invalid$/],
    ['an amount of 1e307', { ...delivery, data: { ...delivery.data, amount: 1e307 } }, ['data.amount'], /invalid$/],
    ['an order id with U+FFFE, which SQS refuses', { ...delivery, data: { ...delivery.data, orderId: 'o-\uFFFE' } }, ['data.orderId'], /invalid$/],
    ['a delivery id with a space', { ...delivery, id: 'evt 1' }, ['id'], /invalid$/],
    ['no data', { id: 'evt_1', type: 'payment.succeeded' }, ['data'], /invalid$/],
  ])('answers 400 to a signed payload with %s, naming the field and recording nothing', async (_, body, paths, message) => {
    // Act
    const answer = await post(body);

    // Assess
    expect(answer.status).toBe(400);
    expect(answer.body.message).toMatch(message);
    expect((answer.body.errors as { path: string }[]).map((error) => error.path)).toEqual(paths);
    expect(db.items(TABLES.eventStore)).toEqual([]);
  });

  it('fails the request when the delivery cannot be stored, for the provider to redeliver', async () => {
    // Prepare
    db.failNext('PutCommand', new Error('Service unavailable'));

    // Act
    const posting = post();

    // Assess
    await expect(posting).rejects.toThrow('Service unavailable');
  });

  it('fails the request when the secret has no value', async () => {
    // Prepare
    secrets.on(GetSecretValueCommand).resolves({});

    // Act
    const posting = post();

    // Assess
    await expect(posting).rejects.toThrow(`The payment webhook secret ${SECRET_ARN} cannot be used: it has no value`);
    expect(db.items(TABLES.eventStore)).toEqual([]);
  });
});

describe('payment-webhook on any signed body (property-based)', () => {
  const anyData = fc.record(
    {
      orderId: fc.oneof(fc.constant('o-1'), fc.string()),
      paymentId: fc.oneof(fc.constant('pay_1'), fc.string()),
      amount: fc.oneof(fc.double({ noNaN: true }), fc.integer(), fc.constantFrom(0.1, 24.5, 1e200, 1e307), fc.jsonValue()),
      currency: fc.oneof(fc.constantFrom('EUR', 'eur', 'JPY', 'KWD', 'XAU'), fc.string()),
    },
    { requiredKeys: [] },
  );
  const anyDelivery = fc.record(
    { id: fc.oneof(fc.constantFrom('evt_1', 'evt_2'), fc.string()), type: fc.constantFrom('payment.succeeded', 'payment.failed', 'other'), data: anyData },
    { requiredKeys: [] },
  );

  it('answers every signed body with 202, 400 or 409, never a 5xx, and stores an event only with a 202', async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(anyDelivery, fc.jsonValue()), async (body) => {
        db.reset();
        const { status } = await post(JSON.stringify(body));
        expect([202, 400, 409]).toContain(status);
        expect(db.items(TABLES.eventStore)).toHaveLength(status === 202 ? 1 : 0);
      }),
      { numRuns: 300 },
    );
  });

  it('stores any accepted amount of cents exactly, as it round-trips to the same decimal', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: MAX_AMOUNT_MINOR }), async (cents) => {
        db.reset();
        const amount = cents / 100;
        const { status } = await post({ ...delivery, data: { ...delivery.data, amount } });
        expect(status).toBe(202);
        const stored = streamOf(db, 'payment-webhook#evt_1')[0]?.detail.data as { amountMinor: number };
        expect(stored.amountMinor).toBe(cents);
        expect(JSON.parse(JSON.stringify(stored.amountMinor / 100))).toBe(amount);
      }),
      { numRuns: 200 },
    );
  });
});
