import { afterEach, describe, expect, it } from 'vitest';
import { HttpApiServer } from '../../http-api/index.ts';
import { ACCOUNT, API_ID, apiSpec, fakeLambda, functionArn, NOW, REGION, route, send, startApi } from './support/http-api-harness.ts';

const running: { stop: () => Promise<void> }[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((api) => api.stop()));
});

describe('HttpApiServer', () => {
  it('logs one access entry per request with the route, status, function and timings', async () => {
    // Prepare
    const started = await startApi([apiSpec([route('GET /orders/{orderId}', 'get-order')])], { 'get-order': () => ({ statusCode: 200, body: 'ok' }) });
    running.push(started);

    // Act
    const response = await send(started.url, { path: '/orders/o-1', headers: { 'user-agent': 'curl/8.5.0' } });

    // Assess
    expect(started.activities).toEqual([
      {
        type: 'request',
        at: NOW.getTime(),
        apiName: 'eventful-api',
        apiId: API_ID,
        requestId: response.headers['apigw-requestid'],
        method: 'GET',
        path: '/orders/o-1',
        routeKey: 'GET /orders/{orderId}',
        functionArn: functionArn('get-order'),
        status: 200,
        responseBytes: 2,
        latencyMs: expect.any(Number),
        integrationLatencyMs: expect.any(Number),
        sourceIp: '127.0.0.1',
        userAgent: 'curl/8.5.0',
      },
    ]);
  });

  it('serves the routes of several APIs on one port, each event naming its API', async () => {
    // Prepare
    const started = await startApi(
      [apiSpec([route('GET /orders', 'orders')]), apiSpec([route('GET /admin/stats', 'stats')], { name: 'admin-api', apiId: 'zyxwvu9876' })],
      { orders: () => 'orders', stats: () => 'stats' },
    );
    running.push(started);

    // Act
    await send(started.url, { path: '/admin/stats' });

    // Assess
    expect(started.lastEventV2().requestContext).toMatchObject({
      apiId: 'zyxwvu9876',
      domainName: `zyxwvu9876.execute-api.${REGION}.amazonaws.com`,
      domainPrefix: 'zyxwvu9876',
    });
  });

  it('refuses a request whose Host is not loopback (a DNS-rebinding page), invoking nothing, and serves localhost', async () => {
    // Prepare
    const started = await startApi([apiSpec([route('GET /orders/{orderId}', 'get-order')])], { 'get-order': () => ({ statusCode: 200, body: 'ok' }) });
    running.push(started);
    const port = new URL(started.url).port;

    // Act
    const rebound = await send(started.url, { path: '/orders/o-1', headers: { host: `attacker.example:${port}` } });
    const local = await send(started.url, { path: '/orders/o-1', headers: { host: `localhost:${port}` } });

    // Assess
    expect(rebound.status).toBe(403);
    expect(JSON.parse(rebound.text)).toEqual({ message: 'Forbidden' });
    expect(local.status).toBe(200);
    expect(started.activities).toHaveLength(1);
  });

  it('names the port when it is already in use', async () => {
    // Prepare
    const first = await startApi([apiSpec([route('GET /a', 'a')])], {});
    running.push(first);
    const second = new HttpApiServer([apiSpec([route('GET /a', 'a')])], { lambda: fakeLambda({}).lambda, accountId: ACCOUNT, region: REGION });

    // Act
    const listening = second.listen(first.port);

    // Assess
    await expect(listening).rejects.toThrow(`HTTP API port ${first.port} is already in use (--api-port)`);
  });

  it('stops accepting connections once closed', async () => {
    // Prepare
    const started = await startApi([apiSpec([route('GET /a', 'a')])], { a: () => 'a' });

    // Act
    await started.stop();

    // Assess
    await expect(send(started.url, { path: '/a' })).rejects.toThrow(/ECONNREFUSED/);
  });
});
