import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  signWebhookPayload,
  verifyWebhookSignature,
  WEBHOOK_TOLERANCE_SECONDS,
  WebhookSignatureError,
  type SignatureProblem,
} from '../../../../functions/payment-webhook/webhook-signature.ts';

const SECRET = 'whsec-test-key';
const T = 1_772_359_200; // 2026-03-01T10:00:00Z
const NOW = new Date(T * 1000);
const BODY = '{"id":"evt_1","type":"payment.succeeded","data":{"orderId":"o-1","paymentId":"pay_1","amount":24.5,"currency":"EUR"}}';

/** The provider's side, written out independently of the code under test. */
const hmac = (body: string | Buffer, t: number | string = T, secret = SECRET) => createHmac('sha256', secret).update(`${t}.`).update(body).digest('hex');

function problemOf(verify: () => unknown): { problem: SignatureProblem; message: string } | undefined {
  try {
    verify();
    return undefined;
  } catch (error) {
    if (!(error instanceof WebhookSignatureError)) throw error;
    return { problem: error.problem, message: error.message };
  }
}

describe('verifyWebhookSignature', () => {
  it('accepts the HMAC-SHA256 of "<t>.<raw body>" and returns the signed time', () => {
    // Act
    const timestamp = verifyWebhookSignature(`t=${T},v1=${hmac(BODY)}`, BODY, SECRET, { now: NOW });

    // Assess
    expect(timestamp).toBe(T);
  });

  it('verifies the exact bytes received', () => {
    // Prepare
    const bytes = Buffer.from('{"note":"caf\u00e9 \u2615"}', 'utf8');

    // Act
    const timestamp = verifyWebhookSignature(`t=${T},v1=${hmac(bytes)}`, bytes, SECRET, { now: NOW });

    // Assess
    expect(timestamp).toBe(T);
  });

  it('accepts the signature in upper-case hex', () => {
    // Act
    const timestamp = verifyWebhookSignature(`t=${T},v1=${hmac(BODY).toUpperCase()}`, BODY, SECRET, { now: NOW });

    // Assess
    expect(timestamp).toBe(T);
  });

  it.each([
    ['the first', (good: string) => `t=${T},v1=${good},v1=${hmac(BODY, T, 'old-key')}`],
    ['the second', (good: string) => `t=${T},v1=${hmac(BODY, T, 'old-key')},v1=${good}`],
  ])('accepts a header with several v1 signatures when %s matches (key rotation)', (_, headerOf) => {
    // Act
    const timestamp = verifyWebhookSignature(headerOf(hmac(BODY)), BODY, SECRET, { now: NOW });

    // Assess
    expect(timestamp).toBe(T);
  });

  it.each([
    ['spaces around elements', ` t=${T} , v1=${hmac(BODY)} `],
    ['elements in another order', `v1=${hmac(BODY)},t=${T}`],
    ['signatures of other schemes', `t=${T},v0=abc,v1=${hmac(BODY)}`],
    ['a v1 of the wrong length beside a good one', `t=${T},v1=abc123,v1=${hmac(BODY)}`],
  ])('accepts a header with %s', (_, header) => {
    // Act
    const timestamp = verifyWebhookSignature(header, BODY, SECRET, { now: NOW });

    // Assess
    expect(timestamp).toBe(T);
  });

  it.each([
    ['exactly the tolerance ago', -WEBHOOK_TOLERANCE_SECONDS],
    ['exactly the tolerance ahead', WEBHOOK_TOLERANCE_SECONDS],
  ])('accepts a timestamp %s', (_, offset) => {
    // Prepare
    const t = T + offset;

    // Act
    const timestamp = verifyWebhookSignature(`t=${t},v1=${hmac(BODY, t)}`, BODY, SECRET, { now: NOW });

    // Assess
    expect(timestamp).toBe(t);
  });

  it.each([
    ['one second too old', -WEBHOOK_TOLERANCE_SECONDS - 1, '301 s in the past'],
    ['one second too far ahead', WEBHOOK_TOLERANCE_SECONDS + 1, '301 s in the future'],
    ['a day old', -86_400, '86400 s in the past'],
  ])('refuses a correctly signed timestamp %s as stale', (_, offset, when) => {
    // Prepare
    const t = T + offset;

    // Act
    const outcome = problemOf(() => verifyWebhookSignature(`t=${t},v1=${hmac(BODY, t)}`, BODY, SECRET, { now: NOW }));

    // Assess
    expect(outcome).toEqual({ problem: 'stale', message: `The Webhook-Signature timestamp is outside the 300 s tolerance: ${when}` });
  });

  it('refuses a timestamp half a second past the tolerance', () => {
    // Act
    const outcome = problemOf(() => verifyWebhookSignature(`t=${T},v1=${hmac(BODY)}`, BODY, SECRET, { now: new Date((T + 300) * 1000 + 500) }));

    // Assess
    expect(outcome?.problem).toBe('stale');
  });

  it('honours another tolerance', () => {
    // Act
    const outcome = problemOf(() => verifyWebhookSignature(`t=${T - 11},v1=${hmac(BODY, T - 11)}`, BODY, SECRET, { now: NOW, toleranceSeconds: 10 }));

    // Assess
    expect(outcome?.message).toMatch(/outside the 10 s tolerance: 11 s in the past/);
  });

  it.each([
    ['undefined', undefined],
    ['empty', ''],
    ['blank', '  '],
  ])('refuses a missing header (%s)', (_, header) => {
    // Act
    const outcome = problemOf(() => verifyWebhookSignature(header, BODY, SECRET, { now: NOW }));

    // Assess
    expect(outcome).toEqual({ problem: 'missing', message: 'The Webhook-Signature header is missing' });
  });

  it.each([
    ['no timestamp', `v1=${hmac(BODY)}`, 'no timestamp (t=<unix seconds>)'],
    ['an empty timestamp', `t=,v1=${hmac(BODY)}`, 'the timestamp t is not a Unix time in seconds'],
    ['a non-numeric timestamp', `t=yesterday,v1=${hmac(BODY, 'yesterday')}`, 'the timestamp t is not a Unix time in seconds'],
    ['a timestamp in milliseconds with a fraction', `t=${T}.5,v1=${hmac(BODY)}`, 'the timestamp t is not a Unix time in seconds'],
    ['a negative timestamp', `t=-${T},v1=${hmac(BODY)}`, 'the timestamp t is not a Unix time in seconds'],
    ['an ISO timestamp', `t=2026-03-01T10:00:00Z,v1=${hmac(BODY)}`, 'the timestamp t is not a Unix time in seconds'],
    ['two timestamps', `t=${T},t=${T},v1=${hmac(BODY)}`, 'more than one timestamp (t=)'],
    ['no signature', `t=${T}`, 'no v1 signature'],
    ['only signatures of other schemes', `t=${T},v0=${hmac(BODY)}`, 'no v1 signature'],
    ['a v1 of the wrong length', `t=${T},v1=${hmac(BODY).slice(0, 62)}`, 'no v1 signature is 64 hexadecimal digits (HMAC-SHA256)'],
    ['a v1 one digit too long', `t=${T},v1=${hmac(BODY)}0`, 'no v1 signature is 64 hexadecimal digits (HMAC-SHA256)'],
    ['a v1 that is not hex', `t=${T},v1=${'z'.repeat(64)}`, 'no v1 signature is 64 hexadecimal digits (HMAC-SHA256)'],
    ['a v1 in base64', `t=${T},v1=${Buffer.from(hmac(BODY), 'hex').toString('base64')}`, 'no v1 signature is 64 hexadecimal digits (HMAC-SHA256)'],
    ['an element without =', `t=${T},${hmac(BODY)}`, 'expected comma-separated key=value elements (t=<unix seconds>,v1=<hex>)'],
    ['an element without a key', `t=${T},=${hmac(BODY)}`, 'expected comma-separated key=value elements (t=<unix seconds>,v1=<hex>)'],
  ])('refuses a header with %s as malformed', (_, header, why) => {
    // Act
    const outcome = problemOf(() => verifyWebhookSignature(header, BODY, SECRET, { now: NOW }));

    // Assess
    expect(outcome).toEqual({ problem: 'malformed', message: `The Webhook-Signature header is malformed: ${why}` });
  });

  it.each([
    ['another key', `t=${T},v1=${hmac(BODY, T, 'not-the-key')}`, BODY],
    ['another body', `t=${T},v1=${hmac(BODY)}`, BODY.replace('24.5', '2.45')],
    ['a body with a trailing newline', `t=${T},v1=${hmac(BODY)}`, `${BODY}\n`],
    ['another timestamp', `t=${T + 1},v1=${hmac(BODY)}`, BODY],
    ['the signature of the body alone', `t=${T},v1=${createHmac('sha256', SECRET).update(BODY).digest('hex')}`, BODY],
    ['several signatures, none matching', `t=${T},v1=${hmac(BODY, T, 'a')},v1=${hmac(BODY, T, 'b')}`, BODY],
  ])('refuses a signature made with %s as a mismatch, without telling the right one', (_, header, body) => {
    // Act
    const outcome = problemOf(() => verifyWebhookSignature(header, body, SECRET, { now: NOW }));

    // Assess
    expect(outcome).toEqual({ problem: 'mismatch', message: 'No v1 signature of the Webhook-Signature header matches the payload' });
    expect(outcome?.message).not.toContain(hmac(body));
  });

  it('checks the timestamp before the signature, so a stale replay costs no HMAC', () => {
    // Act
    const outcome = problemOf(() => verifyWebhookSignature(`t=${T - 3600},v1=${'0'.repeat(64)}`, BODY, SECRET, { now: NOW }));

    // Assess
    expect(outcome?.problem).toBe('stale');
  });

  it('refuses to verify with an empty secret', () => {
    // Act
    const verify = () => verifyWebhookSignature(`t=${T},v1=${createHmac('sha256', '').update(`${T}.${BODY}`).digest('hex')}`, BODY, '', { now: NOW });

    // Assess
    expect(verify).toThrow('The webhook secret is empty: cannot sign or verify');
  });
});

describe('signWebhookPayload', () => {
  it('signs as the provider does, verifiably', () => {
    // Act
    const header = signWebhookPayload(BODY, SECRET, T);

    // Assess
    expect(header).toBe(`t=${T},v1=${hmac(BODY)}`);
    expect(verifyWebhookSignature(header, BODY, SECRET, { now: NOW })).toBe(T);
  });

  it('signs at the current time by default', () => {
    // Act
    const header = signWebhookPayload(BODY, SECRET);

    // Assess
    const signedAt = verifyWebhookSignature(header, BODY, SECRET);
    expect(Math.abs(signedAt - Date.now() / 1000)).toBeLessThan(5);
  });
});
