import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { HttpApiServer } from '../../http-api/index.ts';
import { LambdaService } from '../../lambda/index.ts';
import type { FunctionSpec } from '../../topology/types.ts';
import { fixtureApp } from '../lambda/support/fixture-app.ts';
import { ACCOUNT, apiSpec, REGION, route, send } from './support/http-api-harness.ts';

const app = fixtureApp();
afterAll(() => app.remove());

const stops: (() => Promise<void>)[] = [];
afterEach(async () => {
  await Promise.all(stops.splice(0).map((stop) => stop()));
});

const ECHO = `export const handler = async (event, context) => ({
  statusCode: 200,
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify({ routeKey: event.routeKey, orderId: event.pathParameters?.orderId, requestId: event.requestContext.requestId, fn: context.functionName }),
});`;
const SLOW = `export const handler = async () => { await new Promise((resolve) => setTimeout(resolve, 5_000)); return 'late'; };`;

async function serve(functions: FunctionSpec[], routes: ReturnType<typeof route>[]) {
  const lambda = new LambdaService(functions, { endpointUrl: 'http://127.0.0.1:9', region: REGION, accountId: ACCOUNT, deliver: async () => {} });
  const server = new HttpApiServer([apiSpec(routes)], { lambda, accountId: ACCOUNT, region: REGION });
  const { url } = await server.listen(0);
  stops.push(async () => {
    await server.close();
    await lambda.stop();
  });
  return url;
}

describe('HTTP API with the local Lambda service', () => {
  it('invokes the bundled function synchronously and returns its response', async () => {
    // Prepare
    const echo = app.bundle('http-echo', { 'index.mjs': ECHO });
    const url = await serve([echo], [route('GET /orders/{orderId}', 'http-echo')]);

    // Act
    const response = await send(url, { path: '/orders/o-42' });

    // Assess
    expect(response.status).toBe(200);
    expect(JSON.parse(response.text)).toEqual({
      routeKey: 'GET /orders/{orderId}',
      orderId: 'o-42',
      requestId: response.headers['apigw-requestid'],
      fn: 'http-echo',
    });
  });

  it("answers 500 when the function hits its own timeout before the integration's", async () => {
    // Prepare
    const slow = app.bundle('http-slow', { 'index.mjs': SLOW }, { timeoutSeconds: 1 });
    const url = await serve([slow], [route('GET /slow', 'http-slow')]);

    // Act
    const response = await send(url, { path: '/slow' });

    // Assess
    expect(response.status).toBe(500);
    expect(JSON.parse(response.text)).toEqual({ message: 'Internal Server Error' });
  });
});
