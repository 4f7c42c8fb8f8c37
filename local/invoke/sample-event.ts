import {
  dynamoDBStreamEvent,
  dynamoDBStreamRecord,
  eventBridgeEvent,
  httpApiEventFormat1,
  httpApiEvent,
  kinesisEvent,
  kinesisRecord,
  s3ObjectCreatedEvent,
  scheduledInvocation,
  schedulerEvent,
  sqsEvent,
  sqsRecord,
} from '../aws/events/index.ts';
import { RouteTable } from '../http-api/route-table.ts';
import type { FunctionSpec, LocalTopology } from '../topology/types.ts';
import { shortPath } from './find-function.ts';

/** The kinds `eventful invoke --sample` generates; `sqs:` and `kinesis:` may wrap another kind's event. */
export const SAMPLE_KINDS = ['sqs', 'kinesis', 'dynamodb-stream', 'eventbridge:<DetailType>', 's3-object-created', 'schedule', 'http:<METHOD> <path>'] as const;

/** A kind that is not one of SAMPLE_KINDS, or that cannot be made for this function. */
export class SampleKindError extends Error {
  override readonly name = 'SampleKindError';
}

/** What a sample is made of: its kind and, optionally, what it carries (see {@link sampleEvent}). */
export interface SampleRequest {
  kind: string;
  /**
   * What the event carries: the SQS message body, the Kinesis record's data, the DynamoDB item (new image),
   * the EventBridge event's `{ source, detailType, detail }` (required for `eventbridge`), the S3 object
   * (`{ bucket, key, size }`), the schedule's input, the HTTP request body.
   */
  payload?: unknown;
}

type Placement = { account: string; region: string };

/**
 * A valid AWS event of `kind` for `fn`, placed where the app would send it from: the queue or stream of its
 * event source mapping, its schedule (with that schedule's input), the route of its HTTP API that matches the
 * path (path parameters filled in, the route's payload format), the bucket that sends object events.
 *
 * @example
 * sampleEvent(topology, fn, { kind: 'sqs:s3-object-created' }); // an SQS event whose body is an S3 Object Created event
 * sampleEvent(topology, fn, { kind: 'http:GET /orders/o-1' });
 */
export function sampleEvent(topology: LocalTopology, fn: FunctionSpec, request: SampleRequest): unknown {
  const placement = { account: topology.accountId, region: topology.region };
  const [head = '', ...rest] = request.kind.split(':');
  const inner = rest.join(':');
  // `sqs:<kind>` / `kinesis:<kind>`: the inner kind's event as the message body or record data, as a bus rule
  // with a queue or stream target delivers it.
  const carried = () => (inner === '' ? request.payload : sampleEvent(topology, fn, { ...request, kind: inner }));
  switch (head) {
    case 'sqs': {
      const queueArn = mappedSource(topology, fn, 'sqs');
      const queueName = queueArn?.split(':').at(-1);
      return sqsEvent([sqsRecord(carried() ?? { message: 'sample' }, { ...placement, ...(queueName && { queueName }) })]);
    }
    case 'kinesis': {
      const streamName = mappedSource(topology, fn, 'kinesis')?.split('/').at(-1);
      return kinesisEvent([kinesisRecord(carried() ?? { message: 'sample' }, { ...placement, ...(streamName && { streamName }) })]);
    }
    case 'dynamodb-stream':
      return dynamoDBStreamSample(topology, fn, request.payload, placement);
    case 'eventbridge':
      return eventBridgeSample(request.payload, inner, placement);
    case 's3-object-created':
      return s3ObjectCreatedEvent({ ...placement, bucket: defaultBucket(topology), key: 'sample/object.csv', size: 1024, ...objectOf(request.payload) });
    case 'schedule':
      return scheduleSample(topology, fn, request.payload, placement);
    case 'http':
      return httpSample(topology, fn, inner, request.payload, placement);
    default:
      throw new SampleKindError(`unknown sample kind "${request.kind}"; kinds: ${SAMPLE_KINDS.join(', ')} (sqs: and kinesis: may wrap another kind)`);
  }
}

/** The source ARN of the function's first mapping of that kind. */
function mappedSource(topology: LocalTopology, fn: FunctionSpec, kind: 'sqs' | 'kinesis' | 'dynamodb'): string | undefined {
  return topology.eventSourceMappings.find((m) => m.kind === kind && (m.functionName === fn.name || m.functionName === fn.arn))?.eventSourceArn;
}

function dynamoDBStreamSample(topology: LocalTopology, fn: FunctionSpec, payload: unknown, placement: Placement): unknown {
  const streamArn = mappedSource(topology, fn, 'dynamodb');
  const table = topology.tables.find((t) => t.stream?.arn === streamArn);
  const item = (objectOf(payload) ?? {}) as Record<string, unknown>;
  // The keys from the item where it has them, else a value of the key attribute's type.
  const keySchema = table?.keySchema ?? [{ attributeName: 'pk', keyType: 'HASH' as const }];
  const keys = Object.fromEntries(
    keySchema.map(({ attributeName }) => {
      const type = table?.attributeDefinitions.find((d) => d.attributeName === attributeName)?.attributeType ?? 'S';
      return [attributeName, item[attributeName] ?? (type === 'N' ? 1 : `sample-${attributeName}`)];
    }),
  );
  return dynamoDBStreamEvent([
    dynamoDBStreamRecord({
      ...placement,
      keys,
      newImage: { ...keys, ...item },
      ...(table && { tableName: table.name, streamViewType: table.stream?.viewType }),
    }),
  ]);
}

function eventBridgeSample(payload: unknown, detailType: string, placement: Placement): unknown {
  const parts = objectOf(payload) as { source?: unknown; detailType?: unknown; detail?: unknown } | undefined;
  if (!parts || typeof parts.source !== 'string' || typeof parts.detailType !== 'string') {
    throw new SampleKindError(
      `eventbridge${detailType ? `:${detailType}` : ''} needs the event's { source, detailType, detail }: the app's CLI makes it from its catalog (eventful invoke --sample eventbridge:<DetailType>)`,
    );
  }
  return eventBridgeEvent({ source: parts.source, detailType: parts.detailType, detail: parts.detail ?? {} }, placement);
}

function defaultBucket(topology: LocalTopology): string {
  return (topology.buckets.find((b) => b.eventBridgeEnabled) ?? topology.buckets[0])?.name ?? 'sample-bucket';
}

function scheduleSample(topology: LocalTopology, fn: FunctionSpec, payload: unknown, placement: Placement): unknown {
  const schedule = topology.schedules.find((s) => s.target.arn === fn.arn || s.target.arn.startsWith(`${fn.arn}:`));
  const options = { ...placement, ...(schedule && { scheduleArn: schedule.arn }) };
  const input = payload ?? (schedule?.target.input === undefined ? undefined : JSON.parse(schedule.target.input));
  return input === undefined ? schedulerEvent(options) : scheduledInvocation(input, options);
}

function httpSample(topology: LocalTopology, fn: FunctionSpec, request: string, body: unknown, placement: Placement): unknown {
  const [method = '', path = ''] = request.trim().split(/\s+/, 2);
  if (!method || !path.startsWith('/'))
    throw new SampleKindError(`http sample needs "http:<METHOD> <path>", e.g. "http:GET /orders/o-1", got "http:${request}"`);
  const apis = topology.httpApis.map((api) => ({ ...api, routes: api.routes.filter((r) => r.functionArn === fn.arn) })).filter((api) => api.routes.length > 0);
  if (apis.length === 0) throw new SampleKindError(`${shortPath(fn)} is not the integration of any HTTP API route`);
  const match = new RouteTable(apis).match(method.toUpperCase(), path);
  if (!match) {
    const routes = apis.flatMap((api) => api.routes.map((r) => r.routeKey));
    throw new SampleKindError(`no route of ${shortPath(fn)} takes ${method.toUpperCase()} ${path}; its routes: ${routes.join(', ')}`);
  }
  const { api, route } = match.compiled;
  const options = {
    ...placement,
    apiId: api.apiId,
    routeKey: route.routeKey,
    method: method.toUpperCase(),
    path,
    pathParameters: match.pathParameters,
    ...(body !== undefined && { body }),
  };
  return route.payloadFormatVersion === '1.0' ? httpApiEventFormat1(options) : httpApiEvent(options);
}

function objectOf(value: unknown): Record<string, unknown> | undefined {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}
