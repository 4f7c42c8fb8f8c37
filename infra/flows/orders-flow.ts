import { HttpMethod } from 'aws-cdk-lib/aws-apigatewayv2';
import type * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import type * as scheduler from 'aws-cdk-lib/aws-scheduler';
import type * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import {
  InventoryReserved,
  InventoryShortage,
  OrderExpired,
  OrderPaid,
  OrderPlaced,
  PaymentFailed,
  PaymentReceived,
  PaymentRequiresAttention,
} from '../../shared/events/index.ts';
import { ENV } from '../../shared/runtime/environment.ts';
import type { DeadLetterQueue } from '../constructs/dead-letter-queue.ts';
import { EventStoreTable } from '../constructs/event-store-table.ts';
import type { EventfulFunction } from '../constructs/eventful-function.ts';
import type { EventfulHttpApi } from '../constructs/eventful-http-api.ts';
import type { EventfulPlatform } from '../constructs/eventful-platform.ts';
import { OrdersReadModel } from '../constructs/orders-read-model.ts';
import type { ProductCatalog } from '../constructs/product-catalog.ts';
import type { SecureQueue } from '../constructs/secure-queue.ts';
import { API_TIMEOUT } from './orders/api-timeout.ts';
import { InventoryReservation } from './orders/inventory-reservation.ts';
import { OrderExpiry } from './orders/order-expiry.ts';
import { OrderNotifications } from './orders/order-notifications.ts';
import { OrderProjection } from './orders/order-projection.ts';
import { OutboxRelay } from './orders/outbox-relay.ts';
import { PaymentWebhook } from './orders/payment-webhook.ts';

export interface OrdersFlowProps {
  readonly platform: EventfulPlatform;
  /** Where the flow adds `POST /orders`, `GET /orders/{orderId}` and `POST /webhooks/payments`. */
  readonly api: EventfulHttpApi;
  /** The product catalog (`PRODUCTS_TABLE`), whose prices orders are priced from and whose stock they reserve and release. */
  readonly catalog: ProductCatalog;
  /**
   * Minutes a placed order waits for payment before the expiry job expires it (`PAYMENT_WINDOW_MINUTES`).
   * @default 30
   */
  readonly paymentWindowMinutes?: number;
  /**
   * The currency of every order (`ORDER_CURRENCY`).
   * @default 'EUR'
   */
  readonly currency?: string;
}

/**
 * Every event the functions of this flow append to the event store, so every event the outbox relay
 * publishes: the relay may put these on the bus (their sources `eventful.orders`,
 * `eventful.inventory` and `eventful.payments`, and detail types) and nothing else.
 */
export const EVENT_STORE_EVENTS = [
  OrderPlaced,
  InventoryReserved,
  InventoryShortage,
  PaymentReceived,
  PaymentFailed,
  OrderPaid,
  OrderExpired,
  PaymentRequiresAttention,
] as const;

/**
 * The orders flow of issue 4: event sourcing with an outbox relay, a stock reservation queue, signed
 * payment webhooks, a read model, customer notifications and a scheduled expiry of unpaid orders.
 * It holds the event store, the read model and the two order routes, and composes one construct per part:
 *
 * - `POST /orders` (place-order) prices the lines from Products and appends `OrderPlaced` to the event store;
 *   `GET /orders/{orderId}` (get-order) serves the read model;
 * - {@link OutboxRelay}: relay-events publishes every stored event from the event store's stream to the bus;
 * - {@link InventoryReservation}: `OrderPlaced` → queue → reserve-inventory;
 * - {@link PaymentWebhook}: `POST /webhooks/payments`, record-payment, the attention queue;
 * - {@link OrderProjection}: order and inventory events → queue → project-order → the read model;
 * - {@link OrderNotifications}: customer-facing events → send-notification;
 * - {@link OrderExpiry}: every 5 minutes, expire-unpaid-orders.
 *
 * Every function appends to the event store only (PutItem: never update or delete), and nothing
 * but relay-events publishes (IAM: `events:PutEvents` for the sources and detail types of
 * {@link EVENT_STORE_EVENTS} only): each event is published because it was stored. No function of the
 * flow uses the idempotency table or claim checks: deduplication is by conditional writes in the
 * event store, and stored events (at most 400 KB) always fit the bus.
 */
export class OrdersFlow extends Construct {
  readonly eventStore: EventStoreTable;
  readonly readModel: OrdersReadModel;
  readonly relay: OutboxRelay;
  readonly inventory: InventoryReservation;
  readonly payments: PaymentWebhook;
  readonly projection: OrderProjection;
  readonly notifications: OrderNotifications;
  readonly expiry: OrderExpiry;
  readonly functions: {
    readonly placeOrder: EventfulFunction;
    readonly getOrder: EventfulFunction;
    readonly relayEvents: EventfulFunction;
    readonly reserveInventory: EventfulFunction;
    readonly paymentWebhook: EventfulFunction;
    readonly recordPayment: EventfulFunction;
    readonly projectOrder: EventfulFunction;
    readonly sendNotification: EventfulFunction;
    readonly expireUnpaidOrders: EventfulFunction;
  };

  constructor(scope: Construct, id: string, props: OrdersFlowProps) {
    super(scope, id);
    const { platform, api, catalog } = props;

    this.eventStore = new EventStoreTable(this, 'EventStore');
    this.readModel = new OrdersReadModel(this, 'ReadModel');
    const eventStore = this.eventStore;
    const readModel = this.readModel;

    // POST /orders
    const placeOrder = platform.createFunction(this, 'PlaceOrder', {
      name: 'place-order',
      description: 'POST /orders: validates the command and appends OrderPlaced to the event store',
      invokedAsynchronously: false,
      timeout: API_TIMEOUT,
      environment: {
        [ENV.paymentWindowMinutes]: String(props.paymentWindowMinutes ?? 30),
        [ENV.orderCurrency]: props.currency ?? 'EUR',
      },
    });
    // Loads the order first: a repeated Idempotency-Key answers with the stored order.
    eventStore.grantLoad(placeOrder);
    eventStore.grantAppend(placeOrder);
    // Prices each line from the catalog at order time: one BatchGetItem, nothing else of Products.
    catalog.grant(placeOrder, ['dynamodb:BatchGetItem']);
    api.addRoute(HttpMethod.POST, '/orders', placeOrder, {
      withoutAuthorizerBecause:
        'Storefront route, public by design in this demo: customers place orders anonymously; the body is validated and Idempotency-Key dedups. A production deployment adds a JWT authorizer (customer accounts) and a WAF rate rule.',
    });

    // GET /orders/{orderId}
    const getOrder = platform.createFunction(this, 'GetOrder', {
      name: 'get-order',
      description: 'GET /orders/{orderId}: serves the order view from the read model',
      invokedAsynchronously: false,
      timeout: API_TIMEOUT,
    });
    readModel.grantReadOrders(getOrder);
    api.addRoute(HttpMethod.GET, '/orders/{orderId}', getOrder, {
      withoutAuthorizerBecause:
        'Storefront route, public by design in this demo: order ids are unguessable UUIDs, and the view holds no payment details. A production deployment adds a JWT authorizer and serves an order only to its customer.',
    });

    this.relay = new OutboxRelay(this, 'Relay', { platform, eventStore, events: EVENT_STORE_EVENTS });
    this.inventory = new InventoryReservation(this, 'Inventory', { platform, eventStore, catalog });
    this.payments = new PaymentWebhook(this, 'Payments', { platform, api, eventStore });
    this.projection = new OrderProjection(this, 'Projection', { platform, eventStore, readModel });
    this.notifications = new OrderNotifications(this, 'Notifications', { platform, readModel });
    this.expiry = new OrderExpiry(this, 'Expiry', { platform, eventStore, readModel, catalog });

    this.functions = {
      placeOrder,
      getOrder,
      relayEvents: this.relay.function,
      reserveInventory: this.inventory.function,
      paymentWebhook: this.payments.webhook,
      recordPayment: this.payments.recordPayment,
      projectOrder: this.projection.function,
      sendNotification: this.notifications.function,
      expireUnpaidOrders: this.expiry.function,
    };
  }

  get notificationsTable(): dynamodb.TableV2 {
    return this.notifications.table.table;
  }
  /** The HMAC secret shared with the payment provider (`PAYMENT_WEBHOOK_SECRET_ARN`). */
  get webhookSecret(): secretsmanager.Secret {
    return this.payments.secret;
  }
  get inventoryQueue(): SecureQueue {
    return this.inventory.queue;
  }
  get projectionQueue(): SecureQueue {
    return this.projection.queue;
  }
  /** PaymentRequiresAttention events, for a person; alarmed as soon as one is waiting. */
  get paymentsNeedingAttention(): SecureQueue {
    return this.payments.needingAttention;
  }
  get paymentsNeedingAttentionAlarm(): cloudwatch.Alarm {
    return this.payments.needingAttentionAlarm;
  }
  /** payment-webhook answered 409 to a delivery id reused with another body. */
  get webhookDeliveryConflictsAlarm(): cloudwatch.Alarm {
    return this.payments.deliveryConflictsAlarm;
  }
  /** Where the relay's failed stream batches are described (they stay in the stream 24 hours). */
  get relayFailures(): DeadLetterQueue {
    return this.relay.failures;
  }
  /** Where the expiry schedule's undeliverable invocations go. */
  get expiryScheduleFailures(): DeadLetterQueue {
    return this.expiry.scheduleFailures;
  }
  get expirySchedule(): scheduler.Schedule {
    return this.expiry.schedule;
  }
}
