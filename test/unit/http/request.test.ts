import { describe, expect, it } from 'vitest';
import { header, rawBody, rawBodyBytes } from '../../../shared/http/index.ts';
import { httpApiEvent } from '../../kit/index.ts';

describe('rawBody', () => {
  it.each([
    ['a text body as is', httpApiEvent({ body: '{"a":1}' }), '{"a":1}'],
    ['a base64-encoded body decoded', { ...httpApiEvent(), body: Buffer.from('{"é":1}').toString('base64'), isBase64Encoded: true }, '{"é":1}'],
    ['no body as an empty string', httpApiEvent(), ''],
  ])('returns %s', (_case, event, expected) => {
    // Act
    const text = rawBody(event);
    // Assess
    expect(text).toBe(expected);
  });

  it('gives the exact bytes of a binary body', () => {
    // Prepare
    const bytes = Uint8Array.from([0xff, 0x00, 0x7b]);
    // Act
    const received = rawBodyBytes(httpApiEvent({ body: bytes }));
    // Assess
    expect([...received]).toEqual([0xff, 0x00, 0x7b]);
  });
});

describe('header', () => {
  it.each(['Idempotency-Key', 'idempotency-key', 'IDEMPOTENCY-KEY'])('finds a header asked for as %s', (name) => {
    // Prepare
    const event = httpApiEvent({ headers: { 'Idempotency-Key': 'k-1' } });
    // Act
    const value = header(event, name);
    // Assess
    expect(value).toBe('k-1');
  });

  it('finds a header a local runtime left in mixed case', () => {
    // Act
    const value = header({ headers: { 'Webhook-Signature': 't=1,v1=ab' } }, 'webhook-signature');
    // Assess
    expect(value).toBe('t=1,v1=ab');
  });

  it('is undefined for a missing header', () => {
    // Act
    const value = header(httpApiEvent(), 'idempotency-key');
    // Assess
    expect(value).toBeUndefined();
  });
});
