import { DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { foldOrder, toHttpOrderView, toOrderView, toOrderViewItem } from '../../../../shared/orders/index.ts';
import { httpApiEvent, lambdaContext } from '../../../kit/index.ts';
import { inventoryReserved, orderPlaced, stored } from '../../support/order-events.ts';

vi.hoisted(() => {
  // Read once, when the handler module loads.
  process.env.ORDERS_TABLE = 'Orders';
});

const { handler } = await import('../../../../functions/get-order/handler.ts');

const documents = mockClient(DynamoDBDocumentClient);
afterEach(() => documents.reset());

async function get(pathParameters: Record<string, string> | undefined) {
  const event = httpApiEvent({ routeKey: 'GET /orders/{orderId}', ...(pathParameters ? { pathParameters } : { path: '/orders/' }) });
  const response = (await handler(event, lambdaContext({ functionName: 'get-order' }))) as APIGatewayProxyStructuredResultV2;
  return { status: response.statusCode, body: JSON.parse(response.body ?? 'null') as Record<string, unknown> };
}

const placed = orderPlaced('o-1');
const order = foldOrder(stored([placed, inventoryReserved(placed)]))!;

describe('get-order', () => {
  it('answers 200 with the order view, without the index key', async () => {
    // Prepare
    documents.on(GetCommand, { TableName: 'Orders', Key: { orderId: 'o-1' } }).resolves({ Item: toOrderViewItem(order) });

    // Act
    const { status, body } = await get({ orderId: 'o-1' });

    // Assess
    expect(status).toBe(200);
    expect(body).toEqual(toHttpOrderView(toOrderView(order)));
    expect(body).toMatchObject({ orderId: 'o-1', status: 'RESERVED', version: 2, total: 24.5, currency: 'EUR' });
    expect(body.items).toEqual([
      { sku: 'SKU-MUG', quantity: 2, unitPrice: 10 },
      { sku: 'SKU-TEA', quantity: 1, unitPrice: 4.5 },
    ]);
    expect(body).not.toHaveProperty('totalMinor');
    expect(body).not.toHaveProperty('awaitingPayment');
  });

  it('answers 404 naming the order when the read model has none', async () => {
    // Prepare
    documents.on(GetCommand).resolves({});

    // Act
    const { status, body } = await get({ orderId: 'o-404' });

    // Assess
    expect(status).toBe(404);
    expect(body).toEqual({ message: 'Order o-404 not found' });
  });

  it.each([
    ['no order id', undefined, 'orderId'],
    ['an order id longer than 64 characters', { orderId: 'o'.repeat(65) }, 'orderId'],
  ])('answers 400 to a path with %s, reading nothing', async (_, pathParameters, path) => {
    // Act
    const { status, body } = await get(pathParameters);

    // Assess
    expect(status).toBe(400);
    expect(body).toEqual({ message: 'The order id in the path is invalid', errors: [{ path, message: expect.any(String) }] });
    expect(documents.calls()).toHaveLength(0);
  });

  it('fails the request when the read model cannot be read', async () => {
    // Prepare
    documents.on(GetCommand).rejects(new Error('Service unavailable'));

    // Act
    const getting = get({ orderId: 'o-1' });

    // Assess
    await expect(getting).rejects.toThrow('Service unavailable');
  });
});
