import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { createEventStore } from '../../shared/event-store/index.ts';
import { InventoryReserved, InventoryShortage, OrderExpired, OrderPaid, OrderPlaced, PaymentRequiresAttention } from '../../shared/events/index.ts';
import { createHandler, loadConfig, logger, sqsBatchHandler, tracer } from '../../shared/runtime/index.ts';
import { oncePerBatch } from './once-per-batch.ts';
import { projectOrder } from './project-order.ts';

/*
 * project-order: rule on the order events → projection queue → this function (partial batch
 * responses). Builds the read model GET /orders/{orderId} serves.
 *
 * The message only says which order changed: the view is rebuilt from the order's stream in the
 * event store (read strongly consistently) and written with a version check, so duplicates and
 * out-of-order delivery cannot move a view backwards. Several messages of one batch for the same
 * order are projected once: every event they announce was stored before the batch was received
 * (the relay publishes only stored events), so the first load already holds them all.
 *
 * Environment: EVENT_STORE_TABLE, ORDERS_TABLE.
 */

const { eventStoreTable, ordersTable } = loadConfig({ required: ['eventStoreTable', 'ordersTable'] });
const dynamodb = tracer.captureAWSv3Client(new DynamoDBClient({}));
const store = createEventStore({ tableName: eventStoreTable, client: dynamodb });
const deps = { store, client: DynamoDBDocumentClient.from(dynamodb, { marshallOptions: { removeUndefinedValues: true } }), ordersTable };

const project = oncePerBatch((orderId) => projectOrder(orderId, deps));

export const handler = createHandler(
  sqsBatchHandler([OrderPlaced, InventoryReserved, InventoryShortage, OrderPaid, OrderExpired, PaymentRequiresAttention], async (event, { lambdaContext }) => {
    const { orderId } = event.detail.data;
    const { result, first } = await project(lambdaContext.awsRequestId, orderId);
    if (!first) logger.debug('Order already projected in this batch', { orderId, detailType: event.detailType });
    else if (result.kind === 'projected')
      logger.info('Order view projected', { orderId, version: result.version, status: result.status, detailType: event.detailType });
    else if (result.kind === 'up-to-date') logger.info('Order view already up to date', { orderId, version: result.version, detailType: event.detailType });
    else logger.warn('No order to project: the event store holds no stream for it', { orderId, detailType: event.detailType });
    return result;
  }),
);
