import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ContractViolationError, loadApiContract } from '../../e2e/support/api-contract.ts';

/*
 * The checker the end-to-end tests run every API response through (test/e2e/support/api-contract.ts),
 * on docs/openapi.yaml: it must catch each way a response can differ from the document, or the
 * end-to-end validation could never fail.
 */

const contract = loadApiContract();

const json = (status: number, body: unknown, headers: Record<string, string> = {}) => ({
  status,
  headers: new Headers({ 'content-type': 'application/json', 'x-correlation-id': 'corr-1', ...headers }),
  body: JSON.stringify(body),
});

const VIEW = {
  orderId: 'o-1',
  status: 'RESERVED',
  customerId: 'c-1',
  items: [{ sku: 'SKU-1001', quantity: 2, unitPrice: 24.9 }],
  total: 49.8,
  currency: 'EUR',
  version: 2,
  placedAt: '2026-12-06T10:00:00.000Z',
  updatedAt: '2026-12-06T10:00:01.000Z',
  paymentDeadline: '2026-12-06T10:30:00.000Z',
};

describe('the API contract checker', () => {
  it.each([
    ['POST', '/orders', json(201, { orderId: 'o-1', status: 'PLACED' }, { location: '/orders/o-1' })],
    ['GET', '/orders/o-1', json(200, VIEW)],
    ['GET', '/orders/o-1', json(404, { message: 'Order o-1 not found' })],
    ['POST', '/webhooks/payments', json(202, { received: true, duplicate: true })],
    [
      'POST',
      '/activity',
      json(202, { accepted: 1, rejected: [{ index: 1, reason: 'Invalid event: at', errors: [{ path: 'events[1].at', message: 'Invalid ISO datetime' }] }] }),
    ],
    [
      'GET',
      '/products/SKU%201004/stats?x=1',
      json(200, {
        sku: 'SKU 1004',
        windows: [{ start: '2026-12-06T10:00:00.000Z', end: '2026-12-06T10:01:00.000Z', counts: { product_view: 3, add_to_cart: 0, checkout: 0 } }],
      }),
    ],
    ['POST', '/orders', json(400, { message: 'The order is invalid', errors: [{ path: 'items[0].quantity', message: 'Too small' }] })],
  ])('finds nothing wrong with a response as documented: %s %s', (method, path, response) => {
    expect(contract.violations(method, path, response)).toEqual([]);
  });

  it.each([
    [
      'a status the route does not document',
      'GET',
      '/orders/o-1',
      json(500, { message: 'Internal Server Error' }),
      /status 500 is not documented for GET \/orders\/\{orderId\}/,
    ],
    ['a route the document lacks', 'DELETE', '/orders/o-1', json(204, {}), /no operation DELETE matches \/orders\/o-1/],
    ['a required header missing', 'POST', '/orders', json(201, { orderId: 'o-1', status: 'PLACED' }), /header Location: required, absent/],
    [
      'a header that breaks its schema',
      'POST',
      '/orders',
      json(201, { orderId: 'o-1', status: 'PLACED' }, { location: 'orders' }),
      /header Location: must match pattern/,
    ],
    [
      'another content type',
      'GET',
      '/orders/o-1',
      { ...json(200, VIEW), headers: new Headers({ 'content-type': 'text/plain', 'x-correlation-id': 'c' }) },
      /content-type: expected application\/json, got "text\/plain"/,
    ],
    ['a body that is not JSON', 'GET', '/orders/o-1', { ...json(200, VIEW), body: '<html>' }, /body: not JSON/],
    ['a required field missing', 'GET', '/orders/o-1', json(200, { ...VIEW, total: undefined }), /body: must have required property 'total'/],
    [
      'a field of the wrong type, by its path',
      'GET',
      '/orders/o-1',
      json(200, { ...VIEW, items: [{ sku: 'SKU-1001', quantity: 'two', unitPrice: 1 }] }),
      /body\.items\[0\]\.quantity: must be integer/,
    ],
    ['a value outside its enum', 'GET', '/orders/o-1', json(200, { ...VIEW, status: 'SHIPPED' }), /body\.status: must be equal to one of the allowed values/],
    ['a malformed timestamp', 'GET', '/orders/o-1', json(200, { ...VIEW, placedAt: 'yesterday' }), /body\.placedAt: must match format "date-time"/],
    [
      'a property a closed schema does not allow',
      'POST',
      '/webhooks/payments',
      json(202, { received: true, orderId: 'o-1' }),
      /body: must NOT have additional properties \(orderId\)/,
    ],
  ])('reports %s', (_case, method, path, response, expected) => {
    expect(contract.violations(method, path, response).join('; ')).toMatch(expected);
  });

  it('throws a ContractViolationError naming the request and each violation, leaving the body readable', async () => {
    // Prepare
    const response = new Response(JSON.stringify({ orderId: 'o-1' }), { status: 201, headers: { 'content-type': 'application/json' } });

    // Act
    const check = contract.assertConforms('POST', '/orders', response);

    // Assess
    await expect(check).rejects.toThrow(ContractViolationError);
    await expect(check).rejects.toThrow(/POST \/orders → 201: .*header Location: required, absent; .*body: must have required property 'status'/);
    expect(await response.json()).toEqual({ orderId: 'o-1' });
  });

  it.each([
    ['not OpenAPI 3.1', 'openapi: 3.0.3\npaths: {}\n', /expected an OpenAPI 3.1 document, got openapi: "3.0.3"/],
    [
      'a reference that does not resolve',
      "openapi: 3.1.0\npaths:\n  /x:\n    get:\n      responses:\n        '200':\n          $ref: '#/components/responses/Missing'\n",
      /GET \/x 200: \$ref #\/components\/responses\/Missing does not resolve/,
    ],
    [
      'a schema that does not compile',
      "openapi: 3.1.0\npaths:\n  /x:\n    get:\n      responses:\n        '200':\n          description: x\n          content:\n            application/json:\n              schema: { type: object, required: 5 }\n",
      /GET \/x 200 application\/json: the schema does not compile/,
    ],
  ])('refuses to load a document that is %s', (_case, text, expected) => {
    // Prepare
    const file = join(mkdtempSync(join(tmpdir(), 'openapi-')), 'openapi.yaml');
    writeFileSync(file, text);

    // Act
    const load = () => loadApiContract(file);

    // Assess
    expect(load).toThrow(expected);
  });
});
