import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import { Construct } from 'constructs';
import {
  InventoryReserved,
  InventoryShortage,
  OrderExpired,
  OrderPaid,
  OrderPlaced,
  PaymentRequiresAttention,
  patternFor,
} from '../../../shared/events/index.ts';
import { ORDER_AGGREGATE } from '../../../shared/orders/index.ts';
import { anyOfPatterns } from '../../constructs/any-of-patterns.ts';
import type { EventStoreTable } from '../../constructs/event-store-table.ts';
import type { EventfulFunction } from '../../constructs/eventful-function.ts';
import type { EventfulPlatform } from '../../constructs/eventful-platform.ts';
import type { OrdersReadModel } from '../../constructs/orders-read-model.ts';
import type { SecureQueue } from '../../constructs/secure-queue.ts';

export interface OrderProjectionProps {
  readonly platform: EventfulPlatform;
  readonly eventStore: EventStoreTable;
  /** The read model it writes. */
  readonly readModel: OrdersReadModel;
}

/** Order and inventory events → queue → project-order, which rebuilds each order's view in the read model. */
export class OrderProjection extends Construct {
  readonly queue: SecureQueue;
  readonly function: EventfulFunction;

  constructor(scope: Construct, id: string, { platform, eventStore, readModel }: OrderProjectionProps) {
    super(scope, id);
    this.queue = platform.createQueue(this, 'Queue');
    this.function = platform.createFunction(this, 'ProjectOrder', {
      name: 'project-order',
      description: 'Builds the order view from the order events in the event store (read model)',
      invokedAsynchronously: false,
    });
    eventStore.grantLoad(this.function);
    readModel.grantReadOrders(this.function);
    readModel.grantWriteOrders(this.function);
    this.function.function.addEventSource(
      new SqsEventSource(this.queue.queue, {
        batchSize: 10,
        reportBatchItemFailures: true,
        // Views are rebuilt from the event store with version checks, so order of delivery does not
        // matter; ten pollers keep the view seconds behind in a burst without flooding DynamoDB.
        maxConcurrency: 10,
      }),
    );
    const carriesOrderId = { data: { orderId: [{ exists: true }] } } as const;
    platform.backbone.subscribeQueue('OrderEventsToProjection', {
      pattern: anyOfPatterns([
        patternFor(OrderPlaced, carriesOrderId),
        patternFor(InventoryReserved, carriesOrderId),
        patternFor(InventoryShortage, carriesOrderId),
        patternFor(OrderPaid, carriesOrderId),
        patternFor(OrderExpired, carriesOrderId),
        // record-payment appends it to the order's stream (a payment after expiry, a second payment, …), often as
        // the stream's last event: without it the view's version stayed one behind the stream for good (the soak's
        // "version equals the number of events" invariant found it). One without an order projects nothing.
        patternFor(PaymentRequiresAttention, carriesOrderId),
      ]),
      queue: this.queue,
      description: `Every event of an ${ORDER_AGGREGATE} aggregate to the read model projection`,
    });
  }
}
