import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import * as z from '../../shared/validation/zod.ts';
import { OrderId } from '../../shared/events/catalog/common.ts';
import { badRequest, json, type HttpResponse } from '../../shared/http/index.ts';
import { toHttpOrderView } from '../../shared/orders/index.ts';
import { createHandler, loadConfig, tracer } from '../../shared/runtime/index.ts';
import { getOrderView } from './get-order.ts';

/*
 * get-order: HTTP API `GET /orders/{orderId}` (docs/openapi.yaml, operation getOrder).
 * 200 with the order view (orderId, status, customerId, items, total, currency, version, placedAt,
 * updatedAt, paymentDeadline, and paymentId/paidAt, expiredAt or shortages once they apply), with
 * `total` and each line's `unitPrice` as decimals of the currency (the read model holds minor units);
 * 404 {"message"} when the read model has no such order; 400 when the path has no valid order id.
 *
 * Environment: ORDERS_TABLE.
 */

const { ordersTable } = loadConfig({ required: ['ordersTable'] });
const deps = {
  ordersTable,
  client: DynamoDBDocumentClient.from(tracer.captureAWSv3Client(new DynamoDBClient({}))),
};

const PathParameters = z.object({ orderId: OrderId });

export async function handleGetOrder(event: APIGatewayProxyEventV2): Promise<HttpResponse> {
  const path = PathParameters.safeParse(event.pathParameters ?? {});
  if (!path.success) return badRequest('The order id in the path is invalid', path.error);
  const { orderId } = path.data;
  const view = await getOrderView(orderId, deps);
  if (!view) return json(404, { message: `Order ${orderId} not found` });
  return json(200, toHttpOrderView(view));
}

export const handler = createHandler(handleGetOrder);
