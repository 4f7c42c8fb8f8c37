import { APIGatewayProxyEventSchema } from '@aws-lambda-powertools/parser/schemas/api-gateway';
import { APIGatewayProxyEventV2Schema } from '@aws-lambda-powertools/parser/schemas/api-gatewayv2';
import { DynamoDBStreamSchema } from '@aws-lambda-powertools/parser/schemas/dynamodb';
import { EventBridgeSchema } from '@aws-lambda-powertools/parser/schemas/eventbridge';
import { KinesisDataStreamSchema } from '@aws-lambda-powertools/parser/schemas/kinesis';
import { S3EventNotificationEventBridgeSchema } from '@aws-lambda-powertools/parser/schemas/s3';
import { SqsSchema } from '@aws-lambda-powertools/parser/schemas/sqs';
import { describe, expect, it } from 'vitest';
import { SampleKindError, sampleEvent } from '../../invoke/index.ts';
import type { FunctionSpec, LocalTopology } from '../../topology/types.ts';

const ACCOUNT = '210987654321';
const REGION = 'eu-west-1';
const lambdaArn = (name: string) => `arn:aws:lambda:${REGION}:${ACCOUNT}:function:${name}`;
const fn = (name: string) => ({ name, path: `Shop/${name}/Resource`, logicalId: name, stackName: 'Shop', arn: lambdaArn(name) }) as FunctionSpec;

const consumer = fn('Consumer');
const api = fn('Api');
const legacyApi = fn('LegacyApi');
const projector = fn('Projector');
const job = fn('Job');

/** A topology with one function per kind of source: the shapes `--sample` places its events on. */
const topology = {
  accountId: ACCOUNT,
  region: REGION,
  functions: [consumer, api, legacyApi, projector, job],
  eventSourceMappings: [
    { kind: 'sqs', functionName: 'Consumer', eventSourceArn: `arn:aws:sqs:${REGION}:${ACCOUNT}:work-queue` },
    { kind: 'kinesis', functionName: 'Consumer', eventSourceArn: `arn:aws:kinesis:${REGION}:${ACCOUNT}:stream/activity` },
    { kind: 'dynamodb', functionName: 'Projector', eventSourceArn: `arn:aws:dynamodb:${REGION}:${ACCOUNT}:table/orders/stream/2026-01-01T00:00:00.000` },
  ],
  tables: [
    {
      name: 'orders',
      keySchema: [
        { attributeName: 'pk', keyType: 'HASH' },
        { attributeName: 'version', keyType: 'RANGE' },
      ],
      attributeDefinitions: [
        { attributeName: 'pk', attributeType: 'S' },
        { attributeName: 'version', attributeType: 'N' },
      ],
      stream: { viewType: 'NEW_IMAGE', arn: `arn:aws:dynamodb:${REGION}:${ACCOUNT}:table/orders/stream/2026-01-01T00:00:00.000` },
    },
  ],
  buckets: [{ name: 'imports', eventBridgeEnabled: true }],
  schedules: [
    {
      arn: `arn:aws:scheduler:${REGION}:${ACCOUNT}:schedule/default/nightly`,
      target: { arn: lambdaArn('Job'), input: '{"job":"expire","at":"<aws.scheduler.scheduled-time>"}' },
    },
  ],
  httpApis: [
    {
      name: 'ShopApi',
      apiId: 'api123',
      routes: [
        { routeKey: 'GET /orders/{orderId}', functionArn: lambdaArn('Api'), payloadFormatVersion: '2.0', timeoutMillis: 30_000 },
        { routeKey: 'POST /legacy', functionArn: lambdaArn('LegacyApi'), payloadFormatVersion: '1.0', timeoutMillis: 30_000 },
      ],
    },
  ],
} as unknown as LocalTopology;

type Records<T> = { Records: T[] };

describe('sample events for a function', () => {
  it('sqs: a record from the queue its mapping reads, carrying the --event JSON as the body', () => {
    const event = sampleEvent(topology, consumer, { kind: 'sqs', payload: { orderId: 'o-1' } }) as Records<{ body: string; eventSourceARN: string }>;

    expect(SqsSchema.safeParse(event).success).toBe(true);
    expect(event.Records[0]).toMatchObject({ body: '{"orderId":"o-1"}', eventSourceARN: `arn:aws:sqs:${REGION}:${ACCOUNT}:work-queue` });
  });

  it('sqs:s3-object-created: the S3 event a bus rule puts on a queue, as the message body', () => {
    const event = sampleEvent(topology, consumer, { kind: 'sqs:s3-object-created', payload: { key: 'products.csv' } }) as Records<{ body: string }>;

    const body = JSON.parse(event.Records[0]?.body ?? '');
    expect(S3EventNotificationEventBridgeSchema.safeParse(body).success).toBe(true);
    expect(body).toMatchObject({ source: 'aws.s3', 'detail-type': 'Object Created', detail: { bucket: { name: 'imports' }, object: { key: 'products.csv' } } });
  });

  it('kinesis: a record of its stream with the data base64-encoded', () => {
    const event = sampleEvent(topology, consumer, { kind: 'kinesis', payload: { type: 'page_view' } }) as Records<{
      kinesis: { data: string };
      eventSourceARN: string;
    }>;

    expect(KinesisDataStreamSchema.safeParse(event).success).toBe(true);
    expect(Buffer.from(event.Records[0]?.kinesis.data ?? '', 'base64').toString()).toBe('{"type":"page_view"}');
    expect(event.Records[0]?.eventSourceARN).toBe(`arn:aws:kinesis:${REGION}:${ACCOUNT}:stream/activity`);
  });

  it("dynamodb-stream: an INSERT of the item with the table's keys, filled where the item lacks them", () => {
    const event = sampleEvent(topology, projector, { kind: 'dynamodb-stream', payload: { pk: 'order#1', status: 'PLACED' } }) as Records<{
      dynamodb: Record<string, unknown>;
    }>;

    expect(DynamoDBStreamSchema.safeParse(event).success).toBe(true);
    expect(event.Records[0]?.dynamodb).toMatchObject({
      Keys: { pk: { S: 'order#1' }, version: { N: '1' } },
      NewImage: { pk: { S: 'order#1' }, version: { N: '1' }, status: { S: 'PLACED' } },
      StreamViewType: 'NEW_IMAGE',
    });
  });

  it("eventbridge: the app's event in the EventBridge envelope, in the topology's account and region", () => {
    const event = sampleEvent(topology, consumer, {
      kind: 'eventbridge',
      payload: { source: 'shop.orders', detailType: 'OrderPlaced', detail: { orderId: 'o-1' } },
    });

    expect(EventBridgeSchema.safeParse(event).success).toBe(true);
    expect(event).toMatchObject({ source: 'shop.orders', 'detail-type': 'OrderPlaced', account: ACCOUNT, region: REGION, detail: { orderId: 'o-1' } });
  });

  it('eventbridge without the event parts says what it needs', () => {
    expect(() => sampleEvent(topology, consumer, { kind: 'eventbridge:OrderPlaced' })).toThrow(SampleKindError);
  });

  it("schedule: the schedule's own input, its context attributes filled in", () => {
    const event = sampleEvent(topology, job, { kind: 'schedule' }) as { job: string; at: string };

    expect(event.job).toBe('expire');
    expect(event.at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
  });

  it("schedule for a function no schedule targets: Scheduler's default notification", () => {
    expect(sampleEvent(topology, consumer, { kind: 'schedule' })).toMatchObject({ source: 'aws.scheduler', 'detail-type': 'Scheduled Event', detail: '{}' });
  });

  it("http: the function's route that takes the path, path parameters filled in", () => {
    const event = sampleEvent(topology, api, { kind: 'http:GET /orders/o-42' });

    expect(APIGatewayProxyEventV2Schema.safeParse(event).success).toBe(true);
    expect(event).toMatchObject({
      routeKey: 'GET /orders/{orderId}',
      rawPath: '/orders/o-42',
      pathParameters: { orderId: 'o-42' },
      requestContext: { apiId: 'api123' },
    });
  });

  it('http: a route with payload format 1.0 gets the 1.0 event, the --event JSON as its body', () => {
    const event = sampleEvent(topology, legacyApi, { kind: 'http:POST /legacy', payload: { a: 1 } });

    expect(APIGatewayProxyEventSchema.safeParse(event).success).toBe(true);
    expect(event).toMatchObject({ version: '1.0', httpMethod: 'POST', resource: '/legacy', body: '{"a":1}' });
  });

  it.each([
    [api, 'http:GET /nowhere', 'no route of Api takes GET /nowhere; its routes: GET /orders/{orderId}'],
    [consumer, 'http:GET /orders/o-1', 'Consumer is not the integration of any HTTP API route'],
    [api, 'http:/orders', 'http sample needs "http:<METHOD> <path>"'],
    [consumer, 'carrier-pigeon', 'unknown sample kind "carrier-pigeon"'],
    [consumer, 'sqs:carrier-pigeon', 'unknown sample kind "carrier-pigeon"'],
  ])('refuses what it cannot make, saying why (%#)', (target, kind, message) => {
    expect(() => sampleEvent(topology, target, { kind })).toThrow(message);
  });
});
