import { MetricUnit } from '@aws-lambda-powertools/metrics';
import type { Context } from 'aws-lambda';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { createEventStore } from '../../shared/event-store/index.ts';
import { createHandler, loadConfig, logger, metrics, parseScheduleInput, tracer, withCorrelationId } from '../../shared/runtime/index.ts';
import { ExpiryRunFailedError } from './errors.ts';
import { expireOrder } from './expire-order.ts';
import { expireUnpaidOrders, type ExpirySummary } from './expire-unpaid-orders.ts';
import { overdueOrderIds } from './overdue-orders.ts';
import { runIdOf } from './run-id.ts';

/*
 * expire-unpaid-orders: EventBridge Scheduler, rate(5 minutes), Input
 * `{"scheduledTime": "<aws.scheduler.scheduled-time>"}`. Finds orders the read model shows unpaid
 * past their deadline and records OrderExpired for those the event store agrees on, giving their
 * reserved stock back in the same transaction.
 *
 * The run's "now" is its scheduled time, so a retried delivery of one run decides exactly as the
 * first did; its id (`expire-unpaid-orders#<scheduledTime>`) is the causation id of the events it
 * appends and the correlation id of its log lines. Expiring twice is impossible: the second attempt
 * finds the order EXPIRED in its stream. One order failing does not stop the others; the run
 * throws at the end, naming them, so the failure shows in the Errors metric and alarms. The next
 * run, five minutes later, tries them again. A backlog larger than one run can work through (a
 * burst of unpaid orders) is not a failure: the run stops taking orders before its timeout and
 * the next runs go on, as the index still shows them.
 *
 * Environment: EVENT_STORE_TABLE, ORDERS_TABLE, PRODUCTS_TABLE.
 */

const { eventStoreTable, ordersTable, productsTable } = loadConfig({ required: ['eventStoreTable', 'ordersTable', 'productsTable'] });
const dynamodb = tracer.captureAWSv3Client(new DynamoDBClient({}));
const store = createEventStore({ tableName: eventStoreTable, client: dynamodb });
const documents = DynamoDBDocumentClient.from(dynamodb);

export async function runExpiry(input: unknown, context: Pick<Context, 'getRemainingTimeInMillis'>): Promise<ExpirySummary> {
  const { scheduledTime } = parseScheduleInput(input);
  const now = new Date(scheduledTime);
  const runId = runIdOf(scheduledTime);
  return withCorrelationId(runId, async () => {
    let summary: ExpirySummary;
    try {
      summary = await expireUnpaidOrders(runId, {
        candidates: overdueOrderIds(now, { client: documents, tableName: ordersTable }),
        expire: (orderId) => expireOrder(orderId, now, { eventId: runId, correlationId: runId }, { store, productsTable }),
        remainingTimeMs: () => context.getRemainingTimeInMillis(),
        onOutcome: (outcome) => {
          if (outcome.kind === 'expired') {
            logger.info('Order expired', { orderId: outcome.orderId, version: outcome.version, released: outcome.released });
            if (outcome.unreleased.length > 0)
              logger.warn('Reserved stock not given back: the products no longer exist', { orderId: outcome.orderId, unreleased: outcome.unreleased });
          } else {
            logger.info('Order not expired', { orderId: outcome.orderId, reason: outcome.reason });
          }
        },
      });
    } catch (error) {
      if (error instanceof ExpiryRunFailedError) {
        const partial = error.summary;
        metrics.addMetric('OrdersExpired', MetricUnit.Count, partial.expired);
        metrics.addMetric('OrderExpiryFailures', MetricUnit.Count, partial.failed);
        logger.error('Expiry run finished with failures', { ...partial, failures: error.failures });
      }
      throw error;
    }
    metrics.addMetric('OrdersExpired', MetricUnit.Count, summary.expired);
    if (summary.stoppedEarly) {
      metrics.addMetric('OrderExpiriesDeferred', MetricUnit.Count, summary.deferred);
      logger.warn('Expiry run stopped before its timeout: the orders not tried (and later pages) are left to the next run', { ...summary });
    } else {
      logger.info('Expiry run finished', { ...summary });
    }
    return summary;
  });
}

export const handler = createHandler(runExpiry);
