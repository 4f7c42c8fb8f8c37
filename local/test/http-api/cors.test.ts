import { afterEach, describe, expect, it } from 'vitest';
import { apiSpec, route, send, startApi } from './support/http-api-harness.ts';

const running: { stop: () => Promise<void> }[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((api) => api.stop()));
});

const ORIGIN = 'https://shop.example';
const CORS = {
  allowOrigins: [ORIGIN],
  allowMethods: ['GET', 'POST'],
  allowHeaders: ['content-type', 'idempotency-key'],
  exposeHeaders: ['apigw-requestid'],
  maxAge: 300,
  allowCredentials: true,
};

async function serve(cors: Record<string, unknown> | undefined) {
  const started = await startApi([apiSpec([route('POST /orders', 'place-order'), route('ANY /{proxy+}', 'catch-all')], cors ? { cors } : {})], {
    'place-order': () => ({ statusCode: 201, headers: { 'access-control-allow-origin': '*' }, body: '{}' }),
    'catch-all': () => ({ statusCode: 200, body: 'from the function' }),
  });
  running.push(started);
  return started;
}

const preflight = (origin: string, method = 'POST') => ({
  method: 'OPTIONS',
  path: '/orders',
  headers: { origin, 'access-control-request-method': method, 'access-control-request-headers': 'content-type' },
});

// https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-cors.html
describe('CORS', () => {
  it('answers a preflight itself, without invoking a function, even with a route that would take OPTIONS', async () => {
    // Prepare
    const { url, events } = await serve(CORS);

    // Act
    const response = await send(url, preflight(ORIGIN));

    // Assess
    expect(response.status).toBe(204);
    expect(response.headers).toMatchObject({
      'access-control-allow-origin': ORIGIN,
      'access-control-allow-methods': 'GET,POST',
      'access-control-allow-headers': 'content-type,idempotency-key',
      'access-control-max-age': '300',
      'access-control-allow-credentials': 'true',
    });
    expect(events).toEqual([]);
  });

  it.each([
    { name: 'an origin that is not allowed', origin: 'https://evil.example', method: 'POST' },
    { name: 'a method that is not allowed', origin: ORIGIN, method: 'DELETE' },
  ])('answers a preflight from $name without allowing it', async ({ origin, method }) => {
    // Prepare
    const { url } = await serve(CORS);

    // Act
    const response = await send(url, preflight(origin, method));

    // Assess
    expect(response.status).toBe(204);
    expect(Object.keys(response.headers).filter((name) => name.startsWith('access-control-'))).toEqual([]);
  });

  it("replaces the integration's CORS headers with the configured ones for an allowed origin", async () => {
    // Prepare
    const { url } = await serve(CORS);

    // Act
    const response = await send(url, { method: 'POST', path: '/orders', headers: { origin: ORIGIN, 'content-type': 'application/json' }, body: '{}' });

    // Assess
    expect(response.status).toBe(201);
    expect(response.headers).toMatchObject({
      'access-control-allow-origin': ORIGIN,
      'access-control-expose-headers': 'apigw-requestid',
      'access-control-allow-credentials': 'true',
    });
  });

  it('adds no CORS headers to a request without an Origin', async () => {
    // Prepare
    const { url } = await serve(CORS);

    // Act
    const response = await send(url, { method: 'POST', path: '/orders', body: '{}' });

    // Assess
    expect(Object.keys(response.headers).filter((name) => name.startsWith('access-control-'))).toEqual([]);
  });

  it('allows any origin with *', async () => {
    // Prepare
    const { url } = await serve({ AllowOrigins: ['*'], AllowMethods: ['*'], AllowHeaders: ['*'] });

    // Act
    const response = await send(url, preflight('http://localhost:5173', 'PATCH'));

    // Assess
    expect(response.headers).toMatchObject({ 'access-control-allow-origin': '*', 'access-control-allow-methods': '*', 'access-control-allow-headers': '*' });
  });

  it('routes OPTIONS like any method when the API has no CORS configuration', async () => {
    // Prepare
    const { url, events } = await serve(undefined);

    // Act
    const response = await send(url, preflight(ORIGIN));

    // Assess
    expect(response.status).toBe(200);
    expect(response.text).toBe('from the function');
    expect(events).toHaveLength(1);
  });
});
