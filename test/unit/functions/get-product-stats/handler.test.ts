import { DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { MAX_WINDOWS } from '../../../../functions/get-product-stats/product-stats.ts';
import { httpApiEvent, lambdaContext } from '../../../kit/index.ts';

vi.hoisted(() => {
  // Read once, when the handler module loads.
  process.env.STATS_TABLE = 'ActivityStats';
});

const { handler } = await import('../../../../functions/get-product-stats/handler.ts');

const documents = mockClient(DynamoDBDocumentClient);
afterEach(() => documents.reset());

async function get(sku: string) {
  const event = httpApiEvent({ routeKey: 'GET /products/{sku}/stats', pathParameters: { sku } });
  const response = (await handler(event, lambdaContext({ functionName: 'get-product-stats' }))) as APIGatewayProxyStructuredResultV2;
  return { status: response.statusCode, body: JSON.parse(response.body as string) as Record<string, unknown> };
}

describe('get-product-stats', () => {
  it("answers the product's windows as the table returns them, newest first", async () => {
    // Prepare
    documents.on(QueryCommand).resolves({
      Items: [
        { windowStart: '2026-11-28T12:01:00.000Z', windowEnd: '2026-11-28T12:02:00.000Z', counts: { product_view: 4, add_to_cart: 1, checkout: 0 } },
        { windowStart: '2026-11-28T12:00:00.000Z', windowEnd: '2026-11-28T12:01:00.000Z', counts: { product_view: 2, add_to_cart: 0, checkout: 1 } },
      ],
    });
    // Act
    const { status, body } = await get('SKU-1');
    // Assess
    expect(status).toBe(200);
    expect(body).toEqual({
      sku: 'SKU-1',
      windows: [
        { start: '2026-11-28T12:01:00.000Z', end: '2026-11-28T12:02:00.000Z', counts: { product_view: 4, add_to_cart: 1, checkout: 0 } },
        { start: '2026-11-28T12:00:00.000Z', end: '2026-11-28T12:01:00.000Z', counts: { product_view: 2, add_to_cart: 0, checkout: 1 } },
      ],
    });
  });

  it(`queries the product's newest ${MAX_WINDOWS} windows, in descending order`, async () => {
    // Prepare
    documents.on(QueryCommand).resolves({ Items: [] });
    // Act
    await get('SKU-1');
    // Assess
    const input = documents.commandCalls(QueryCommand)[0]?.args[0].input;
    expect(input).toMatchObject({ TableName: 'ActivityStats', ExpressionAttributeValues: { ':sku': 'SKU-1' }, ScanIndexForward: false, Limit: MAX_WINDOWS });
    expect(input?.KeyConditionExpression).toBe('#sku = :sku');
  });

  it('answers an empty list for a product without windows', async () => {
    // Prepare
    documents.on(QueryCommand).resolves({ Items: [] });
    // Act
    const { status, body } = await get('SKU-NONE');
    // Assess
    expect(status).toBe(200);
    expect(body).toEqual({ sku: 'SKU-NONE', windows: [] });
  });

  it('counts 0 for a type an item has no count of', async () => {
    // Prepare
    documents.on(QueryCommand).resolves({ Items: [{ windowStart: 'a', windowEnd: 'b', counts: { product_view: 1 } }] });
    // Act
    const { body } = await get('SKU-1');
    // Assess
    expect(body.windows).toEqual([{ start: 'a', end: 'b', counts: { product_view: 1, add_to_cart: 0, checkout: 0 } }]);
  });

  it('answers 400 naming the sku when it is longer than a sku can be, without reading the table', async () => {
    // Act
    const { status, body } = await get('X'.repeat(65));
    // Assess
    expect(status).toBe(400);
    expect(body).toEqual({ message: 'The sku in the path is invalid', errors: [{ path: 'sku', message: expect.any(String) }] });
    expect(documents.commandCalls(QueryCommand)).toHaveLength(0);
  });
});
