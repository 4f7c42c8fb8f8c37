import { beforeAll, describe, expect, it } from 'vitest';
import { ConstructUsageError } from '../../infra/constructs/errors.ts';
import type { EventfulFunction } from '../../infra/constructs/eventful-function.ts';
import { anyOfPatterns } from '../../infra/constructs/any-of-patterns.ts';
import { EVENT_STORE_EVENTS } from '../../infra/flows/orders-flow.ts';
import { catalog, InventoryReserved, OrderPaid, PaymentFailed, patternFor } from '../../shared/events/index.ts';
import { synthesizeEventfulApp, type SynthesizedEventfulApp } from './support/eventful-app.ts';
import { referencedId, resourcesOf, type Resource } from './support/template.ts';

let eventful: SynthesizedEventfulApp;
beforeAll(() => {
  eventful = synthesizeEventfulApp();
});

type FunctionName = keyof SynthesizedEventfulApp['stack']['orders']['functions'];

const resources = () => eventful.template.toJSON().Resources as Record<string, Resource & { DeletionPolicy?: string }>;
const logicalId = (construct: { node: { defaultChild?: unknown } }) => eventful.stack.getLogicalId(construct.node.defaultChild as never);
const flow = () => eventful.stack.orders;
const fn = (name: FunctionName): EventfulFunction => flow().functions[name];
const fnId = (name: FunctionName) => logicalId(fn(name).function);
const tableIds = () => ({
  eventStore: logicalId(flow().eventStore.table),
  orders: logicalId(flow().readModel.table),
  notifications: logicalId(flow().notificationsTable),
  products: logicalId(eventful.stack.catalog.table),
});

interface Statement {
  Action: string | string[];
  Resource: unknown;
  Condition?: Record<string, unknown>;
}

/** Every statement of the function's own role. */
function statementsOf(name: FunctionName): Statement[] {
  const roleId = eventful.stack.getLogicalId(fn(name).role.node.defaultChild as never);
  return resourcesOf(eventful.template, 'AWS::IAM::Policy')
    .filter(([, policy]) => policy.Properties['Roles'].some((role: unknown) => referencedId(role) === roleId))
    .flatMap(([, policy]) => policy.Properties['PolicyDocument'].Statement as Statement[]);
}

/** The DynamoDB actions the function may call on the table (logical id), by resource as written. */
function dynamoAccess(name: FunctionName, tableId: string): { resource: string; actions: string[]; condition?: Record<string, unknown> }[] {
  return statementsOf(name).flatMap((statement) => {
    const resources = Array.isArray(statement.Resource) ? statement.Resource : [statement.Resource];
    return resources
      .filter((resource) => JSON.stringify(resource).includes(`"${tableId}"`))
      .map((resource) => ({
        resource: JSON.stringify(resource).includes('/index/') ? JSON.stringify(resource).replace(/.*\/index\/([^"]*)".*/, 'index/$1') : 'table',
        actions: [statement.Action].flat().sort(),
        ...(statement.Condition ? { condition: statement.Condition } : {}),
      }));
  });
}

function environmentOf(name: FunctionName): Record<string, unknown> {
  return resources()[fnId(name)]!.Properties['Environment'].Variables;
}

function ruleTargeting(targetId: string): Resource {
  const rule = resourcesOf(eventful.template, 'AWS::Events::Rule').find(([, r]) =>
    r.Properties['Targets'].some((t: { Arn: unknown }) => referencedId(t.Arn) === targetId),
  );
  if (!rule) throw new Error(`no rule targets ${targetId}`);
  return rule[1];
}

describe('OrdersFlow tables', () => {
  it('keeps the event store (aggregateId + numeric version, stream of new images) with point-in-time recovery, retained and deletion protected', () => {
    const table = resources()[tableIds().eventStore]!;

    expect(table).toMatchObject({
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
      Properties: {
        KeySchema: [
          { AttributeName: 'aggregateId', KeyType: 'HASH' },
          { AttributeName: 'version', KeyType: 'RANGE' },
        ],
        AttributeDefinitions: expect.arrayContaining([{ AttributeName: 'version', AttributeType: 'N' }]),
        StreamSpecification: { StreamViewType: 'NEW_IMAGE' },
        Replicas: [expect.objectContaining({ DeletionProtectionEnabled: true, PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true } })],
      },
    });
  });

  it('indexes the orders read model by awaitingPayment and paymentDeadline, all attributes, and deletes it with the stack', () => {
    const table = resources()[tableIds().orders]!;

    expect(table.DeletionPolicy).toBe('Delete');
    expect(table.Properties['Replicas']).toEqual([expect.objectContaining({ DeletionProtectionEnabled: false })]);
    expect(table.Properties).toMatchObject({
      KeySchema: [{ AttributeName: 'orderId', KeyType: 'HASH' }],
      GlobalSecondaryIndexes: [
        {
          IndexName: 'awaiting-payment',
          KeySchema: [
            { AttributeName: 'awaitingPayment', KeyType: 'HASH' },
            { AttributeName: 'paymentDeadline', KeyType: 'RANGE' },
          ],
          Projection: { ProjectionType: 'ALL' },
        },
      ],
    });
  });

  it('keys notifications by order and notification key, retained and deletion protected: the record of what customers were sent', () => {
    const table = resources()[tableIds().notifications]!;

    expect(table).toMatchObject({
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
      Properties: { Replicas: [expect.objectContaining({ DeletionProtectionEnabled: true })] },
    });
    expect(table.Properties['KeySchema']).toEqual([
      { AttributeName: 'orderId', KeyType: 'HASH' },
      { AttributeName: 'notificationKey', KeyType: 'RANGE' },
    ]);
  });
});

describe('OrdersFlow functions', () => {
  it.each<[FunctionName, Record<string, keyof ReturnType<typeof tableIds>>, Record<string, string>]>([
    ['placeOrder', { EVENT_STORE_TABLE: 'eventStore', PRODUCTS_TABLE: 'products' }, { PAYMENT_WINDOW_MINUTES: '30', ORDER_CURRENCY: 'EUR' }],
    ['getOrder', { ORDERS_TABLE: 'orders' }, {}],
    ['reserveInventory', { EVENT_STORE_TABLE: 'eventStore', PRODUCTS_TABLE: 'products' }, {}],
    ['paymentWebhook', { EVENT_STORE_TABLE: 'eventStore' }, {}],
    ['recordPayment', { EVENT_STORE_TABLE: 'eventStore' }, {}],
    ['projectOrder', { EVENT_STORE_TABLE: 'eventStore', ORDERS_TABLE: 'orders' }, {}],
    ['sendNotification', { ORDERS_TABLE: 'orders', NOTIFICATIONS_TABLE: 'notifications' }, {}],
    ['expireUnpaidOrders', { EVENT_STORE_TABLE: 'eventStore', ORDERS_TABLE: 'orders', PRODUCTS_TABLE: 'products' }, {}],
  ])('gives %s the tables and settings of the contract', (name, tables, settings) => {
    const environment = environmentOf(name);

    for (const [variable, table] of Object.entries(tables)) expect(environment[variable], variable).toEqual({ Ref: tableIds()[table] });
    expect(environment).toMatchObject(settings);
    expect(
      Object.keys(environment)
        .filter((key) => key.endsWith('_TABLE') && key !== 'IDEMPOTENCY_TABLE')
        .sort(),
    ).toEqual(Object.keys(tables).sort());
  });

  it.each<[FunctionName, string]>([
    ['placeOrder', 'place-order'],
    ['getOrder', 'get-order'],
    ['relayEvents', 'relay-events'],
    ['reserveInventory', 'reserve-inventory'],
    ['paymentWebhook', 'payment-webhook'],
    ['recordPayment', 'record-payment'],
    ['projectOrder', 'project-order'],
    ['sendNotification', 'send-notification'],
    ['expireUnpaidOrders', 'expire-unpaid-orders'],
  ])('names %s %s, its folder and Powertools service', (name, service) => {
    expect(environmentOf(name)['POWERTOOLS_SERVICE_NAME']).toBe(service);
  });

  it('answers HTTP requests within 5 seconds, and gives the functions behind routes no asynchronous retries', () => {
    const invokeConfigs = resourcesOf(eventful.template, 'AWS::Lambda::EventInvokeConfig').map(([, c]) => referencedId(c.Properties['FunctionName']));

    for (const name of ['placeOrder', 'getOrder', 'paymentWebhook'] as const) {
      expect(resources()[fnId(name)]!.Properties['Timeout'], name).toBe(5);
      expect(invokeConfigs).not.toContain(fnId(name));
    }
  });

  it('retries failed asynchronous invocations of rule and schedule targets into alarmed on-failure queues', () => {
    const configs = new Map(
      resourcesOf(eventful.template, 'AWS::Lambda::EventInvokeConfig').map(([, c]) => [referencedId(c.Properties['FunctionName']), c.Properties]),
    );

    expect(configs.get(fnId('recordPayment'))).toMatchObject({ MaximumRetryAttempts: 2 });
    expect(configs.get(fnId('sendNotification'))).toMatchObject({ MaximumRetryAttempts: 2 });
    // The next run redoes the same work.
    expect(configs.get(fnId('expireUnpaidOrders'))).toMatchObject({ MaximumRetryAttempts: 0 });
    for (const name of ['recordPayment', 'sendNotification', 'expireUnpaidOrders'] as const) expect(fn(name).onFailure?.depthAlarm).toBeDefined();
  });

  it('alarms on errors of every function', () => {
    const alarmed = resourcesOf(eventful.template, 'AWS::CloudWatch::Alarm')
      .filter(([, a]) => a.Properties['MetricName'] === 'Errors')
      .map(([, a]) => referencedId(a.Properties['Dimensions'][0].Value));

    for (const name of Object.keys(flow().functions) as FunctionName[]) expect(alarmed, name).toContain(fnId(name));
  });
});

describe('OrdersFlow outbox relay', () => {
  it('reads INSERTs only from the event store stream, 100 at a time from the oldest record, reporting failed items', () => {
    const [[, mapping]] = resourcesOf(eventful.template, 'AWS::Lambda::EventSourceMapping').filter(
      ([, m]) => referencedId(m.Properties['FunctionName']) === fnId('relayEvents'),
    ) as [[string, Resource]];

    expect(mapping.Properties).toMatchObject({
      EventSourceArn: { 'Fn::GetAtt': [tableIds().eventStore, 'StreamArn'] },
      FilterCriteria: { Filters: [{ Pattern: JSON.stringify({ eventName: ['INSERT'] }) }] },
      BatchSize: 100,
      StartingPosition: 'TRIM_HORIZON',
      FunctionResponseTypes: ['ReportBatchItemFailures'],
    });
  });

  it('bisects a failing batch, retries 10 times for at most an hour, then describes it in an alarmed on-failure queue', () => {
    const mapping = resourcesOf(eventful.template, 'AWS::Lambda::EventSourceMapping').find(
      ([, m]) => referencedId(m.Properties['FunctionName']) === fnId('relayEvents'),
    )![1];
    const failures = logicalId(flow().relayFailures.queue);

    expect(mapping.Properties).toMatchObject({ BisectBatchOnFunctionError: true, MaximumRetryAttempts: 10, MaximumRecordAgeInSeconds: 3600 });
    expect(referencedId(mapping.Properties['DestinationConfig'].OnFailure.Destination)).toBe(failures);
    expect(referencedId(resources()[logicalId(flow().relayFailures.depthAlarm)]!.Properties['Dimensions'][0].Value)).toBe(failures);
  });

  it('is the only function that reads the event store stream, and reads nothing else of the event store', () => {
    const readers = (Object.keys(flow().functions) as FunctionName[]).filter((name) =>
      statementsOf(name).some((s) => JSON.stringify(s.Resource).includes(`"${tableIds().eventStore}","StreamArn"`)),
    );

    expect(readers).toEqual(['relayEvents']);
    expect(
      dynamoAccess('relayEvents', tableIds().eventStore).map((a) => a.actions.filter((action) => !/Stream|GetRecords|GetShardIterator/.test(action))),
    ).toEqual([[]]);
  });
});

describe('OrdersFlow publishing', () => {
  it('lets the relay publish exactly the events the flow stores: those of every function that may append to the event store', () => {
    // Prepare: what the catalog says each appender produces.
    const appenders = (Object.keys(flow().functions) as FunctionName[])
      .filter((name) => dynamoAccess(name, tableIds().eventStore).some((a) => a.actions.includes('dynamodb:PutItem')))
      .map((name) => environmentOf(name)['POWERTOOLS_SERVICE_NAME'] as string);
    const stored = catalog.filter((definition) => definition.producers.some((producer) => appenders.includes(producer)));

    // Act
    const [putEvents] = statementsOf('relayEvents').filter((s) => [s.Action].flat().includes('events:PutEvents'));

    // Assess
    expect(appenders.sort()).toEqual(['expire-unpaid-orders', 'payment-webhook', 'place-order', 'record-payment', 'reserve-inventory']);
    expect(putEvents?.Condition).toEqual({
      StringEquals: {
        'events:source': [...new Set(stored.map((d) => d.source))].sort(),
        'events:detail-type': stored.map((d) => d.detailType).sort(),
      },
    });
    expect([...EVENT_STORE_EVENTS].sort((a, b) => a.detailType.localeCompare(b.detailType))).toEqual(
      [...stored].sort((a, b) => a.detailType.localeCompare(b.detailType)),
    );
  });

  it('lets no other function of the flow publish: they append, the relay publishes what was stored', () => {
    const publishers = (Object.keys(flow().functions) as FunctionName[]).filter((name) =>
      statementsOf(name).some((s) => [s.Action].flat().some((action) => action.startsWith('events:'))),
    );

    expect(publishers).toEqual(['relayEvents']);
    expect(environmentOf('placeOrder')['EVENT_BUS_NAME']).toBeUndefined();
  });
});

describe('OrdersFlow queues', () => {
  it.each<[FunctionName, 'inventoryQueue' | 'projectionQueue', number]>([
    ['reserveInventory', 'inventoryQueue', 5],
    ['projectOrder', 'projectionQueue', 10],
  ])('feeds %s from its %s 10 messages at a time, reporting failed items, with at most %i pollers', (name, queue, maxConcurrency) => {
    const mappings = resourcesOf(eventful.template, 'AWS::Lambda::EventSourceMapping').filter(
      ([, m]) => referencedId(m.Properties['FunctionName']) === fnId(name),
    );

    expect(mappings.map(([, m]) => m.Properties)).toEqual([
      {
        EventSourceArn: { 'Fn::GetAtt': [logicalId(flow()[queue].queue), 'Arn'] },
        FunctionName: { Ref: fnId(name) },
        BatchSize: 10,
        FunctionResponseTypes: ['ReportBatchItemFailures'],
        ScalingConfig: { MaximumConcurrency: maxConcurrency },
      },
    ]);
  });

  it('routes every OrderPlaced to the inventory queue', () => {
    expect(ruleTargeting(logicalId(flow().inventoryQueue.queue)).Properties['EventPattern']).toEqual({
      source: ['eventful.orders'],
      'detail-type': ['OrderPlaced'],
    });
  });

  it("routes every event an order's stream can hold (PaymentRequiresAttention included) to the projection queue, and no other payment event", () => {
    expect(ruleTargeting(logicalId(flow().projectionQueue.queue)).Properties['EventPattern']).toEqual({
      source: ['eventful.orders', 'eventful.inventory', 'eventful.payments'],
      'detail-type': ['OrderPlaced', 'InventoryReserved', 'InventoryShortage', 'OrderPaid', 'OrderExpired', 'PaymentRequiresAttention'],
      detail: { data: { orderId: [{ exists: true }] } },
    });
  });

  it('routes every PaymentRequiresAttention to the payments-needing-attention queue, alarmed as soon as one waits', () => {
    const queueId = logicalId(flow().paymentsNeedingAttention.queue);
    const alarm = resources()[logicalId(flow().paymentsNeedingAttentionAlarm)]!;

    expect(ruleTargeting(queueId).Properties['EventPattern']).toEqual({ source: ['eventful.payments'], 'detail-type': ['PaymentRequiresAttention'] });
    expect(alarm.Properties).toMatchObject({
      MetricName: 'ApproximateNumberOfMessagesVisible',
      Dimensions: [{ Name: 'QueueName', Value: { 'Fn::GetAtt': [queueId, 'QueueName'] } }],
      Threshold: 0,
      ComparisonOperator: 'GreaterThanThreshold',
      AlarmActions: [expect.anything()],
    });
    expect(resources()[queueId]?.Properties['MessageRetentionPeriod']).toBe(14 * 24 * 3600);
  });

  it("alarms on payment-webhook's WebhookDeliveryConflicts metric (a delivery id reused with another body)", () => {
    const alarm = resources()[logicalId(flow().webhookDeliveryConflictsAlarm)]!;

    expect(alarm.Properties).toMatchObject({
      Namespace: 'eventful',
      MetricName: 'WebhookDeliveryConflicts',
      Dimensions: [{ Name: 'service', Value: 'payment-webhook' }],
      Threshold: 0,
      ComparisonOperator: 'GreaterThanThreshold',
      AlarmActions: [expect.anything()],
    });
  });

  it("lets reserve-inventory send poison messages straight to its queue's dead-letter queue, named in DEAD_LETTER_QUEUE_URL", () => {
    const deadLetterId = logicalId(flow().inventoryQueue.deadLetterQueue.queue);

    expect(environmentOf('reserveInventory')['DEAD_LETTER_QUEUE_URL']).toEqual({ Ref: deadLetterId });
    expect(statementsOf('reserveInventory')).toContainEqual(
      expect.objectContaining({ Action: expect.arrayContaining(['sqs:SendMessage']), Resource: { 'Fn::GetAtt': [deadLetterId, 'Arn'] } }),
    );
  });
});

describe('OrdersFlow least privilege', () => {
  it.each<[FunctionName, string[]]>([
    ['placeOrder', ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:Query']],
    ['reserveInventory', ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:Query']],
    ['recordPayment', ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:Query']],
    ['expireUnpaidOrders', ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:Query']],
    ['projectOrder', ['dynamodb:GetItem', 'dynamodb:Query']],
    ['getOrder', []],
    ['sendNotification', []],
  ])('lets %s load and append events, and never update or delete one', (name, actions) => {
    const access = dynamoAccess(name, tableIds().eventStore);

    expect(access.flatMap((a) => a.actions).sort()).toEqual(actions);
    expect(access.every((a) => a.resource === 'table' && a.condition === undefined)).toBe(true);
  });

  it("confines payment-webhook to webhook deliveries' streams in the event store, by partition key", () => {
    expect(dynamoAccess('paymentWebhook', tableIds().eventStore)).toEqual([
      {
        resource: 'table',
        actions: ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:Query'],
        condition: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['payment-webhook#*'] } },
      },
    ]);
  });

  it.each<[FunctionName, { resource: string; actions: string[] }[]]>([
    ['getOrder', [{ resource: 'table', actions: ['dynamodb:BatchGetItem', 'dynamodb:GetItem'] }]],
    ['sendNotification', [{ resource: 'table', actions: ['dynamodb:BatchGetItem', 'dynamodb:GetItem'] }]],
    ['projectOrder', [{ resource: 'table', actions: ['dynamodb:BatchGetItem', 'dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem'] }]],
    ['expireUnpaidOrders', [{ resource: 'index/awaiting-payment', actions: ['dynamodb:Query'] }]],
    ['placeOrder', []],
    ['reserveInventory', []],
  ])('scopes the read model access of %s to the table or the one index it uses', (name, expected) => {
    expect(dynamoAccess(name, tableIds().orders)).toEqual(expected);
  });

  it('lets place-order read prices from Products with BatchGetItem only', () => {
    expect(dynamoAccess('placeOrder', tableIds().products)).toEqual([{ resource: 'table', actions: ['dynamodb:BatchGetItem'] }]);
  });

  it('lets only the inventory and expiry functions change stock, by update, never by put or delete', () => {
    const writers = (Object.keys(flow().functions) as FunctionName[]).filter((name) =>
      dynamoAccess(name, tableIds().products).some((a) => a.actions.some((action) => /PutItem|UpdateItem|DeleteItem|BatchWriteItem/.test(action))),
    );

    expect(writers.sort()).toEqual(['expireUnpaidOrders', 'reserveInventory']);
    for (const name of writers) {
      expect(dynamoAccess(name, tableIds().products).flatMap((a) => a.actions)).not.toEqual(expect.arrayContaining(['dynamodb:PutItem']));
      expect(dynamoAccess(name, tableIds().products).flatMap((a) => a.actions)).not.toEqual(expect.arrayContaining(['dynamodb:DeleteItem']));
    }
  });

  it('lets send-notification put notifications, and nothing else write them', () => {
    const writers = (Object.keys(flow().functions) as FunctionName[]).filter((name) => dynamoAccess(name, tableIds().notifications).length > 0);

    expect(writers).toEqual(['sendNotification']);
    expect(dynamoAccess('sendNotification', tableIds().notifications)).toEqual([{ resource: 'table', actions: ['dynamodb:PutItem'] }]);
  });

  it('lets payment-webhook alone read the webhook secret, whose ARN it gets in PAYMENT_WEBHOOK_SECRET_ARN', () => {
    const secretId = logicalId(flow().webhookSecret);
    const readers = (Object.keys(flow().functions) as FunctionName[]).filter((name) => statementsOf(name).some((s) => referencedId(s.Resource) === secretId));

    expect(readers).toEqual(['paymentWebhook']);
    expect(environmentOf('paymentWebhook')['PAYMENT_WEBHOOK_SECRET_ARN']).toEqual({ Ref: secretId });
  });

  it('generates the webhook secret, tagged with where the local runtime finds its value', () => {
    const secret = resources()[logicalId(flow().webhookSecret)]!.Properties;

    expect(secret['GenerateSecretString']).toMatchObject({ PasswordLength: 64, ExcludePunctuation: true });
    expect(secret['Tags']).toEqual(
      expect.arrayContaining([
        { Key: 'eventful:local-value-from-env', Value: 'PAYMENT_WEBHOOK_SECRET' },
        { Key: 'eventful:local-default', Value: 'eventful-local-webhook-secret' },
      ]),
    );
  });
});

describe('OrdersFlow routes, subscriptions and schedule', () => {
  it('adds POST /orders, GET /orders/{orderId} and POST /webhooks/payments, each to its function', () => {
    const integrations = new Map(resourcesOf(eventful.template, 'AWS::ApiGatewayV2::Integration').map(([id, i]) => [id, i.Properties]));
    const routes = resourcesOf(eventful.template, 'AWS::ApiGatewayV2::Route').map(([, route]) => {
      const integrationId = route.Properties['Target']['Fn::Join'][1][1].Ref as string;
      return [route.Properties['RouteKey'], JSON.stringify(integrations.get(integrationId)?.['IntegrationUri'])];
    });

    expect(Object.fromEntries(routes)).toMatchObject({
      'POST /orders': expect.stringContaining(`"${fnId('placeOrder')}"`),
      'GET /orders/{orderId}': expect.stringContaining(`"${fnId('getOrder')}"`),
      'POST /webhooks/payments': expect.stringContaining(`"${fnId('paymentWebhook')}"`),
    });
  });

  it("invokes record-payment for every PaymentReceived of the webhook's source, eventful.payments, only", () => {
    expect(ruleTargeting(fnId('recordPayment')).Properties['EventPattern']).toEqual({ source: ['eventful.payments'], 'detail-type': ['PaymentReceived'] });
  });

  it('sends the five customer-facing events to send-notification in one rule, reshaped to kind and ids by an input transformer', () => {
    const rule = ruleTargeting(fnId('sendNotification')).Properties;
    const target = rule['Targets'][0];
    const template = target.InputTransformer.InputTemplate as string;
    const paths = target.InputTransformer.InputPathsMap as Record<string, string>;
    // The template names each path by its key in InputPathsMap: resolve them back to paths.
    const shape = JSON.parse(template.replace(/<([^>]+)>/g, (_match, key: string) => JSON.stringify(paths[key])));

    expect(rule['EventPattern']['detail-type']).toEqual(['InventoryReserved', 'InventoryShortage', 'OrderPaid', 'PaymentFailed', 'OrderExpired']);
    expect(shape).toEqual({
      kind: '$.detail-type',
      eventId: '$.detail.metadata.eventId',
      correlationId: '$.detail.metadata.correlationId',
      orderId: '$.detail.data.orderId',
      occurredAt: '$.detail.metadata.occurredAt',
    });
  });

  it('runs expire-unpaid-orders every 5 minutes with the scheduled time, retrying 3 times for 5 minutes before its alarmed dead-letter queue', () => {
    const [[, schedule]] = resourcesOf(eventful.template, 'AWS::Scheduler::Schedule').filter(
      ([, s]) => referencedId(s.Properties['Target'].Arn) === fnId('expireUnpaidOrders'),
    ) as [[string, Resource]];

    expect(schedule.Properties).toMatchObject({
      ScheduleExpression: 'rate(5 minutes)',
      FlexibleTimeWindow: { Mode: 'OFF' },
      Target: {
        Input: JSON.stringify({ scheduledTime: '<aws.scheduler.scheduled-time>' }),
        RetryPolicy: { MaximumRetryAttempts: 3, MaximumEventAgeInSeconds: 300 },
        DeadLetterConfig: { Arn: { 'Fn::GetAtt': [logicalId(flow().expiryScheduleFailures.queue), 'Arn'] } },
      },
    });
    expect(flow().expiryScheduleFailures.depthAlarm).toBeDefined();
  });

  it('gives the schedule a role of its own that may invoke the expiry function only, not its versions or aliases', () => {
    const schedule = resources()[logicalId(flow().expirySchedule)]!.Properties;
    const roleId = referencedId(schedule['Target'].RoleArn)!;
    const statements = resourcesOf(eventful.template, 'AWS::IAM::Policy')
      .filter(([, p]) => p.Properties['Roles'].some((r: unknown) => referencedId(r) === roleId))
      .flatMap(([, p]) => p.Properties['PolicyDocument'].Statement);

    expect(statements).toEqual([
      { Effect: 'Allow', Action: 'lambda:InvokeFunction', Resource: { 'Fn::GetAtt': [fnId('expireUnpaidOrders'), 'Arn'] } },
      { Effect: 'Allow', Action: 'sqs:SendMessage', Resource: { 'Fn::GetAtt': [logicalId(flow().expiryScheduleFailures.queue), 'Arn'] } },
    ]);
    expect(resources()[roleId]!.Properties['AssumeRolePolicyDocument'].Statement).toEqual([
      expect.objectContaining({
        Principal: { Service: 'scheduler.amazonaws.com' },
        Condition: { StringEquals: expect.objectContaining({ 'aws:SourceAccount': { Ref: 'AWS::AccountId' } }) },
      }),
    ]);
  });
});

describe('anyOfPatterns', () => {
  it('matches any of several catalog events with one pattern: their sources and detail types, once each', () => {
    // Act
    const pattern = anyOfPatterns([patternFor(InventoryReserved), patternFor(OrderPaid), patternFor(PaymentFailed), patternFor(OrderPaid)]);

    // Assess
    expect(pattern).toEqual({
      source: ['eventful.inventory', 'eventful.orders', 'eventful.payments'],
      'detail-type': ['InventoryReserved', 'OrderPaid', 'PaymentFailed'],
    });
  });

  it.each([
    ['an empty list', []],
    ['detail filters that differ', [patternFor(OrderPaid, { data: { amountMinor: [{ numeric: ['>', 100] }] } }), patternFor(PaymentFailed)]],
  ])('refuses %s, which one pattern cannot express', (_case, patterns) => {
    expect(() => anyOfPatterns(patterns)).toThrow(ConstructUsageError);
  });
});
