import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { Sku } from '../../shared/activity/index.ts';
import { badRequest, json, type HttpResponse } from '../../shared/http/index.ts';
import { createHandler, loadConfig, tracer } from '../../shared/runtime/index.ts';
import { productStats } from './product-stats.ts';

/*
 * get-product-stats: HTTP API `GET /products/{sku}/stats` →
 * 200 {"sku", "windows": [{"start", "end", "counts": {"product_view", "add_to_cart", "checkout"}}]},
 * the product's closed windows newest first (at most MAX_WINDOWS), an empty list when there are none.
 *
 * Environment: STATS_TABLE.
 */

const { statsTable } = loadConfig({ required: ['statsTable'] });
const documents = DynamoDBDocumentClient.from(tracer.captureAWSv3Client(new DynamoDBClient({})));

export async function getProductStats(event: APIGatewayProxyEventV2): Promise<HttpResponse> {
  const sku = Sku.safeParse(event.pathParameters?.sku);
  if (!sku.success) return badRequest('The sku in the path is invalid', [{ path: 'sku', message: sku.error.issues[0]?.message ?? 'invalid' }]);
  return json(200, await productStats(sku.data, { client: documents, tableName: statsTable }));
}

export const handler = createHandler(getProductStats);
