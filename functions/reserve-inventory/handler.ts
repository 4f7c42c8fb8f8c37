import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { createEventStore } from '../../shared/event-store/index.ts';
import { OrderPlaced } from '../../shared/events/index.ts';
import { OrderNotFoundError } from '../../shared/orders/index.ts';
import { createHandler, logger, metrics, sqsBatchHandler, tracer } from '../../shared/runtime/index.ts';
import { loadReserveInventoryConfig } from './config.ts';
import { reserveInventory } from './reserve-inventory.ts';

/*
 * reserve-inventory: rule OrderPlaced → inventory queue → this function (batch 10, partial batch
 * responses). Reserves every line's stock or none, and records the answer (InventoryReserved or
 * InventoryShortage) in the order's stream; the outbox relay publishes it.
 *
 * Redelivery changes nothing: the order's stream says inventory answered. A message that can never
 * succeed (not JSON, not an OrderPlaced of the catalog, an order without a stream) goes to the DLQ at
 * once with its reason (ErrorCode, ErrorMessage attributes); anything else (throttling, network, stock
 * contention) is a batch item failure, retried until the queue's redrive policy moves it.
 *
 * Environment: EVENT_STORE_TABLE, PRODUCTS_TABLE, DEAD_LETTER_QUEUE_URL.
 */

const config = loadReserveInventoryConfig();
const dynamodb = tracer.captureAWSv3Client(new DynamoDBClient({}));
const store = createEventStore({ tableName: config.eventStoreTable, client: dynamodb });
const documents = DynamoDBDocumentClient.from(dynamodb);

export const handler = createHandler(
  sqsBatchHandler(
    OrderPlaced,
    async (placed) => {
      const outcome = await reserveInventory(placed, { store, client: documents, productsTable: config.productsTable });
      switch (outcome.kind) {
        case 'reserved':
          metrics.addMetric('OrdersReserved', MetricUnit.Count, 1);
          logger.info('Stock reserved', { orderId: outcome.orderId, version: outcome.version, items: outcome.items });
          break;
        case 'rejected':
          metrics.addMetric('OrdersShortOfStock', MetricUnit.Count, 1);
          logger.info('Order rejected: stock short', { orderId: outcome.orderId, version: outcome.version, shortages: outcome.shortages });
          break;
        case 'skipped':
          logger.info('Nothing to reserve', { orderId: outcome.orderId, reason: outcome.reason });
          break;
      }
      return outcome;
    },
    { deadLetter: { queueUrl: config.deadLetterQueueUrl, isPoison: (error) => error instanceof OrderNotFoundError } },
  ),
);
