import { APIGatewayProxyEventV2Schema } from '@aws-lambda-powertools/parser/schemas/api-gatewayv2';
import { describe, expect, it } from 'vitest';
import { httpApiEvent } from '../../aws/events/index.ts';

describe('httpApiEvent', () => {
  it.each([
    ['a bare GET', {}],
    ['a JSON POST', { routeKey: 'POST /orders', body: { customerId: 'c-1' } }],
    ['a binary body', { routeKey: 'POST /files', body: new Uint8Array([1, 2, 3]) }],
    ['a route with path parameters', { routeKey: 'GET /orders/{orderId}', pathParameters: { orderId: 'o-1' } }],
  ])('builds %s the Powertools HTTP API schema accepts', (_case, request) => {
    expect(APIGatewayProxyEventV2Schema.safeParse(httpApiEvent(request)).success).toBe(true);
  });

  it('is payload format 2.0 with the route, method and path filled in from the route key', () => {
    // Act
    const event = httpApiEvent({ routeKey: 'GET /orders/{orderId}', pathParameters: { orderId: 'o-1' } });

    // Assess
    expect(event).toMatchObject({
      version: '2.0',
      routeKey: 'GET /orders/{orderId}',
      rawPath: '/orders/o-1',
      pathParameters: { orderId: 'o-1' },
      requestContext: { routeKey: 'GET /orders/{orderId}', stage: '$default', http: { method: 'GET', path: '/orders/o-1', protocol: 'HTTP/1.1' } },
      isBase64Encoded: false,
    });
  });

  it('lowercases header names', () => {
    const event = httpApiEvent({ headers: { 'Idempotency-Key': 'k-1', 'X-Correlation-Id': 'corr-1' } });

    expect(event.headers).toMatchObject({ 'idempotency-key': 'k-1', 'x-correlation-id': 'corr-1' });
  });

  it('joins repeated query parameters with commas and keeps the raw query string', () => {
    // Act
    const event = httpApiEvent({ query: { sku: ['A', 'B'], limit: '5' } });

    // Assess
    expect(event.rawQueryString).toBe('sku=A&sku=B&limit=5');
    expect(event.queryStringParameters).toEqual({ sku: 'A,B', limit: '5' });
  });

  it('leaves out body, queryStringParameters and pathParameters when there are none', () => {
    const event = httpApiEvent();

    expect(event).not.toHaveProperty('body');
    expect(event).not.toHaveProperty('queryStringParameters');
    expect(event).not.toHaveProperty('pathParameters');
    expect(event.rawQueryString).toBe('');
  });

  it('sends a JSON body as a string with its content type and length', () => {
    const event = httpApiEvent({ routeKey: 'POST /orders', body: { a: 'é' } });

    expect(event.body).toBe('{"a":"é"}');
    expect(event.headers).toMatchObject({ 'content-type': 'application/json', 'content-length': '10' });
  });

  it('base64-encodes a binary body and says so', () => {
    const event = httpApiEvent({ routeKey: 'POST /files', body: new Uint8Array([1, 2, 3]) });

    expect(event).toMatchObject({ body: 'AQID', isBase64Encoded: true });
  });

  it('gives the request time as CLF text and epoch milliseconds, with the caller in the context', () => {
    // Act
    const event = httpApiEvent({ time: new Date('2020-03-12T19:03:58.390Z'), sourceIp: '192.0.2.1', userAgent: 'agent' });

    // Assess
    expect(event.requestContext).toMatchObject({
      time: '12/Mar/2020:19:03:58 +0000',
      timeEpoch: 1_584_039_838_390,
      http: { sourceIp: '192.0.2.1', userAgent: 'agent' },
    });
    expect(event.headers['x-forwarded-for']).toBe('192.0.2.1');
  });
});
