import { beforeAll, describe, expect, it } from 'vitest';
import { loadApiContract, type ApiContract } from '../e2e/support/api-contract.ts';
import { synthesizeEventfulApp, type SynthesizedEventfulApp } from './support/eventful-app.ts';
import { resourcesOf } from './support/template.ts';

/*
 * docs/openapi.yaml is the HTTP API's contract: it must parse, every schema in it must compile, and
 * it must describe exactly the routes the deployed HTTP API has, no more and no fewer.
 */

let eventful: SynthesizedEventfulApp;
let contract: ApiContract;
beforeAll(() => {
  eventful = synthesizeEventfulApp();
  contract = loadApiContract();
});

describe('docs/openapi.yaml', () => {
  it('parses as an OpenAPI 3.1 document whose every response schema compiles and every $ref resolves', () => {
    expect(contract.document['openapi']).toMatch(/^3\.1\.\d+$/);
    expect(contract.routeKeys.length).toBeGreaterThan(0);
  });

  it('has a path for each route of the CDK HTTP API, and no path the API lacks', () => {
    const routes = resourcesOf(eventful.template, 'AWS::ApiGatewayV2::Route').map(([, route]) => route.Properties['RouteKey'] as string);

    expect([...contract.routeKeys].sort()).toEqual([...routes].sort());
    expect(routes.sort()).toEqual(['GET /orders/{orderId}', 'GET /products/{sku}/stats', 'POST /activity', 'POST /orders', 'POST /webhooks/payments']);
  });

  it.each([
    ['POST /orders', ['201', '400', '409', '422', '429']],
    ['GET /orders/{orderId}', ['200', '400', '404', '429']],
    ['POST /webhooks/payments', ['202', '400', '401', '409', '429']],
    ['POST /activity', ['202', '400', '429']],
    // 404: a decoded `/` in the SKU (`%2F`) makes a path no route matches, answered by the gateway.
    ['GET /products/{sku}/stats', ['200', '400', '404', '429']],
  ])('documents the answers of %s: %j', (routeKey, statuses) => {
    const [method, path] = routeKey.split(' ') as [string, string];
    const paths = contract.document['paths'] as Record<string, Record<string, { responses: Record<string, unknown> }>>;

    expect(Object.keys(paths[path]![method.toLowerCase()]!.responses).sort()).toEqual(statuses);
  });
});
