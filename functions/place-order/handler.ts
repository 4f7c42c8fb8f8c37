import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { randomUUID } from 'node:crypto';
import { createEventStore } from '../../shared/event-store/index.ts';
import { badRequest, header, json, parseJsonBody, type HttpResponse } from '../../shared/http/index.ts';
import { placeOrderCommandSchema } from '../../shared/orders/index.ts';
import { createHandler, currentCorrelationId, logger, metrics, tracer } from '../../shared/runtime/index.ts';
import { loadPlaceOrderConfig } from './config.ts';
import { checkIdempotencyKey, IDEMPOTENCY_KEY_HEADER } from '../../shared/http/index.ts';
import { placeOrder } from './place-order.ts';
import { readPrices } from './read-prices.ts';

/*
 * place-order: HTTP API `POST /orders` (docs/openapi.yaml, operation placeOrder).
 * 201 {"orderId", "status": "PLACED"} with `Location: /orders/<id>`; 400 {"message", "errors"} for a
 * body that is not JSON or not a valid command (bounds and character sets: shared/events/catalog/common.ts,
 * shared/money/limits.ts), or a malformed Idempotency-Key; 422 {"message", "errors"} naming each SKU the
 * catalog does not sell (`items[i].sku`), or when the Idempotency-Key was used before for a different
 * request; 409 {"message", "errors", "prices"} when a `unitPrice` sent is not the catalog's price, with
 * every line's current price. A retry with the same key and body answers 201 with the same order id and
 * `Idempotent-Replayed: true`, storing nothing. Only a 201 stores anything.
 *
 * Prices are the catalog's (Products table, read at order time), in minor units inside and decimals
 * in the request and answers.
 *
 * The correlation id of the order (on OrderPlaced, every event it causes, the logs and the
 * `x-correlation-id` response header) is the caller's `x-correlation-id`, else the API request id.
 *
 * Environment: EVENT_STORE_TABLE, PRODUCTS_TABLE, PAYMENT_WINDOW_MINUTES (default 30), ORDER_CURRENCY (default EUR).
 */

const config = loadPlaceOrderConfig();
const dynamodb = tracer.captureAWSv3Client(new DynamoDBClient({}));
const store = createEventStore({ tableName: config.eventStoreTable, client: dynamodb });
const documents = DynamoDBDocumentClient.from(dynamodb);
const PlaceOrderCommand = placeOrderCommandSchema(config.currency);
const pricesOf = (skus: readonly string[]) => readPrices(skus, { client: documents, tableName: config.productsTable });

export async function handlePlaceOrder(event: APIGatewayProxyEventV2): Promise<HttpResponse> {
  const key = checkIdempotencyKey(header(event, IDEMPOTENCY_KEY_HEADER));
  if (!key.valid) return badRequest(`The ${IDEMPOTENCY_KEY_HEADER} header is invalid`, [key.problem]);
  const parsed = parseJsonBody(event, PlaceOrderCommand, 'The order');
  if (!parsed.success) return parsed.response;

  const outcome = await placeOrder(
    { command: parsed.data, idempotencyKey: key.key, correlationId: currentCorrelationId() ?? randomUUID() },
    { store, readPrices: pricesOf, paymentWindowMinutes: config.paymentWindowMinutes, currency: config.currency },
  );
  switch (outcome.kind) {
    case 'placed':
      metrics.addMetric('OrdersPlaced', MetricUnit.Count, 1);
      logger.info('Order placed', { orderId: outcome.orderId, items: parsed.data.items.length, totalMinor: outcome.totalMinor, currency: config.currency });
      return json(201, { orderId: outcome.orderId, status: 'PLACED' }, { Location: `/orders/${outcome.orderId}` });
    case 'replayed':
      logger.info('Order placed before with this Idempotency-Key: answering with it', { orderId: outcome.orderId });
      return json(201, { orderId: outcome.orderId, status: 'PLACED' }, { Location: `/orders/${outcome.orderId}`, 'Idempotent-Replayed': 'true' });
    case 'key-reused':
      logger.warn('Idempotency-Key reused for a different order: rejected', { orderId: outcome.orderId });
      return json(422, {
        message:
          key.key === undefined
            ? `Order ${outcome.orderId} already exists for a different request`
            : `${IDEMPOTENCY_KEY_HEADER} ${JSON.stringify(key.key)} was already used for a different request: use a new key for a new order`,
      });
    case 'unknown-skus':
      logger.info('Order refused: SKUs the catalog does not sell', { errors: outcome.problems });
      return json(422, { message: 'The order names products the catalog does not sell', errors: outcome.problems });
    case 'prices-changed':
      logger.info('Order refused: the client saw other prices than the catalog has', { errors: outcome.problems });
      return json(409, { message: 'Prices changed: confirm the current prices and place the order again', errors: outcome.problems, prices: outcome.prices });
  }
}

export const handler = createHandler(handlePlaceOrder);
