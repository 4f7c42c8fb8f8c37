import type { IConstruct } from 'constructs';
import { beforeAll, describe, expect, it } from 'vitest';
import { EventfulFunction } from '../../infra/constructs/eventful-function.ts';
import { ENV } from '../../shared/runtime/environment.ts';
import { synthesizeEventfulApp, type SynthesizedEventfulApp } from './support/eventful-app.ts';
import { resourcesOf } from './support/template.ts';

/*
 * Least privilege, pinned: every permission of every function of the deployed app, exactly. IAM is
 * not checked by the local runtime, so this table is where a grant too wide (or one missing) shows.
 * A function that gains or loses an action, a resource or a condition fails here; so does a new
 * function until it has its row.
 */

let eventful: SynthesizedEventfulApp;
beforeAll(() => {
  eventful = synthesizeEventfulApp();
});

/** One permission: the actions a function may call on one resource (named, not by logical id), under a condition. */
interface Permission {
  resource: string;
  actions: string[];
  condition?: Record<string, unknown>;
}

// What every function has: its own logs, X-Ray traces (which only take "*").
const LOGS: Permission = { resource: 'own log group', actions: ['logs:CreateLogStream', 'logs:PutLogEvents'] };
const XRAY: Permission = { resource: '*', actions: ['xray:PutTelemetryRecords', 'xray:PutTraceSegments'] };
const HOUSE = [LOGS, XRAY];
/** A function invoked asynchronously sends what it could not process to its own on-failure queue. */
const ON_FAILURE: Permission = { resource: 'own on-failure queue', actions: ['sqs:GetQueueAttributes', 'sqs:GetQueueUrl', 'sqs:SendMessage'] };
/** What an SQS event source mapping needs of its queue. */
const pollsQueue = (queue: string): Permission => ({
  resource: queue,
  actions: ['sqs:ChangeMessageVisibility', 'sqs:DeleteMessage', 'sqs:GetQueueAttributes', 'sqs:GetQueueUrl', 'sqs:ReceiveMessage'],
});
/** What a stream mapping's on-failure destination needs. */
const sendsTo = (queue: string): Permission => ({ resource: queue, actions: ['sqs:GetQueueAttributes', 'sqs:GetQueueUrl', 'sqs:SendMessage'] });
/** PutEvents on the bus, for these sources and detail types only. */
const publishes = (sources: string[], detailTypes: string[]): Permission => ({
  resource: 'bus',
  actions: ['events:PutEvents'],
  condition: { StringEquals: { 'events:source': sources, 'events:detail-type': detailTypes } },
});
const CLAIM_CHECKS = 'claim-check bucket/claim-checks/*';
const EVENT_STORE_LOAD_APPEND: Permission = { resource: 'EventStore table', actions: ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:Query'] };

const EXPECTED_POLICIES: Record<string, Permission[]> = {
  // Orders: everything appends to the event store; only the relay publishes.
  'place-order': [...HOUSE, EVENT_STORE_LOAD_APPEND, { resource: 'Products table', actions: ['dynamodb:BatchGetItem'] }],
  'get-order': [...HOUSE, { resource: 'Orders table', actions: ['dynamodb:BatchGetItem', 'dynamodb:GetItem'] }],
  'relay-events': [
    ...HOUSE,
    publishes(
      ['eventful.inventory', 'eventful.orders', 'eventful.payments'],
      ['InventoryReserved', 'InventoryShortage', 'OrderExpired', 'OrderPaid', 'OrderPlaced', 'PaymentFailed', 'PaymentReceived', 'PaymentRequiresAttention'],
    ),
    { resource: 'EventStore table stream', actions: ['dynamodb:DescribeStream', 'dynamodb:GetRecords', 'dynamodb:GetShardIterator', 'dynamodb:ListStreams'] },
    sendsTo('relay on-failure queue'),
  ],
  'reserve-inventory': [
    ...HOUSE,
    EVENT_STORE_LOAD_APPEND,
    { resource: 'Products table', actions: ['dynamodb:BatchGetItem', 'dynamodb:UpdateItem'] },
    pollsQueue('inventory queue'),
    sendsTo('inventory DLQ'),
  ],
  'payment-webhook': [
    ...HOUSE,
    { ...EVENT_STORE_LOAD_APPEND, condition: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['payment-webhook#*'] } } },
    { resource: 'webhook secret', actions: ['secretsmanager:DescribeSecret', 'secretsmanager:GetSecretValue'] },
  ],
  'record-payment': [...HOUSE, ON_FAILURE, EVENT_STORE_LOAD_APPEND],
  'project-order': [
    ...HOUSE,
    { resource: 'EventStore table', actions: ['dynamodb:GetItem', 'dynamodb:Query'] },
    { resource: 'Orders table', actions: ['dynamodb:BatchGetItem', 'dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem'] },
    pollsQueue('projection queue'),
  ],
  'send-notification': [
    ...HOUSE,
    ON_FAILURE,
    { resource: 'Orders table', actions: ['dynamodb:BatchGetItem', 'dynamodb:GetItem'] },
    { resource: 'Notifications table', actions: ['dynamodb:PutItem'] },
  ],
  'expire-unpaid-orders': [
    ...HOUSE,
    ON_FAILURE,
    EVENT_STORE_LOAD_APPEND,
    { resource: 'Orders table/index/awaiting-payment', actions: ['dynamodb:Query'] },
    { resource: 'Products table', actions: ['dynamodb:UpdateItem'] },
  ],
  // Activity
  'ingest-activity': [...HOUSE, { resource: 'activity stream', actions: ['kinesis:ListShards', 'kinesis:PutRecord', 'kinesis:PutRecords'] }],
  'aggregate-activity': [
    ...HOUSE,
    publishes(['eventful.activity'], ['ProductTrending']),
    { resource: CLAIM_CHECKS, actions: ['s3:PutObject'] },
    { resource: 'ActivityStats table', actions: ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem'] },
    {
      resource: 'activity stream',
      actions: [
        'kinesis:DescribeStream',
        'kinesis:DescribeStreamConsumer',
        'kinesis:DescribeStreamSummary',
        'kinesis:GetRecords',
        'kinesis:GetShardIterator',
        'kinesis:ListShards',
        'kinesis:ListStreams',
        'kinesis:SubscribeToShard',
      ],
    },
    sendsTo('aggregate on-failure queue'),
  ],
  'get-product-stats': [...HOUSE, { resource: 'ActivityStats table', actions: ['dynamodb:Query'] }],
  'promote-trending-product': [
    ...HOUSE,
    ON_FAILURE,
    { resource: 'Promotions table', actions: ['dynamodb:PutItem'] },
    { resource: 'idempotency table', actions: ['dynamodb:DeleteItem', 'dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem'] },
    { resource: CLAIM_CHECKS, actions: ['s3:GetObject'] },
  ],
  'summarize-activity': [
    ...HOUSE,
    ON_FAILURE,
    { resource: 'ActivityStats table/index/by-day', actions: ['dynamodb:Query'] },
    publishes(['eventful.activity'], ['ActivitySummarized']),
    { resource: CLAIM_CHECKS, actions: ['s3:PutObject'] },
  ],
  // Product imports
  'import-products': [
    ...HOUSE,
    pollsQueue('import queue'),
    { resource: 'imports bucket/*', actions: ['s3:GetObject'] },
    { resource: 'imports bucket/reports/*', actions: ['s3:PutObject'] },
    { resource: CLAIM_CHECKS, actions: ['s3:PutObject'] },
    { resource: 'Products table', actions: ['dynamodb:BatchWriteItem'] },
    publishes(['eventful.catalog'], ['ProductImported']),
  ],
};

/*
 * The other half of each grant: the variables telling the function where what it was granted is,
 * beyond the house ones (POWERTOOLS_*, NODE_OPTIONS). Each is the one the function reads (its
 * config), set by the grant or the setting it names (shared/runtime/environment.ts).
 */
const EXPECTED_ENVIRONMENT: Record<string, string[]> = {
  'place-order': [ENV.eventStoreTable, ENV.productsTable, ENV.paymentWindowMinutes, ENV.orderCurrency],
  'get-order': [ENV.ordersTable],
  'relay-events': [ENV.eventBusName],
  'reserve-inventory': [ENV.eventStoreTable, ENV.productsTable, ENV.deadLetterQueueUrl],
  'payment-webhook': [ENV.eventStoreTable, ENV.paymentWebhookSecretArn],
  'record-payment': [ENV.eventStoreTable],
  'project-order': [ENV.eventStoreTable, ENV.ordersTable],
  'send-notification': [ENV.ordersTable, ENV.notificationsTable],
  'expire-unpaid-orders': [ENV.eventStoreTable, ENV.ordersTable, ENV.productsTable],
  'ingest-activity': [ENV.activityStreamName],
  'aggregate-activity': [ENV.statsTable, ENV.trendingThreshold, ENV.eventBusName, ENV.claimCheckBucket],
  'get-product-stats': [ENV.statsTable],
  'promote-trending-product': [ENV.promotionsTable, ENV.idempotencyTable],
  'summarize-activity': [ENV.statsTable, ENV.eventBusName, ENV.claimCheckBucket],
  'import-products': [ENV.productsTable, ENV.eventBusName, ENV.claimCheckBucket],
};

const HOUSE_VARIABLES = new Set(['POWERTOOLS_SERVICE_NAME', 'POWERTOOLS_METRICS_NAMESPACE', 'POWERTOOLS_LOG_LEVEL', 'NODE_OPTIONS']);

const logicalIdOf = (construct: IConstruct) => eventful.stack.getLogicalId(construct.node.defaultChild as never);

/** Every EventfulFunction of the app, by its name (its folder under functions/, its Powertools service). */
function functionsByName(): Map<string, EventfulFunction> {
  const functions = eventful.stack.node.findAll().filter((c): c is EventfulFunction => c instanceof EventfulFunction);
  const resources = eventful.template.toJSON().Resources;
  return new Map(functions.map((fn) => [resources[logicalIdOf(fn.function)].Properties.Environment.Variables.POWERTOOLS_SERVICE_NAME as string, fn]));
}

/** Readable names of the resources a policy may name, by logical id; the function's own log group and on-failure queue are "own …". */
function resourceNames(fn: EventfulFunction): Map<string, string> {
  const { platform, orders, activity, imports, catalog } = eventful.stack;
  const named: [IConstruct, string][] = [
    [platform.backbone.bus, 'bus'],
    [platform.claimCheckBucket, 'claim-check bucket'],
    [platform.idempotencyTable, 'idempotency table'],
    [orders.eventStore.table, 'EventStore table'],
    [orders.readModel.table, 'Orders table'],
    [orders.notificationsTable, 'Notifications table'],
    [orders.webhookSecret, 'webhook secret'],
    [orders.inventoryQueue.queue, 'inventory queue'],
    [orders.inventoryQueue.deadLetterQueue.queue, 'inventory DLQ'],
    [orders.projectionQueue.queue, 'projection queue'],
    [orders.relayFailures.queue, 'relay on-failure queue'],
    [catalog.table, 'Products table'],
    [activity.stats.table, 'ActivityStats table'],
    [activity.promotions.table, 'Promotions table'],
    [activity.stream, 'activity stream'],
    [activity.aggregateFailures.queue, 'aggregate on-failure queue'],
    [imports.bucket, 'imports bucket'],
    [imports.queue.queue, 'import queue'],
    [fn.logGroup, 'own log group'],
    ...(fn.onFailure ? [[fn.onFailure.queue, 'own on-failure queue'] as [IConstruct, string]] : []),
  ];
  return new Map(named.map(([construct, name]) => [logicalIdOf(construct), name]));
}

/** A resource as the template writes it (`Fn::GetAtt`, `Ref`, `Fn::Join`, `*`), by name. */
function nameOf(resource: unknown, names: Map<string, string>): string {
  if (resource === '*') return '*';
  const value = resource as Record<string, unknown>;
  const named = (id: string) => {
    const name = names.get(id);
    if (name === undefined) throw new Error(`the policy names ${id}, which this test has no name for: name it in resourceNames`);
    return name;
  };
  if (Array.isArray(value['Fn::GetAtt'])) {
    const [id, attribute] = value['Fn::GetAtt'] as [string, string];
    return attribute === 'StreamArn' ? `${named(id)} stream` : named(id);
  }
  if (typeof value['Ref'] === 'string') return named(value['Ref']);
  if (Array.isArray(value['Fn::Join'])) {
    const [, parts] = value['Fn::Join'] as [string, unknown[]];
    return parts.map((part) => (typeof part === 'string' ? part : nameOf(part, names))).join('');
  }
  throw new Error(`unexpected resource ${JSON.stringify(resource)}`);
}

/** The function's whole policy as permissions, one per resource and condition, however CDK merged its statements. */
function permissionsOf(fn: EventfulFunction): Permission[] {
  const roleId = logicalIdOf(fn.role);
  const names = resourceNames(fn);
  const statements = resourcesOf(eventful.template, 'AWS::IAM::Policy')
    .filter(([, policy]) => policy.Properties['Roles'].some((role: { Ref?: string }) => role.Ref === roleId))
    .flatMap(
      ([, policy]) =>
        policy.Properties['PolicyDocument'].Statement as {
          Effect: string;
          Action: string | string[];
          Resource: unknown;
          Condition?: Record<string, unknown>;
        }[],
    );
  const byKey = new Map<string, Permission>();
  for (const statement of statements) {
    expect(statement.Effect).toBe('Allow');
    for (const resource of [statement.Resource].flat()) {
      const name = nameOf(resource, names);
      const key = `${name} ${JSON.stringify(statement.Condition ?? null)}`;
      const permission = byKey.get(key) ?? { resource: name, actions: [], ...(statement.Condition ? { condition: statement.Condition } : {}) };
      permission.actions = [...new Set([...permission.actions, ...[statement.Action].flat()])].sort();
      byKey.set(key, permission);
    }
  }
  return sorted([...byKey.values()]);
}

const sorted = (permissions: Permission[]) =>
  [...permissions].sort(
    (a, b) => a.resource.localeCompare(b.resource) || JSON.stringify(a.condition ?? null).localeCompare(JSON.stringify(b.condition ?? null)),
  );

describe('least privilege: the policy of each function', () => {
  it('pins a policy for every function of the app, and for no other', () => {
    expect([...functionsByName().keys()].sort()).toEqual(Object.keys(EXPECTED_POLICIES).sort());
  });

  it.each(Object.entries(EXPECTED_POLICIES))(
    'lets %s do exactly what it needs: these actions, on these resources, under these conditions',
    (name, expected) => {
      const fn = functionsByName().get(name);
      if (!fn) throw new Error(`no function ${name} in the app`);

      expect(permissionsOf(fn)).toEqual(sorted(expected));
    },
  );
});

describe('one contract: the variables of each function', () => {
  const variablesOf = (fn: EventfulFunction): Record<string, unknown> =>
    eventful.template.toJSON().Resources[logicalIdOf(fn.function)].Properties.Environment.Variables;

  it('pins the variables of every function of the app, and of no other', () => {
    expect([...functionsByName().keys()].sort()).toEqual(Object.keys(EXPECTED_ENVIRONMENT).sort());
  });

  it.each(Object.entries(EXPECTED_ENVIRONMENT))('gives %s exactly the variables it reads, beyond the house ones', (name, expected) => {
    const fn = functionsByName().get(name);
    if (!fn) throw new Error(`no function ${name} in the app`);

    const own = Object.keys(variablesOf(fn)).filter((variable) => !HOUSE_VARIABLES.has(variable));

    expect(own.sort()).toEqual([...expected].sort());
  });

  it('names every variable of every function from the one declaration both sides use', () => {
    const declared = new Set<string>(Object.values(ENV));
    for (const [name, fn] of functionsByName()) {
      const stray = Object.keys(variablesOf(fn)).filter((variable) => !HOUSE_VARIABLES.has(variable) && !declared.has(variable));
      expect(stray, name).toEqual([]);
    }
  });
});
