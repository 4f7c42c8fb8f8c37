import { APIGatewayProxyEventSchema, APIGatewayProxyEventV2Schema } from '@aws-lambda-powertools/parser/schemas';
import { afterEach, describe, expect, it } from 'vitest';
import { httpApiEvent } from '../../aws/events/index.ts';
import { ACCOUNT, API_ID, apiSpec, NOW, REGION, route, send, startApi } from './support/http-api-harness.ts';

const running: { stop: () => Promise<void> }[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((api) => api.stop()));
});

async function api(routes = [route('GET /orders/{orderId}', 'get-order'), route('POST /orders', 'place-order'), route('$default', 'fallback')]) {
  const started = await startApi([apiSpec(routes)], {
    'get-order': () => ({ statusCode: 200, body: '{}' }),
    'place-order': () => ({ statusCode: 201, body: '{}' }),
    fallback: () => ({ statusCode: 200, body: '' }),
    'v1-order': () => ({ statusCode: 200, body: '' }),
  });
  running.push(started);
  return started;
}

describe('payload format 2.0 event', () => {
  it('is the event AWS builds: lowercased headers, repeated ones joined, cookies apart, query joined, path parameters', async () => {
    // Prepare
    const { url, port, lastEventV2 } = await api();

    // Act
    const response = await send(url, {
      path: '/orders/o-1?expand=items&tag=a&tag=b',
      headers: { 'User-Agent': 'curl/8.5.0', Accept: 'application/json', 'X-Multi': ['a', 'b'], Cookie: 'session=abc; theme=dark' },
    });

    // Assess
    expect(response.status).toBe(200);
    const event = lastEventV2();
    const expected = httpApiEvent({
      routeKey: 'GET /orders/{orderId}',
      pathParameters: { orderId: 'o-1' },
      query: { expand: 'items', tag: ['a', 'b'] },
      cookies: ['session=abc', 'theme=dark'],
      sourceIp: '127.0.0.1',
      userAgent: 'curl/8.5.0',
      requestId: event.requestContext.requestId,
      time: NOW,
      apiId: API_ID,
      region: REGION,
      account: ACCOUNT,
    });
    expect({ ...event, headers: {} }).toEqual({ ...expected, headers: {} });
    expect(event.headers).toEqual({
      accept: 'application/json',
      'user-agent': 'curl/8.5.0',
      'x-multi': 'a,b',
      host: `127.0.0.1:${port}`,
      'x-amzn-trace-id': expect.stringMatching(new RegExp(`^Root=1-${Math.floor(NOW.getTime() / 1000).toString(16)}-[0-9a-f]{24}$`)),
      'x-forwarded-for': '127.0.0.1',
      'x-forwarded-port': String(port),
      'x-forwarded-proto': 'http',
    });
    expect(event.requestContext.time).toBe('12/Mar/2026:19:03:58 +0000');
    expect(event.requestContext.requestId).toMatch(/^[A-Za-z0-9]{14}=$/);
  });

  it("parses with Powertools' APIGatewayProxyEventV2Schema", async () => {
    // Prepare
    const { url, lastEventV2 } = await api();

    // Act
    await send(url, { method: 'POST', path: '/orders?x=1', headers: { 'content-type': 'application/json', cookie: 'a=1' }, body: '{"customerId":"c-1"}' });

    // Assess
    expect(APIGatewayProxyEventV2Schema.parse(lastEventV2())).toEqual(lastEventV2());
  });

  it('leaves out cookies, queryStringParameters, pathParameters and body when there are none', async () => {
    // Prepare
    const { url, lastEventV2 } = await api();

    // Act
    await send(url, { method: 'POST', path: '/orders' });

    // Assess
    const event = lastEventV2();
    for (const absent of ['cookies', 'queryStringParameters', 'pathParameters', 'body', 'stageVariables']) expect(event).not.toHaveProperty(absent);
    expect(event).toMatchObject({ rawQueryString: '', isBase64Encoded: false });
  });

  it('keeps the raw query string and decodes parameter values, a bare name being the empty string', async () => {
    // Prepare
    const { url, lastEventV2 } = await api();

    // Act
    await send(url, { path: '/orders/o-1?name=J%C3%BCrgen&a=1&a=2&flag&plus=a+b' });

    // Assess
    const event = lastEventV2();
    expect(event.rawQueryString).toBe('name=J%C3%BCrgen&a=1&a=2&flag&plus=a+b');
    expect(event.queryStringParameters).toEqual({ name: 'Jürgen', a: '1,2', flag: '', plus: 'a+b' });
  });

  it('hands over the path percent-decoded, and the path parameters with it', async () => {
    // Prepare
    const { url, lastEventV2 } = await api();

    // Act
    await send(url, { path: '/orders/o%201%C3%A9' });

    // Assess
    const event = lastEventV2();
    expect(event.rawPath).toBe('/orders/o 1é');
    expect(event.requestContext.http.path).toBe('/orders/o 1é');
    expect(event.pathParameters).toEqual({ orderId: 'o 1é' });
  });

  it('sends any unmatched request to $default with the full path', async () => {
    // Prepare
    const { url, lastEventV2 } = await api();

    // Act
    await send(url, { method: 'DELETE', path: '/some/where' });

    // Assess
    expect(lastEventV2()).toMatchObject({ routeKey: '$default', rawPath: '/some/where', requestContext: { routeKey: '$default', http: { method: 'DELETE' } } });
  });

  it.each([
    { contentType: 'application/json', base64: false },
    { contentType: 'application/json; charset=utf-8', base64: false },
    { contentType: 'text/plain', base64: false },
    { contentType: 'text/csv', base64: false },
    { contentType: 'application/xml', base64: false },
    { contentType: 'application/javascript', base64: false },
    { contentType: 'application/x-www-form-urlencoded', base64: true },
    { contentType: 'application/octet-stream', base64: true },
    { contentType: 'image/png', base64: true },
    { contentType: undefined, base64: true },
  ])('passes a $contentType body base64-encoded: $base64', async ({ contentType, base64 }) => {
    // Prepare
    const { url, lastEventV2 } = await api();
    const body = Buffer.from('sku=é&qty=1');

    // Act
    await send(url, { method: 'POST', path: '/orders', headers: contentType ? { 'content-type': contentType } : {}, body });

    // Assess
    const event = lastEventV2();
    expect(event.isBase64Encoded).toBe(base64);
    expect(event.body).toBe(base64 ? body.toString('base64') : body.toString('utf8'));
  });
});

describe('payload format 1.0 event', () => {
  it("is the REST-compatible shape, with nulls for what is absent, and parses with Powertools' APIGatewayProxyEventSchema", async () => {
    // Prepare
    const { url, lastEventV1 } = await api([route('GET /orders/{orderId}', 'v1-order', { payloadFormatVersion: '1.0' })]);

    // Act
    await send(url, { path: '/orders/o-1?tag=a&tag=b', headers: { 'x-multi': ['a', 'b'], 'user-agent': 'curl/8.5.0' } });

    // Assess
    const event = lastEventV1();
    expect(event).toMatchObject({
      version: '1.0',
      resource: '/orders/{orderId}',
      path: '/orders/o-1',
      httpMethod: 'GET',
      queryStringParameters: { tag: 'b' },
      multiValueQueryStringParameters: { tag: ['a', 'b'] },
      pathParameters: { orderId: 'o-1' },
      stageVariables: null,
      body: null,
      isBase64Encoded: false,
      requestContext: {
        accountId: ACCOUNT,
        apiId: API_ID,
        httpMethod: 'GET',
        path: '/orders/o-1',
        resourcePath: '/orders/{orderId}',
        resourceId: 'GET /orders/{orderId}',
        stage: '$default',
        requestTime: '12/Mar/2026:19:03:58 +0000',
        requestTimeEpoch: NOW.getTime(),
        identity: { sourceIp: '127.0.0.1', userAgent: 'curl/8.5.0' },
      },
    });
    expect(event.headers['x-multi']).toBe('b');
    expect(event.multiValueHeaders['x-multi']).toEqual(['a', 'b']);
    expect(APIGatewayProxyEventSchema.safeParse(event).error).toBeUndefined();
  });
});
