import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { randomUUID } from 'node:crypto';
import { createEventStore } from '../../shared/event-store/index.ts';
import { badRequest, header, json, parseJsonBody, type HttpResponse } from '../../shared/http/index.ts';
import { PlaceOrderCommand } from '../../shared/orders/index.ts';
import { createHandler, currentCorrelationId, logger, metrics, tracer } from '../../shared/runtime/index.ts';
import { loadPlaceOrderConfig } from './config.ts';
import { checkIdempotencyKey, IDEMPOTENCY_KEY_HEADER } from './idempotency-key.ts';
import { placeOrder } from './place-order.ts';

/*
 * place-order: HTTP API `POST /orders` (docs/openapi.yaml, operation placeOrder).
 * 201 {"orderId", "status": "PLACED"} with `Location: /orders/<id>`; 400 {"message", "errors"} for a
 * body that is not JSON or not a valid command, or a malformed Idempotency-Key; 422 when the
 * Idempotency-Key was used before for a different request. A retry with the same key and body answers
 * 201 with the same order id and `Idempotent-Replayed: true`, storing nothing.
 *
 * The correlation id of the order (on OrderPlaced, every event it causes, the logs and the
 * `x-correlation-id` response header) is the caller's `x-correlation-id`, else the API request id.
 *
 * Environment: EVENT_STORE_TABLE, PAYMENT_WINDOW_MINUTES (default 30), ORDER_CURRENCY (default EUR).
 */

const config = loadPlaceOrderConfig();
const store = createEventStore({ tableName: config.eventStoreTable, client: tracer.captureAWSv3Client(new DynamoDBClient({})) });

export async function handlePlaceOrder(event: APIGatewayProxyEventV2): Promise<HttpResponse> {
  const key = checkIdempotencyKey(header(event, IDEMPOTENCY_KEY_HEADER));
  if (!key.valid) return badRequest(`The ${IDEMPOTENCY_KEY_HEADER} header is invalid`, [key.problem]);
  const parsed = parseJsonBody(event, PlaceOrderCommand, 'The order');
  if (!parsed.success) return parsed.response;

  const outcome = await placeOrder(
    { command: parsed.data, idempotencyKey: key.key, correlationId: currentCorrelationId() ?? randomUUID() },
    { store, paymentWindowMinutes: config.paymentWindowMinutes, currency: config.currency },
  );
  const location = { Location: `/orders/${outcome.orderId}` };
  switch (outcome.kind) {
    case 'placed':
      metrics.addMetric('OrdersPlaced', MetricUnit.Count, 1);
      logger.info('Order placed', { orderId: outcome.orderId, items: parsed.data.items.length });
      return json(201, { orderId: outcome.orderId, status: 'PLACED' }, location);
    case 'replayed':
      logger.info('Order placed before with this Idempotency-Key: answering with it', { orderId: outcome.orderId });
      return json(201, { orderId: outcome.orderId, status: 'PLACED' }, { ...location, 'Idempotent-Replayed': 'true' });
    case 'key-reused':
      logger.warn('Idempotency-Key reused for a different order: rejected', { orderId: outcome.orderId });
      return json(422, {
        message:
          key.key === undefined
            ? `Order ${outcome.orderId} already exists for a different request`
            : `${IDEMPOTENCY_KEY_HEADER} ${JSON.stringify(key.key)} was already used for a different request: use a new key for a new order`,
      });
  }
}

export const handler = createHandler(handlePlaceOrder);
