import { RemovalPolicy } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as events from 'aws-cdk-lib/aws-events';
import { Construct } from 'constructs';
import { InventoryReserved, InventoryShortage, OrderExpired, OrderPaid, PaymentFailed, patternFor } from '../../../shared/events/index.ts';
import { NOTIFICATIONS_TABLE_KEY } from '../../../shared/orders/index.ts';
import { ENV } from '../../../shared/runtime/environment.ts';
import { anyOfPatterns } from '../../constructs/any-of-patterns.ts';
import type { EventfulFunction } from '../../constructs/eventful-function.ts';
import type { EventfulPlatform } from '../../constructs/eventful-platform.ts';
import { FlowTable } from '../../constructs/flow-table.ts';
import type { OrdersReadModel } from '../../constructs/orders-read-model.ts';

export interface OrderNotificationsProps {
  readonly platform: EventfulPlatform;
  /** Where the customer of an order is found. */
  readonly readModel: OrdersReadModel;
}

/**
 * Customer-facing events → one rule with an input transformer → send-notification, which records
 * each notification it sends in the Notifications table (`NOTIFICATIONS_TABLE`: PK `orderId`, SK
 * `notificationKey`).
 */
export class OrderNotifications extends Construct {
  readonly table: FlowTable;
  readonly function: EventfulFunction;

  constructor(scope: Construct, id: string, { platform, readModel }: OrderNotificationsProps) {
    super(scope, id);
    this.table = new FlowTable(this, 'Table', {
      environmentVariable: ENV.notificationsTable,
      partitionKey: { name: NOTIFICATIONS_TABLE_KEY.partitionKey, type: dynamodb.AttributeType.STRING },
      sortKey: { name: NOTIFICATIONS_TABLE_KEY.sortKey, type: dynamodb.AttributeType.STRING },
      // The record of what customers were sent, and the guard against sending it twice: replaying
      // the events could only rebuild it by notifying again, and the archive keeps them 30 days.
      removalPolicy: RemovalPolicy.RETAIN,
    });
    this.function = platform.createFunction(this, 'SendNotification', {
      name: 'send-notification',
      description: 'Sends the customer a notification for an order event (writes it to the Notifications table)',
    });
    readModel.grantReadOrders(this.function);
    this.table.grant(this.function, ['dynamodb:PutItem']);
    platform.backbone.subscribeFunction('OrderNotifications', {
      pattern: anyOfPatterns([
        patternFor(InventoryReserved),
        patternFor(InventoryShortage),
        patternFor(OrderPaid),
        patternFor(PaymentFailed),
        patternFor(OrderExpired),
      ]),
      function: this.function,
      description: 'Customer-facing order events to the notification sender, reshaped to what it needs',
      // The function gets only what a notification needs, whatever the event: the kind and ids.
      input: events.RuleTargetInput.fromObject({
        kind: events.EventField.fromPath('$.detail-type'),
        eventId: events.EventField.fromPath('$.detail.metadata.eventId'),
        correlationId: events.EventField.fromPath('$.detail.metadata.correlationId'),
        orderId: events.EventField.fromPath('$.detail.data.orderId'),
        occurredAt: events.EventField.fromPath('$.detail.metadata.occurredAt'),
      }),
    });
  }
}
