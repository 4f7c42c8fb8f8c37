import { afterEach, describe, expect, it, vi } from 'vitest';
import { MAX_PAYLOAD_BYTES } from '../../http-api/index.ts';
import { apiSpec, functionArn, route, send, startApi, type Handler } from './support/http-api-harness.ts';
import { LOADED_MACHINE_WAIT } from '../support/patience.ts';

const running: { stop: () => Promise<void> }[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((api) => api.stop()));
});

async function serve(handler: Handler, options: { payloadFormatVersion?: '1.0' | '2.0'; timeoutMillis?: number } = {}) {
  const started = await startApi([apiSpec([route('ANY /things/{id}', 'handler', options)])], { handler });
  running.push(started);
  return started;
}

const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0xff]);

describe('payload format 2.0 response mapping', () => {
  it.each([
    {
      name: 'a structured response: status, headers and body as given',
      returned: { statusCode: 201, headers: { 'content-type': 'application/json', 'x-order-id': 'o-1' }, body: '{"orderId":"o-1"}' },
      status: 201,
      headers: { 'content-type': 'application/json', 'x-order-id': 'o-1' },
      body: '{"orderId":"o-1"}',
    },
    { name: 'no body and no content type', returned: { statusCode: 204 }, status: 204, headers: {}, noContentType: true, body: '' },
    {
      name: 'a body without a content type is text/plain',
      returned: { statusCode: 200, body: 'hi' },
      status: 200,
      headers: { 'content-type': 'text/plain; charset=utf-8' },
      body: 'hi',
    },
    {
      name: 'header values that are numbers or booleans',
      returned: { statusCode: 200, headers: { 'x-count': 5, 'x-cached': true }, body: '' },
      status: 200,
      headers: { 'x-count': '5', 'x-cached': 'true' },
      body: '',
    },
    {
      name: 'a returned string: 200 application/json with the string as the body',
      returned: 'Hello from Lambda!',
      status: 200,
      headers: { 'content-type': 'application/json' },
      body: 'Hello from Lambda!',
    },
    {
      name: 'an object without statusCode: 200 application/json with its JSON',
      returned: { message: 'Hello from Lambda!' },
      status: 200,
      headers: { 'content-type': 'application/json' },
      body: '{"message":"Hello from Lambda!"}',
    },
    { name: 'an array: its JSON', returned: [1, 2], status: 200, headers: { 'content-type': 'application/json' }, body: '[1,2]' },
    { name: 'nothing returned: the JSON null', returned: undefined, status: 200, headers: { 'content-type': 'application/json' }, body: 'null' },
    {
      name: 'a statusCode that is not a number is a 500',
      returned: { statusCode: 'created' },
      status: 500,
      headers: { 'content-type': 'application/json' },
      body: '{"message":"Internal Server Error"}',
    },
    {
      name: 'a header with a line break is a 500',
      returned: { statusCode: 200, headers: { 'x-bad': 'a\r\nset-cookie: x=1' }, body: 'ok' },
      status: 500,
      headers: { 'content-type': 'application/json' },
      body: '{"message":"Internal Server Error"}',
    },
    {
      name: 'an informational status is a 500',
      returned: { statusCode: 101, body: 'ok' },
      status: 500,
      headers: { 'content-type': 'application/json' },
      body: '{"message":"Internal Server Error"}',
    },
    {
      name: 'a null header value is left out',
      returned: { statusCode: 200, headers: { 'content-type': null, 'x-kept': 'yes' }, body: 'ok' },
      status: 200,
      headers: { 'x-kept': 'yes', 'content-type': 'text/plain; charset=utf-8' },
      body: 'ok',
    },
    {
      name: 'a body that is not a string is a 500',
      returned: { statusCode: 200, body: { orderId: 'o-1' } },
      status: 500,
      headers: { 'content-type': 'application/json' },
      body: '{"message":"Internal Server Error"}',
    },
  ] as { name: string; returned: unknown; status: number; headers: Record<string, string>; noContentType?: boolean; body: string }[])(
    '$name',
    async ({ returned, status, headers, noContentType, body }) => {
      // Prepare
      const { url } = await serve(() => returned);

      // Act
      const response = await send(url, { path: '/things/1' });

      // Assess
      expect(response.status).toBe(status);
      expect(response.headers).toMatchObject(headers);
      if (noContentType) expect(response.headers).not.toHaveProperty('content-type');
      expect(response.text).toBe(body);
    },
  );

  it('sends each cookie as its own set-cookie header', async () => {
    // Prepare
    const { url } = await serve(() => ({ statusCode: 200, cookies: ['session=abc; Path=/; HttpOnly', 'theme=dark'], body: 'ok' }));

    // Act
    const response = await send(url, { path: '/things/1' });

    // Assess
    expect(response.headers['set-cookie']).toEqual(['session=abc; Path=/; HttpOnly', 'theme=dark']);
  });

  it('decodes a base64 body to bytes', async () => {
    // Prepare
    const { url } = await serve(() => ({ statusCode: 200, headers: { 'content-type': 'image/png' }, body: PNG.toString('base64'), isBase64Encoded: true }));

    // Act
    const response = await send(url, { path: '/things/1' });

    // Assess
    expect(response.headers['content-type']).toBe('image/png');
    expect(response.body.equals(PNG)).toBe(true);
  });

  it('answers 500 Internal Server Error when the function fails, and logs why', async () => {
    // Prepare
    const { url, activities } = await serve(() => {
      throw new TypeError('Cannot read properties of undefined');
    });

    // Act
    const response = await send(url, { path: '/things/1' });

    // Assess
    expect(response.status).toBe(500);
    expect(JSON.parse(response.text)).toEqual({ message: 'Internal Server Error' });
    expect(activities).toEqual([
      expect.objectContaining({
        status: 500,
        error: 'function-error',
        errorMessage: 'TypeError: Cannot read properties of undefined',
        routeKey: 'ANY /things/{id}',
      }),
    ]);
  });

  it('answers 503 Service Unavailable when the integration times out', async () => {
    // Prepare
    const { url, clock, events, activities } = await serve(() => new Promise(() => {}), { timeoutMillis: 5_000 });

    // Act
    const responding = send(url, { path: '/things/1' });
    await vi.waitFor(() => expect(events).toHaveLength(1), LOADED_MACHINE_WAIT);
    await clock.advance(4_999);
    await clock.advance(1);
    const response = await responding;

    // Assess
    expect(response.status).toBe(503);
    expect(JSON.parse(response.text)).toEqual({ message: 'Service Unavailable' });
    expect(activities).toEqual([expect.objectContaining({ status: 503, error: 'timeout' })]);
  });

  it('answers 500 when the function cannot be invoked', async () => {
    // Prepare
    const started = await startApi([apiSpec([route('GET /missing', 'not-deployed')])], {});
    running.push(started);

    // Act
    const response = await send(started.url, { path: '/missing' });

    // Assess
    expect(response.status).toBe(500);
    expect(started.activities).toEqual([
      expect.objectContaining({
        error: 'invoke-failed',
        functionArn: functionArn('not-deployed'),
        errorMessage: `FunctionNotFoundError: Function not found: ${functionArn('not-deployed')}`,
      }),
    ]);
  });
});

describe('payload format 1.0 response mapping', () => {
  it('takes headers and multiValueHeaders together', async () => {
    // Prepare
    const { url } = await serve(() => ({ statusCode: 200, headers: { 'x-one': '1' }, multiValueHeaders: { 'x-many': ['a', 'b'] }, body: 'ok' }), {
      payloadFormatVersion: '1.0',
    });

    // Act
    const response = await send(url, { path: '/things/1' });

    // Assess
    expect(response.status).toBe(200);
    expect(response.headers['x-one']).toBe('1');
    expect(response.headers['x-many']).toBe('a, b');
    expect(response.text).toBe('ok');
  });

  it('answers 500 for a response without statusCode: 1.0 infers nothing', async () => {
    // Prepare
    const { url } = await serve(() => 'just a string', { payloadFormatVersion: '1.0' });

    // Act
    const response = await send(url, { path: '/things/1' });

    // Assess
    expect(response.status).toBe(500);
    expect(JSON.parse(response.text)).toEqual({ message: 'Internal Server Error' });
  });
});

describe('gateway responses', () => {
  it('answers 404 Not Found when no route matches, with an apigw-requestid', async () => {
    // Prepare
    const { url, activities } = await serve(() => ({ statusCode: 200 }));

    // Act
    const response = await send(url, { path: '/nothing/here' });

    // Assess
    expect(response.status).toBe(404);
    expect(response.headers['content-type']).toBe('application/json');
    expect(JSON.parse(response.text)).toEqual({ message: 'Not Found' });
    expect(response.headers['apigw-requestid']).toMatch(/^[A-Za-z0-9]{14}=$/);
    expect(activities).toEqual([expect.objectContaining({ method: 'GET', path: '/nothing/here', status: 404, error: 'not-found' })]);
  });

  it("answers every response with the request's id in apigw-requestid", async () => {
    // Prepare
    const { url, lastEventV2 } = await serve(() => ({ statusCode: 200, body: 'ok' }));

    // Act
    const response = await send(url, { path: '/things/1' });

    // Assess
    expect(response.headers['apigw-requestid']).toBe(lastEventV2().requestContext.requestId);
  });

  it.each([
    { name: 'declared by content-length', chunked: false },
    { name: 'sent in chunks', chunked: true },
  ])('answers 413 for a body over 10 MB $name, without invoking the function', async ({ chunked }) => {
    // Prepare
    const { url, events } = await serve(() => ({ statusCode: 200 }));
    const body = Buffer.alloc(MAX_PAYLOAD_BYTES + 1, 0x61);

    // Act
    const response = await send(url, { method: 'POST', path: '/things/1', body, headers: chunked ? { 'transfer-encoding': 'chunked' } : {} });

    // Assess
    expect(response.status).toBe(413);
    expect(JSON.parse(response.text)).toEqual({ message: 'Request Entity Too Large' });
    expect(events).toEqual([]);
  });

  it('accepts a body of exactly 10 MB', async () => {
    // Prepare
    const { url, lastEventV2 } = await serve(() => ({ statusCode: 200 }));

    // Act
    const response = await send(url, {
      method: 'POST',
      path: '/things/1',
      body: Buffer.alloc(MAX_PAYLOAD_BYTES, 0x61),
      headers: { 'content-type': 'text/plain' },
    });

    // Assess
    expect(response.status).toBe(200);
    expect(lastEventV2().body).toHaveLength(MAX_PAYLOAD_BYTES);
  });
});
