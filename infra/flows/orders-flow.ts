import { Duration, RemovalPolicy, Stack, Tags } from 'aws-cdk-lib';
import { HttpMethod } from 'aws-cdk-lib/aws-apigatewayv2';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as events from 'aws-cdk-lib/aws-events';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { DynamoEventSource, SqsDlq, SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import * as scheduler from 'aws-cdk-lib/aws-scheduler';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import {
  InventoryReserved,
  InventoryShortage,
  OrderExpired,
  OrderPaid,
  OrderPlaced,
  PaymentFailed,
  PaymentReceived,
  patternFor,
} from '../../shared/events/index.ts';
import { ORDER_AGGREGATE } from '../../shared/orders/index.ts';
import {
  DEV_PAYMENT_WEBHOOK_SECRET,
  LOCAL_DEFAULT_TAG,
  LOCAL_VALUE_FROM_ENV_TAG,
  PAYMENT_WEBHOOK_AGGREGATE_PREFIX,
  PAYMENT_WEBHOOK_SECRET_ENV,
} from '../../shared/payments/webhook-secret.ts';
import { acknowledge } from '../acknowledge.ts';
import { DeadLetterQueue } from '../constructs/dead-letter-queue.ts';
import type { EventfulFunction } from '../constructs/eventful-function.ts';
import type { EventfulHttpApi } from '../constructs/eventful-http-api.ts';
import type { EventfulPlatform } from '../constructs/eventful-platform.ts';
import type { SecureQueue } from '../constructs/secure-queue.ts';
import { anyOfPatterns } from './any-of-patterns.ts';
import { EventStoreTable } from './event-store-table.ts';
import { flowTable } from './flow-table.ts';
import { InvokeFunction } from './invoke-function.ts';
import { OrdersReadModel } from './orders-read-model.ts';

export interface OrdersFlowProps {
  readonly platform: EventfulPlatform;
  /** Where the flow adds `POST /orders`, `GET /orders/{orderId}` and `POST /webhooks/payments`. */
  readonly api: EventfulHttpApi;
  /** The Products table (`PRODUCTS_TABLE`), whose stock orders reserve and release. */
  readonly productsTable: dynamodb.ITableV2;
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

/*
 * API functions answer a waiting client: each makes one or two DynamoDB calls of milliseconds (the
 * webhook one Secrets Manager call per cold start), so a few seconds is ample, and a hung call fails
 * fast instead of holding the client until API Gateway's 30-second integration limit.
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-quotas.html
 */
const API_TIMEOUT = Duration.seconds(5);

/*
 * The relay publishes up to 100 records per batch: ten PutEvents calls of ten entries, plus claim
 * checks for large events. 30 s covers SDK retries on all of them.
 */
const RELAY_TIMEOUT = Duration.seconds(30);

/*
 * A stream record that still fails after an hour of retries goes to the relay's on-failure queue.
 * DynamoDB Streams keeps records 24 hours and the on-failure message only points at them (shard and
 * sequence numbers), so an hour leaves an operator 23 hours to read them back.
 * https://docs.aws.amazon.com/lambda/latest/dg/services-dynamodb-errors.html
 */
const RELAY_MAX_RECORD_AGE = Duration.hours(1);

/** The expiry job's rate: an unpaid order expires at most this long after its deadline. */
const EXPIRY_RATE = Duration.minutes(5);

/**
 * Every event the functions of this flow append to the event store, so every event the outbox relay
 * publishes: the relay may put these on the bus (their sources `eventful.orders`,
 * `eventful.inventory` and `eventful.payments`, and detail types) and nothing else.
 */
export const EVENT_STORE_EVENTS = [OrderPlaced, InventoryReserved, InventoryShortage, PaymentReceived, PaymentFailed, OrderPaid, OrderExpired] as const;

/**
 * The orders flow of issue 4: event sourcing with an outbox relay, a stock reservation queue, signed
 * payment webhooks, a read model, customer notifications and a scheduled expiry of unpaid orders.
 *
 * - `POST /orders` (place-order) appends `OrderPlaced` to the event store;
 * - relay-events publishes every stored event from the event store's stream to the bus (INSERTs
 *   only, bisecting failing batches, then an alarmed on-failure queue);
 * - `OrderPlaced` → queue → reserve-inventory records `InventoryReserved` or `InventoryShortage`,
 *   reserving stock in Products atomically with the event;
 * - `POST /webhooks/payments` (payment-webhook) verifies the signature and records the delivery as
 *   `PaymentReceived` or `PaymentFailed`; `PaymentReceived` → record-payment records `OrderPaid`;
 * - order and inventory events → queue → project-order builds the read model `GET /orders/{orderId}`
 *   (get-order) serves;
 * - customer-facing events → one rule with an input transformer → send-notification;
 * - every 5 minutes, expire-unpaid-orders records `OrderExpired` for orders unpaid past their
 *   deadline, releasing their stock.
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
  readonly notificationsTable: dynamodb.TableV2;
  /** The HMAC secret shared with the payment provider (`PAYMENT_WEBHOOK_SECRET_ARN`). */
  readonly webhookSecret: secretsmanager.Secret;
  readonly inventoryQueue: SecureQueue;
  readonly projectionQueue: SecureQueue;
  /** Where the relay's failed stream batches are described (they stay in the stream 24 hours). */
  readonly relayFailures: DeadLetterQueue;
  /** Where the expiry schedule's undeliverable invocations go. */
  readonly expiryScheduleFailures: DeadLetterQueue;
  readonly expirySchedule: scheduler.Schedule;
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
    const { platform, api, productsTable } = props;
    const alarmTopic = platform.alarmTopic;

    this.eventStore = new EventStoreTable(this, 'EventStore');
    this.readModel = new OrdersReadModel(this, 'ReadModel');
    this.notificationsTable = flowTable(this, 'Notifications', {
      partitionKey: { name: 'orderId', type: dynamodb.AttributeType.STRING },
      sortKey: { name: 'notificationKey', type: dynamodb.AttributeType.STRING },
      // The record of what customers were sent, and the guard against sending it twice: replaying
      // the events could only rebuild it by notifying again, and the archive keeps them 30 days.
      removalPolicy: RemovalPolicy.RETAIN,
    });
    const eventStoreEnv = { EVENT_STORE_TABLE: this.eventStore.table.tableName };
    const ordersEnv = { ORDERS_TABLE: this.readModel.table.tableName };
    const productsEnv = { PRODUCTS_TABLE: productsTable.tableName };

    // POST /orders
    const placeOrder = platform.createFunction(this, 'PlaceOrder', {
      name: 'place-order',
      description: 'POST /orders: validates the command and appends OrderPlaced to the event store',
      invokedAsynchronously: false,
      timeout: API_TIMEOUT,
      environment: {
        ...eventStoreEnv,
        PAYMENT_WINDOW_MINUTES: String(props.paymentWindowMinutes ?? 30),
        ORDER_CURRENCY: props.currency ?? 'EUR',
      },
    });
    // Loads the order first: a repeated Idempotency-Key answers with the stored order.
    this.eventStore.grantLoad(placeOrder);
    this.eventStore.grantAppend(placeOrder);
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
      environment: ordersEnv,
    });
    this.readModel.grantReadOrders(getOrder);
    api.addRoute(HttpMethod.GET, '/orders/{orderId}', getOrder, {
      withoutAuthorizerBecause:
        'Storefront route, public by design in this demo: order ids are unguessable UUIDs, and the view holds no payment details. A production deployment adds a JWT authorizer and serves an order only to its customer.',
    });

    // The outbox relay: the event store's stream → the bus.
    const relayEvents = platform.createFunction(this, 'RelayEvents', {
      name: 'relay-events',
      description: 'Publishes every event stored in the event store to the bus, exactly as stored (outbox relay)',
      invokedAsynchronously: false,
      timeout: RELAY_TIMEOUT,
    });
    platform.grantPublish(relayEvents, EVENT_STORE_EVENTS);
    this.relayFailures = new DeadLetterQueue(this, 'RelayFailures', { purpose: 'the outbox relay (event store stream batches)', alarmTopic });
    acknowledge(
      this.relayFailures.queue,
      'AwsSolutions-SQS3',
      "This queue is the relay's event source mapping on-failure destination, a dead-letter queue itself; cdk-nag only recognizes DLQs named in a RedrivePolicy or a DeadLetterConfig.",
    );
    relayEvents.function.addEventSource(
      new DynamoEventSource(this.eventStore.table, {
        // From the oldest record kept: events stored before the mapping existed are published too.
        startingPosition: lambda.StartingPosition.TRIM_HORIZON,
        // Events are only ever inserted; an update or delete (by an operator) must not republish anything.
        filters: [lambda.FilterCriteria.filter({ eventName: lambda.FilterRule.isEqual('INSERT') })],
        batchSize: 100,
        bisectBatchOnError: true,
        retryAttempts: 10,
        maxRecordAge: RELAY_MAX_RECORD_AGE,
        reportBatchItemFailures: true,
        onFailure: new SqsDlq(this.relayFailures.queue),
      }),
    );

    // OrderPlaced → queue → reserve-inventory
    this.inventoryQueue = platform.createQueue(this, 'InventoryQueue');
    const reserveInventory = platform.createFunction(this, 'ReserveInventory', {
      name: 'reserve-inventory',
      description: 'Reserves stock for a placed order and records InventoryReserved or InventoryShortage',
      invokedAsynchronously: false,
      environment: { ...eventStoreEnv, ...productsEnv, DEAD_LETTER_QUEUE_URL: this.inventoryQueue.deadLetterQueue.queue.queueUrl },
    });
    this.eventStore.grantLoad(reserveInventory);
    this.eventStore.grantAppend(reserveInventory);
    // Stock is read with BatchGetItem, and decremented by conditional updates committed with the
    // event: item-level calls only (no Scan, no stream); products are never created or deleted here.
    productsTable.grant(reserveInventory, 'dynamodb:BatchGetItem', 'dynamodb:UpdateItem');
    // Invalid messages go straight to the DLQ with the reason, instead of five useless receives.
    this.inventoryQueue.deadLetterQueue.queue.grantSendMessages(reserveInventory);
    reserveInventory.function.addEventSource(
      new SqsEventSource(this.inventoryQueue.queue, {
        batchSize: 10,
        reportBatchItemFailures: true,
        // Orders for the same products race on the same stock items: a few pollers keep conditional
        // update conflicts rare while still draining a burst in parallel.
        maxConcurrency: 5,
      }),
    );
    platform.backbone.subscribeQueue('OrderPlacedToInventory', {
      pattern: patternFor(OrderPlaced),
      queue: this.inventoryQueue,
      description: 'Every placed order to the stock reservation queue',
    });

    // POST /webhooks/payments
    this.webhookSecret = new secretsmanager.Secret(this, 'PaymentWebhookSecret', {
      description: 'HMAC-SHA256 key the payment provider signs webhooks with (Webhook-Signature); set it to the value the provider shows',
      generateSecretString: { passwordLength: 64, excludePunctuation: true },
    });
    // Offline, the local runtime serves the value of $PAYMENT_WEBHOOK_SECRET, else the development default.
    Tags.of(this.webhookSecret).add(LOCAL_VALUE_FROM_ENV_TAG, PAYMENT_WEBHOOK_SECRET_ENV);
    Tags.of(this.webhookSecret).add(LOCAL_DEFAULT_TAG, DEV_PAYMENT_WEBHOOK_SECRET);
    acknowledge(
      this.webhookSecret,
      'AwsSolutions-SMG4',
      'The payment provider signs webhooks with this shared key: rotating it is a coordinated change on both sides (new key at the provider, both accepted during the overlap), which an automatic rotation Lambda cannot make.',
    );
    const paymentWebhook = platform.createFunction(this, 'PaymentWebhook', {
      name: 'payment-webhook',
      description: 'POST /webhooks/payments: verifies the signature and records the delivery as PaymentReceived or PaymentFailed',
      invokedAsynchronously: false,
      timeout: API_TIMEOUT,
      environment: { ...eventStoreEnv, PAYMENT_WEBHOOK_SECRET_ARN: this.webhookSecret.secretArn },
    });
    this.webhookSecret.grantRead(paymentWebhook);
    // Deliveries only: it cannot read or write an order's events.
    this.eventStore.grantLoad(paymentWebhook, { aggregatePrefix: PAYMENT_WEBHOOK_AGGREGATE_PREFIX });
    this.eventStore.grantAppend(paymentWebhook, { aggregatePrefix: PAYMENT_WEBHOOK_AGGREGATE_PREFIX });
    api.addRoute(HttpMethod.POST, '/webhooks/payments', paymentWebhook, {
      withoutAuthorizerBecause:
        'Called by the payment provider, which cannot present our tokens: the function authenticates every request by its HMAC-SHA256 Webhook-Signature over the raw body and rejects timestamps more than 300 s off.',
    });

    // PaymentReceived → record-payment
    const recordPayment = platform.createFunction(this, 'RecordPayment', {
      name: 'record-payment',
      description: 'Records OrderPaid on the order a received payment covers',
      environment: eventStoreEnv,
    });
    this.eventStore.grantLoad(recordPayment);
    this.eventStore.grantAppend(recordPayment);
    platform.backbone.subscribeFunction('PaymentReceivedToRecordPayment', {
      pattern: patternFor(PaymentReceived),
      function: recordPayment,
      description: 'Every received payment to the order it pays',
    });

    // Order and inventory events → queue → project-order
    this.projectionQueue = platform.createQueue(this, 'ProjectionQueue');
    const projectOrder = platform.createFunction(this, 'ProjectOrder', {
      name: 'project-order',
      description: 'Builds the order view from the order events in the event store (read model)',
      invokedAsynchronously: false,
      environment: { ...eventStoreEnv, ...ordersEnv },
    });
    this.eventStore.grantLoad(projectOrder);
    this.readModel.grantReadOrders(projectOrder);
    this.readModel.grantWriteOrders(projectOrder);
    projectOrder.function.addEventSource(
      new SqsEventSource(this.projectionQueue.queue, {
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
      ]),
      queue: this.projectionQueue,
      description: `Every event of an ${ORDER_AGGREGATE} aggregate to the read model projection`,
    });

    // Customer-facing events → one rule with an input transformer → send-notification
    const sendNotification = platform.createFunction(this, 'SendNotification', {
      name: 'send-notification',
      description: 'Sends the customer a notification for an order event (writes it to the Notifications table)',
      environment: { ...ordersEnv, NOTIFICATIONS_TABLE: this.notificationsTable.tableName },
    });
    this.readModel.grantReadOrders(sendNotification);
    this.notificationsTable.grant(sendNotification, 'dynamodb:PutItem');
    platform.backbone.subscribeFunction('OrderNotifications', {
      pattern: anyOfPatterns([
        patternFor(InventoryReserved),
        patternFor(InventoryShortage),
        patternFor(OrderPaid),
        patternFor(PaymentFailed),
        patternFor(OrderExpired),
      ]),
      function: sendNotification,
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

    // Every 5 minutes: expire-unpaid-orders
    const expireUnpaidOrders = platform.createFunction(this, 'ExpireUnpaidOrders', {
      name: 'expire-unpaid-orders',
      description: 'Records OrderExpired for orders unpaid past their deadline, releasing their stock',
      // One run pages through every overdue order, each a load and a transaction.
      timeout: Duration.seconds(60),
      // The next run, five minutes later, redoes the same work: a retry would only overlap with it.
      asyncRetryAttempts: 0,
      environment: { ...eventStoreEnv, ...ordersEnv, ...productsEnv },
    });
    this.readModel.grantQueryAwaitingPayment(expireUnpaidOrders);
    this.eventStore.grantLoad(expireUnpaidOrders);
    this.eventStore.grantAppend(expireUnpaidOrders);
    // Releasing stock adds it back with an update; products are never created or deleted here.
    productsTable.grant(expireUnpaidOrders, 'dynamodb:UpdateItem');
    this.expiryScheduleFailures = new DeadLetterQueue(this, 'ExpiryScheduleFailures', { purpose: 'the unpaid order expiry schedule', alarmTopic });
    acknowledge(
      this.expiryScheduleFailures.queue,
      'AwsSolutions-SQS3',
      "This queue is the expiry schedule's dead-letter queue; cdk-nag only recognizes DLQs named in a RedrivePolicy or a DeadLetterConfig.",
    );
    // A role of its own: the role CDK would share between every schedule target of the stack lets
    // each schedule invoke every other schedule's function.
    const expiryScheduleRole = new iam.Role(this, 'ExpiryScheduleRole', {
      description: 'Lets the unpaid order expiry schedule invoke expire-unpaid-orders',
      assumedBy: new iam.ServicePrincipal('scheduler.amazonaws.com', {
        // https://docs.aws.amazon.com/scheduler/latest/UserGuide/setting-up.html#setting-up-execution-role (confused deputy)
        conditions: {
          StringEquals: {
            'aws:SourceAccount': Stack.of(this).account,
            'aws:SourceArn': Stack.of(this).formatArn({ service: 'scheduler', resource: 'schedule-group', resourceName: 'default' }),
          },
        },
      }),
    });
    this.expirySchedule = new scheduler.Schedule(this, 'ExpireUnpaidOrdersSchedule', {
      description: 'Expires orders left unpaid past their payment deadline',
      schedule: scheduler.ScheduleExpression.rate(EXPIRY_RATE),
      target: new InvokeFunction(expireUnpaidOrders.function, {
        role: expiryScheduleRole,
        input: scheduler.ScheduleTargetInput.fromObject({ scheduledTime: scheduler.ContextAttribute.scheduledTime }),
        // A run not delivered within its own interval is superseded by the next one.
        maxEventAge: EXPIRY_RATE,
        retryAttempts: 3,
        deadLetterQueue: this.expiryScheduleFailures.queue,
      }),
    });

    this.functions = {
      placeOrder,
      getOrder,
      relayEvents,
      reserveInventory,
      paymentWebhook,
      recordPayment,
      projectOrder,
      sendNotification,
      expireUnpaidOrders,
    };
  }
}
