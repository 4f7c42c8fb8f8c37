import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { createHandler, loadConfig, logger, tracer } from '../../shared/runtime/index.ts';
import { findCustomer } from './find-customer.ts';
import { parseNotificationInput } from './notification-input.ts';
import { tableNotificationSender } from './notification-sender.ts';
import { sendNotification } from './send-notification.ts';

/*
 * send-notification: target of ONE rule on InventoryReserved, InventoryShortage, OrderPaid,
 * PaymentFailed and OrderExpired, whose input transformer hands over only
 * `{kind, eventId, correlationId, orderId, occurredAt}` (asynchronous invocation).
 *
 * The customer comes from the read model. When the order's view is not there yet (the projection
 * lags), the function looks twice more within a second, then fails so that Lambda retries it
 * later; after the function's retries the event goes to its on-failure destination rather than
 * looping forever. It never notifies without a customer: a notification nobody receives is lost.
 * A redelivered event sends nothing twice (conditional put on `<kind>#<eventId>`).
 *
 * Environment: ORDERS_TABLE, NOTIFICATIONS_TABLE.
 */

const { ordersTable, notificationsTable } = loadConfig({ required: ['ordersTable', 'notificationsTable'] });
const documents = DynamoDBDocumentClient.from(tracer.captureAWSv3Client(new DynamoDBClient({})));
const sender = tableNotificationSender({ client: documents, tableName: notificationsTable });

const correlationIdOfInput = (input: unknown): string | undefined => {
  const id = typeof input === 'object' && input !== null ? (input as Record<string, unknown>).correlationId : undefined;
  return typeof id === 'string' && id !== '' ? id : undefined;
};

export const handler = createHandler(
  async (received: unknown) => {
    let input;
    try {
      input = parseNotificationInput(received);
    } catch (error) {
      logger.error("Notification input rejected: not what the rule's input transformer sends", { error });
      throw error;
    }
    try {
      const { result, notification } = await sendNotification(input, {
        findCustomer: (orderId) => findCustomer(orderId, { client: documents, tableName: ordersTable }),
        sender,
      });
      if (result === 'sent')
        logger.info('Notification sent', {
          orderId: notification.orderId,
          customerId: notification.customerId,
          kind: notification.kind,
          eventId: notification.eventId,
          text: notification.message,
        });
      else
        logger.info('Notification already sent: nothing sent again', { orderId: notification.orderId, kind: notification.kind, eventId: notification.eventId });
      return { result, kind: notification.kind, orderId: notification.orderId };
    } catch (error) {
      logger.error('Notification not sent: Lambda retries, then the on-failure destination keeps it', {
        orderId: input.orderId,
        kind: input.kind,
        eventId: input.eventId,
        error,
      });
      throw error;
    }
  },
  { correlationId: correlationIdOfInput },
);
