import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { PutCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { NOTIFICATIONS_TABLE_KEY } from '../../shared/orders/index.ts';
import type { NotificationKind } from './notification-input.ts';

/** One customer-facing notification, caused by one event. */
export interface Notification {
  orderId: string;
  customerId: string;
  kind: NotificationKind;
  message: string;
  /** The event it tells about: one notification per event, whatever the redeliveries. */
  eventId: string;
  correlationId: string;
  occurredAt: string;
}

/** `sent`, or `duplicate` when this event's notification was sent before (nothing sent again). */
export type SendResult = 'sent' | 'duplicate';

/** Where notifications go. A real channel (email, SMS) implements the same interface. */
export interface NotificationSender {
  send(notification: Notification): Promise<SendResult>;
}

/** The Notifications table's sort key: one item per kind and event of an order. */
export const notificationKeyOf = ({ kind, eventId }: Pick<Notification, 'kind' | 'eventId'>): string => `${kind}#${eventId}`;

/**
 * A sender that "sends" by recording the notification in the Notifications table (PK `orderId`,
 * SK `notificationKey`), where tests and the local runtime can see it. The put is conditional on
 * the key being new, so a redelivered event sends nothing twice.
 */
export function tableNotificationSender(options: { client: DynamoDBDocumentClient; tableName: string; now?: () => Date }): NotificationSender {
  return {
    async send(notification) {
      try {
        await options.client.send(
          new PutCommand({
            TableName: options.tableName,
            Item: { ...notification, notificationKey: notificationKeyOf(notification), sentAt: (options.now?.() ?? new Date()).toISOString() },
            ConditionExpression: 'attribute_not_exists(#key)',
            ExpressionAttributeNames: { '#key': NOTIFICATIONS_TABLE_KEY.sortKey },
          }),
        );
      } catch (error) {
        if (error instanceof ConditionalCheckFailedException) return 'duplicate';
        throw error;
      }
      return 'sent';
    },
  };
}
