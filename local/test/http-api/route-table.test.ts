import { describe, expect, it } from 'vitest';
import { HttpApiConfigError } from '../../http-api/index.ts';
import { RouteTable } from '../../http-api/route-table.ts';
import { apiSpec, route } from './support/http-api-harness.ts';

// The example API of "Routing API requests":
// https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-develop-routes.html#http-api-develop-routes.evaluation
const documented = new RouteTable([
  apiSpec([
    route('GET /pets/dog/1', 'f1'),
    route('GET /pets/dog/{id}', 'f2'),
    route('GET /pets/{proxy+}', 'f3'),
    route('ANY /{proxy+}', 'f4'),
    route('$default', 'f5'),
  ]),
]);

const ours = new RouteTable([
  apiSpec([
    route('POST /orders', 'place-order'),
    route('GET /orders/{orderId}', 'get-order'),
    route('ANY /orders/{orderId}', 'any-order'),
    route('GET /products/{sku}/stats', 'product-stats'),
    route('ANY /products/{proxy+}', 'products-any'),
    route('GET /', 'root'),
  ]),
]);

describe('route selection', () => {
  it.each([
    { request: 'GET /pets/dog/1', selected: 'GET /pets/dog/1', why: 'a full match of a static route' },
    { request: 'GET /pets/dog/2', selected: 'GET /pets/dog/{id}', why: 'a full match with a path variable' },
    { request: 'GET /pets/cat/1', selected: 'GET /pets/{proxy+}', why: 'no full match: the GET route with a greedy variable' },
    { request: 'POST /test/5', selected: 'ANY /{proxy+}', why: 'ANY takes methods no route defines; greedy routes beat $default' },
    { request: 'POST /pets/dog/1', selected: 'ANY /{proxy+}', why: 'a static route for another method does not match' },
    { request: 'GET /', selected: '$default', why: 'a greedy variable needs at least one segment' },
  ])('$request → $selected ($why)', ({ request, selected }) => {
    // Prepare
    const [method = '', path = ''] = request.split(' ');

    // Act
    const match = documented.match(method, path);

    // Assess
    expect(match?.compiled.route.routeKey).toBe(selected);
  });

  it.each([
    {
      request: 'GET /orders/o-1',
      selected: 'GET /orders/{orderId}',
      parameters: { orderId: 'o-1' },
      why: 'a route with the method beats ANY on the same path',
    },
    { request: 'DELETE /orders/o-1', selected: 'ANY /orders/{orderId}', parameters: { orderId: 'o-1' }, why: 'ANY takes the other methods' },
    { request: 'POST /orders', selected: 'POST /orders', parameters: {}, why: 'static route' },
    { request: 'GET /products/sku-1/stats', selected: 'GET /products/{sku}/stats', parameters: { sku: 'sku-1' }, why: 'a full match beats a greedy route' },
    {
      request: 'GET /products/sku-1/reviews/7',
      selected: 'ANY /products/{proxy+}',
      parameters: { proxy: 'sku-1/reviews/7' },
      why: 'the greedy variable takes the rest of the path',
    },
    { request: 'GET /', selected: 'GET /', parameters: {}, why: 'the root route' },
  ])('$request → $selected ($why)', ({ request, selected, parameters }) => {
    // Prepare
    const [method = '', path = ''] = request.split(' ');

    // Act
    const match = ours.match(method, path);

    // Assess
    expect(match?.compiled.route.routeKey).toBe(selected);
    expect(match?.pathParameters).toEqual(parameters);
  });

  it.each([
    { request: 'GET /orders', why: 'a path variable needs a segment' },
    { request: 'GET /orders/', why: 'an empty segment is not a path variable value' },
    { request: 'GET /orders/o-1/items', why: 'extra segments do not match a non-greedy route' },
    { request: 'PUT /orders', why: 'no route for the method and no ANY or $default' },
    { request: 'GET /products', why: '/products/{proxy+} does not take /products itself' },
    { request: 'HEAD /orders/o-1/x', why: 'nothing matches' },
  ])('$request matches nothing ($why)', ({ request }) => {
    // Prepare
    const [method = '', path = ''] = request.split(' ');

    // Act
    const match = ours.match(method, path);

    // Assess
    expect(match).toBeUndefined();
  });

  it.each([
    { routeKey: 'GET orders', message: 'HTTP API eventful-api: route key "GET orders" is not "$default" or "<METHOD> /<path>"' },
    {
      routeKey: 'FETCH /orders',
      message: 'HTTP API eventful-api: route key "FETCH /orders": method FETCH is not ANY or one of GET, POST, PUT, PATCH, DELETE, HEAD, OPTIONS',
    },
    {
      routeKey: 'GET /{proxy+}/items',
      message: 'HTTP API eventful-api: route key "GET /{proxy+}/items": the greedy path variable {proxy+} must be at the end of the path',
    },
    { routeKey: 'GET /orders/{id', message: 'HTTP API eventful-api: route key "GET /orders/{id": segment "{id" is not a path variable' },
  ])('rejects the route key $routeKey', ({ routeKey, message }) => {
    // Act
    const compiling = () => new RouteTable([apiSpec([route(routeKey, 'f')])]);

    // Assess
    expect(compiling).toThrow(HttpApiConfigError);
    expect(compiling).toThrow(message);
  });

  it('refuses two APIs claiming the same route, since one port serves them all', () => {
    // Act
    const compiling = () =>
      new RouteTable([apiSpec([route('GET /orders/{orderId}', 'a')]), apiSpec([route('GET /orders/{id}', 'b')], { name: 'admin-api', apiId: 'zzzzzzzzzz' })]);

    // Assess
    expect(compiling).toThrow('HTTP API admin-api: route GET /orders/{id} is also served by eventful-api (GET /orders/{orderId})');
  });
});
