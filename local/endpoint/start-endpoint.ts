import { randomUUID } from 'node:crypto';
import type { Agent } from 'node:http';
import { startDualProtocolServer } from '../engines/dual-protocol-server.ts';
import type { EndpointRequest, EndpointResponse } from './http-types.ts';
import type { EngineArns } from '../provision/engine-arns.ts';
import type { EngineEndpoints } from '../provision/index.ts';
import { sendAwsError, type AwsError } from './aws-error.ts';
import { peekFormFields } from './form-fields.ts';
import { unsupportedS3Operation } from './s3-operations.ts';
import { ADMIN_REQUEST_HEADER, hasAwsSignature, hasSignedPostPolicy, missingAuthentication, refuseForeignRequest } from './request-guard.ts';
import { detectService, header, type Detection } from './detect-service.ts';
import { exchange, forward, forwardingAgent, readBody } from './forward.ts';
import { MAX_REQUEST_BODY_BYTES, RequestBodyTooLargeError, declaredLength, limitBody, requestTooLarge } from './request-limits.ts';
import { healthReport, type HealthTopology } from './health.ts';
import { dynamoDbFault, kinesisPutRecordsFaults } from '../chaos/aws-faults.ts';
import type { Chaos } from '../chaos/chaos.ts';
import { serveLambdaInvoke, type LambdaInvoker } from './lambda-invoke.ts';
import { isLambdaFunctionsRequest, serveLambdaFunctions, type LambdaCatalog } from './lambda-functions.ts';
import { QUEUE_ARN_ACTIONS, QUEUE_URL_ACTIONS, rewriteQueueUrls } from './queue-urls.ts';
import { QUERY_ACTIONS, jsonToQueryXml, queryErrorXml, queryToJson } from './sqs-query.ts';
import { dynamoDbCrc32, toEngineArns, toTopologyArns } from './engine-arn-rewrite.ts';
import type { EngineWrite } from '../engines/types.ts';
import { dynamoDbWrite, isDynamoDbWrite, isKinesisWrite, isSqsWrite, kinesisWrite, parseObject, sqsWrite } from './engine-writes.ts';

/** The endpoint's port when none is given: LocalStack's, which tools and habits already expect. */
export const DEFAULT_ENDPOINT_PORT = 4566;

export const HEALTH_PATH = '/_eventful/health';

/** Where the local-only routes live: no AWS API has a path starting with it (S3 bucket names cannot start with `_`). */
export const ADMIN_PREFIX = '/_eventful/';

/** What serves `X-Amz-Target: AWSEvents.*`: `(target, body) => handleEventsRequest(service, target, body)`. */
export type EventsHandler = (target: string, body: string) => Promise<{ status: number; body: string }>;

/** What serves `X-Amz-Target: secretsmanager.*`: `(target, body) => handleSecretsRequest(secrets, target, body)`. */
export type SecretsHandler = (target: string, body: string) => { status: number; body: string } | Promise<{ status: number; body: string }>;

export interface EndpointOptions {
  /** 0 = a free port. @default 4566 */
  port?: number;
  /** @default '127.0.0.1' */
  host?: string;
  engines: EngineEndpoints;
  eventsHandler: EventsHandler;
  /** The template's secrets (local/secrets); without it Secrets Manager requests get `UnknownServiceException`. */
  secretsHandler?: SecretsHandler;
  /** Lambda: Invoke, and with `functions()` and `find()` (LambdaService has them) ListFunctions, GetFunction, GetFunctionConfiguration. */
  lambda?: LambdaInvoker | (LambdaInvoker & LambdaCatalog);
  topology: HealthTopology;
  /** From provisioning: ARNs are translated between the topology's and the engines' (DynamoDB streams, queues, Kinesis streams). */
  arns?: EngineArns;
  /**
   * Local-only routes under `/_eventful/` (the runtime's admin: fire a schedule, stream activity). Returns false
   * for a path it does not serve, which then routes as any other request.
   */
  admin?: (req: EndpointRequest, res: EndpointResponse) => Promise<boolean>;
  /**
   * `--chaos`: DynamoDB calls answered with AWS's throttling and conflict errors instead of being forwarded, and
   * Kinesis PutRecords records failed one by one. @default none (no fault, no cost)
   */
  chaos?: Chaos;
  /**
   * Told of each write an engine accepted through the endpoint (DynamoDB item writes, Kinesis `PutRecord(s)`, SQS
   * `SendMessage(Batch)`), once the engine has answered 2xx, naming the tables, streams or queues written: the
   * runtime wakes their event source mappings' pollers with it. @default none
   */
  onEngineWrite?: (write: EngineWrite) => void;
  /** Called with each request that failed inside the endpoint (the client gets a 500). */
  onError?: (error: unknown, request: { method: string; url: string }) => void;
}

export interface RunningEndpoint {
  /** `http://127.0.0.1:<port>`: what `AWS_ENDPOINT_URL` is set to. */
  readonly url: string;
  readonly port: number;
  close(): Promise<void>;
}

/**
 * One port, HTTP/1.1 and cleartext HTTP/2, where the AWS SDKs and the AWS CLI work unchanged: each request goes
 * to the service its SigV4 credential scope (or `X-Amz-Target`) names. EventBridge and Lambda Invoke are served
 * by the runtime; DynamoDB (and Streams), Kinesis, SQS and S3 are forwarded to their engines.
 *
 * @example
 * const endpoint = await startEndpoint({ port: 0, engines, topology, arns: provisioned.arns, lambda,
 *   eventsHandler: (target, body) => handleEventsRequest(events, target, body) });
 * process.env.AWS_ENDPOINT_URL = endpoint.url;
 */
export async function startEndpoint(options: EndpointOptions): Promise<RunningEndpoint> {
  const host = options.host ?? '127.0.0.1';
  const agent = forwardingAgent();
  let origin = '';
  let port = 0;
  const server = await startDualProtocolServer({ host, port: options.port ?? DEFAULT_ENDPOINT_PORT }, (request, response) => {
    const req = request as unknown as EndpointRequest;
    const res = response as unknown as EndpointResponse;
    route(req, res, { ...options, origin, port, agent }).catch((error: unknown) => {
      options.onError?.(error, { method: req.method ?? '', url: req.url ?? '' });
      if (res.headersSent) {
        res.destroy();
        return;
      }
      sendAwsError(
        res,
        { status: 500, code: 'InternalFailure', message: `local endpoint failed: ${error instanceof Error ? error.message : String(error)}` },
        'json',
      );
    });
  });
  origin = `http://${host}:${server.port}`;
  port = server.port;
  return {
    url: origin,
    port: server.port,
    close: async () => {
      await server.close();
      agent.destroy();
    },
  };
}

interface RouteContext extends EndpointOptions {
  origin: string;
  port: number;
  agent: Agent;
}

async function route(req: EndpointRequest, res: EndpointResponse, context: RouteContext): Promise<void> {
  const url = req.url ?? '/';
  // Before anything else: a request a web page made the developer's browser send is answered with nothing.
  const foreign = refuseForeignRequest(req, context.port);
  if (foreign) return refuse(req, res, foreign, protocolOf(req));
  if (req.method === 'GET' && url.split('?')[0] === HEALTH_PATH) {
    const body = JSON.stringify(healthReport(context.origin, context.engines, context.topology));
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
    res.end(body);
    return;
  }
  if (url.startsWith(ADMIN_PREFIX)) {
    if (!isReadOnly(req) && header(req.headers, ADMIN_REQUEST_HEADER) === undefined) {
      return refuse(
        req,
        res,
        {
          status: 403,
          code: 'AccessDenied',
          message: `${req.method} ${url.split('?')[0]} changes the runtime's state: send it with an ${ADMIN_REQUEST_HEADER} header (as eventful fire does), which a web page cannot add`,
        },
        'json',
      );
    }
    if (context.admin && (await context.admin(req, res))) return;
  }
  const detection = detectService({ method: req.method ?? 'GET', url, headers: req.headers });
  // Bodies are bounded as AWS bounds them, before any is read: a declared length over the limit is refused at once,
  // an undeclared (chunked) one as soon as it passes it.
  const limit = MAX_REQUEST_BODY_BYTES[detection.service];
  const declared = declaredLength(req);
  if (declared !== undefined && declared > limit) return refuseTooLarge(req, res, detection.service, limit);
  try {
    let limited = limitBody(req, limit);
    if (!hasAwsSignature(req)) {
      // S3 takes browser-form uploads unsigned by header: the form itself must carry a signed policy.
      const form = detection.service === 's3' && isFormPost(req) ? await peekFormFields(limited) : undefined;
      if (!form || !hasSignedPostPolicy(form.fields)) {
        const protocol = protocolFor(detection.service, req);
        return refuse(req, res, missingAuthentication(detection.service, protocol), protocol);
      }
      limited = form.request;
    }
    await serve(limited, res, detection, context);
    // A handler that answered without the body (a refused Invoke, say) leaves it unread; on a keep-alive connection
    // the next request waits behind it. Read it away, within the same limit (past it, the connection is dropped).
    if (!limited.readableEnded) {
      limited.on('error', () => req.destroy());
      limited.resume();
    }
  } catch (error) {
    if (!(error instanceof RequestBodyTooLargeError) || res.headersSent) throw error;
    refuseTooLarge(req, res, detection.service, limit);
  }
}

const isCatalog = (lambda: LambdaInvoker | (LambdaInvoker & LambdaCatalog)): lambda is LambdaInvoker & LambdaCatalog =>
  'functions' in lambda && 'find' in lambda;

const isReadOnly = (req: EndpointRequest) => req.method === 'GET' || req.method === 'HEAD';

function isFormPost(req: EndpointRequest): boolean {
  return req.method === 'POST' && (header(req.headers, 'content-type') ?? '').toLowerCase().startsWith('multipart/form-data');
}

/** Answers a body over its service's limit. */
function refuseTooLarge(req: EndpointRequest, res: EndpointResponse, service: Detection['service'], limit: number): void {
  refuse(req, res, requestTooLarge(service, limit), protocolFor(service, req));
}

/** The error protocol of a service the request was routed to: S3's XML, the JSON (and REST-JSON) services', SQS's either. */
function protocolFor(service: Detection['service'], req: EndpointRequest): 'json' | 'query' | 'xml' {
  if (service === 's3') return 'xml';
  return service === 'sqs' || service === 'unknown' ? protocolOf(req) : 'json';
}

/** Answers a refused request and closes an HTTP/1.1 connection, so whatever body it has is never read. */
function refuse(req: EndpointRequest, res: EndpointResponse, error: AwsError, protocol: 'json' | 'query' | 'xml'): void {
  const isHttp2 = (req as { httpVersionMajor?: number }).httpVersionMajor === 2;
  sendAwsError(res, error, protocol, isHttp2 ? {} : { connection: 'close' });
}

function serve(req: EndpointRequest, res: EndpointResponse, detection: Detection, context: RouteContext): Promise<void> | void {
  switch (detection.service) {
    case 'events':
      return serveEvents(req, res, context);
    case 'lambda':
      if (isLambdaFunctionsRequest(req) && context.lambda && isCatalog(context.lambda)) {
        return serveLambdaFunctions(req, res, context.lambda, { region: context.topology.region, accountId: context.topology.accountId });
      }
      return serveLambdaInvoke(req, res, context.lambda);
    case 'secretsmanager':
      return context.secretsHandler
        ? serveJson11(req, res, context.secretsHandler, 'Secrets Manager')
        : sendAwsError(res, unknownService({ service: 'unknown', name: 'secretsmanager', by: detection.by }), 'json');
    case 'kinesis':
      return forwardKinesis(req, res, context);
    case 'dynamodb':
      return context.chaos?.enabled('dynamodb.throughput', 'dynamodb.throttle', 'dynamodb.conflict')
        ? forwardDynamoDbWithChaos(req, res, context, context.chaos)
        : forwardDynamoDb(req, res, context);
    case 'dynamodb-streams':
      return forwardDynamoDb(req, res, context);
    case 'sqs':
      return forwardSqs(req, res, context);
    case 's3': {
      const unsupported = unsupportedS3Operation(req.method ?? 'GET', req.url ?? '/', header(req.headers, 'host') ?? header(req.headers, ':authority'));
      if (unsupported) return refuse(req, res, unsupported, 'xml');
      return forward(req, res, new URL(context.engines.s3.endpoint), context.agent).then(() => undefined);
    }
    case 'unknown':
      return sendAwsError(res, unknownService(detection), protocolOf(req));
  }
}

function serveEvents(req: EndpointRequest, res: EndpointResponse, context: RouteContext): Promise<void> {
  return serveJson11(req, res, context.eventsHandler, 'EventBridge');
}

/** A JSON 1.1 service the runtime answers itself (EventBridge, Secrets Manager). */
async function serveJson11(req: EndpointRequest, res: EndpointResponse, handler: SecretsHandler, serviceName: string): Promise<void> {
  const target = header(req.headers, 'x-amz-target');
  const body = (await readBody(req)).toString('utf8');
  if (target === undefined) {
    return sendAwsError(
      res,
      {
        status: 400,
        code: 'UnknownOperationException',
        message: `${serviceName} request without X-Amz-Target: the local endpoint serves the JSON protocol only`,
      },
      'json',
    );
  }
  const answer = await handler(target, body);
  res.writeHead(answer.status, { 'content-type': 'application/x-amz-json-1.1', 'content-length': Buffer.byteLength(answer.body) });
  res.end(answer.body);
}

/** A DynamoDB call chaos may answer with an error instead of forwarding it (only data calls; see `dynamoDbFault`). */
async function forwardDynamoDbWithChaos(req: EndpointRequest, res: EndpointResponse, context: RouteContext, chaos: Chaos): Promise<void> {
  const body = await readBody(req);
  const operation = header(req.headers, 'x-amz-target')?.replace(/^DynamoDB_20120810\./, '') ?? '';
  const table = /"TableName"\s*:\s*"([^"]*)"/.exec(body.toString('utf8'))?.[1] ?? '';
  const fault = dynamoDbFault(chaos, operation, body, table);
  if (!fault) return forwardDynamoDb(req, res, context, body);
  res.writeHead(fault.status, {
    'content-type': 'application/x-amz-json-1.0',
    'x-amzn-errortype': fault.errorType,
    'x-amzn-requestid': randomUUID(),
    'content-length': Buffer.byteLength(fault.body),
  });
  res.end(fault.body);
}

/** Forwards a DynamoDB (or Streams) call; an item write the engine accepted is told to `onEngineWrite`. */
async function forwardDynamoDb(req: EndpointRequest, res: EndpointResponse, context: RouteContext, body?: Buffer): Promise<void> {
  const operation = header(req.headers, 'x-amz-target')?.replace(/^DynamoDB_20120810\./, '') ?? '';
  const onWrite = context.onEngineWrite;
  if (!onWrite || !isDynamoDbWrite(operation)) {
    await forwardDynamoDbCall(req, res, context, body);
    return;
  }
  const requestBody = body ?? (await readBody(req));
  if ((await forwardDynamoDbCall(req, res, context, requestBody)) < 300) onWrite(dynamoDbWrite(operation, requestBody));
}

function forwardDynamoDbCall(req: EndpointRequest, res: EndpointResponse, context: RouteContext, body?: Buffer): Promise<number> {
  const upstream = new URL(context.engines.dynamodb.endpoint);
  const arns = context.arns;
  if (!arns || arns.size === 0) return forward(req, res, upstream, context.agent, {}, body);
  return forward(
    req,
    res,
    upstream,
    context.agent,
    {
      request: (requestBody) => Buffer.from(toEngineArns(requestBody.toString('utf8'), arns, 'dynamodb')),
      response: (body, headers) => {
        const text = body.toString('utf8');
        const rewritten = toTopologyArns(text, arns, 'dynamodb');
        if (rewritten === text) return body;
        const bytes = Buffer.from(rewritten);
        if (headers['x-amz-crc32'] !== undefined) headers['x-amz-crc32'] = dynamoDbCrc32(bytes);
        return bytes;
      },
    },
    body,
  );
}

async function forwardSqs(req: EndpointRequest, res: EndpointResponse, context: RouteContext): Promise<void> {
  const contentType = header(req.headers, 'content-type') ?? '';
  if (contentType.includes('x-www-form-urlencoded')) return serveSqsQuery(req, res, context);
  const action = header(req.headers, 'x-amz-target')?.replace(/^AmazonSQS\./, '') ?? '';
  const upstream = new URL(context.engines.sqs.endpoint);
  const arns = context.arns;
  // Only actions without message bodies are rewritten: a body's MD5 must stay exact.
  if (QUEUE_URL_ACTIONS.has(action)) {
    await forward(req, res, upstream, context.agent, {
      ...(arns ? { request: (body) => Buffer.from(toEngineArns(body.toString('utf8'), arns, 'sqs')) } : {}),
      response: (body) => Buffer.from(rewriteQueueUrls(body.toString('utf8'), context.origin, context.topology.accountId)),
    });
    return;
  }
  if (arns && QUEUE_ARN_ACTIONS.has(action)) {
    await forward(req, res, upstream, context.agent, {
      request: (body) => Buffer.from(toEngineArns(body.toString('utf8'), arns, 'sqs')),
      response: (body) => Buffer.from(toTopologyArns(body.toString('utf8'), arns, 'sqs')),
    });
    return;
  }
  const onWrite = context.onEngineWrite;
  if (!onWrite || !isSqsWrite(action)) {
    await forward(req, res, upstream, context.agent);
    return;
  }
  // Forwarded byte for byte (the body's MD5 must stay exact), read first to learn the queue.
  const body = await readBody(req);
  if ((await forward(req, res, upstream, context.agent, {}, body)) < 300) onWrite(sqsWrite(parseObject(body)));
}

/** The SQS query protocol, translated to the JSON protocol for fauxqs (which speaks only that) and back to XML. */
async function serveSqsQuery(req: EndpointRequest, res: EndpointResponse, context: RouteContext): Promise<void> {
  const { action, input } = queryToJson(new URLSearchParams((await readBody(req)).toString('utf8')));
  if (!QUERY_ACTIONS.has(action)) {
    return sendAwsError(
      res,
      {
        status: 400,
        code: 'InvalidAction',
        message: `SQS query protocol action ${action || '(none)'} is not translated by the local endpoint (it translates ${[...QUERY_ACTIONS].join(', ')}): use a client that speaks the JSON protocol (X-Amz-Target: AmazonSQS.*)`,
      },
      'query',
    );
  }
  // Some clients post to the queue's URL instead of passing QueueUrl.
  const path = (req.url ?? '/').split('?')[0]!;
  if (input['QueueUrl'] === undefined && /^\/\d+\/[^/]+$/.test(path)) input['QueueUrl'] = `${context.origin}${path}`;
  const arns = context.arns;
  const text = JSON.stringify(input);
  const answer = await exchange(new URL(context.engines.sqs.endpoint), context.agent, {
    path: '/',
    // fauxqs keeps queues per region, which it reads from the signature's credential scope.
    headers: { 'content-type': 'application/x-amz-json-1.0', 'x-amz-target': `AmazonSQS.${action}`, ...copied(req, 'authorization', 'x-amz-date') },
    body: Buffer.from(arns ? toEngineArns(text, arns, 'sqs') : text),
  });
  if (answer.status < 300 && isSqsWrite(action)) context.onEngineWrite?.(sqsWrite(input));
  const requestId = header(answer.headers, 'x-amzn-requestid') ?? randomUUID();
  let body = answer.body.toString('utf8');
  if (answer.status < 300 && !MESSAGE_ACTIONS.has(action)) {
    body = rewriteQueueUrls(arns ? toTopologyArns(body, arns, 'sqs') : body, context.origin, context.topology.accountId);
  }
  const xml =
    answer.status < 300
      ? jsonToQueryXml(action, body.trim() ? (JSON.parse(body) as Record<string, unknown>) : {}, requestId)
      : queryErrorXml(body, header(answer.headers, 'x-amzn-query-error'), requestId);
  res.writeHead(answer.status, { 'content-type': 'text/xml', 'x-amzn-requestid': requestId, 'content-length': Buffer.byteLength(xml) });
  res.end(xml);
}

/** Answers with message bodies: never rewritten (their MD5s must match). */
const MESSAGE_ACTIONS = new Set(['ReceiveMessage']);

/**
 * kinesalite's ARNs carry its own account and region; answers that describe streams get the topology's. Requests
 * need nothing: the Kinesis front finds a stream by the name in any ARN. Data actions are left alone (partition
 * keys are the caller's text).
 */
async function forwardKinesis(req: EndpointRequest, res: EndpointResponse, context: RouteContext): Promise<void> {
  const upstream = new URL(context.engines.kinesis.endpoint);
  const action = header(req.headers, 'x-amz-target')?.replace(/^Kinesis_20131202\./, '') ?? '';
  const arns = context.arns;
  const json = (header(req.headers, 'content-type') ?? '').includes('json');
  if (isKinesisWrite(action) && context.onEngineWrite) {
    const onWrite = context.onEngineWrite;
    const body = await readBody(req);
    const status =
      action === 'PutRecords' && json && context.chaos?.enabled('kinesis.throughput')
        ? await putRecordsWithChaos(req, res, context, context.chaos, body)
        : await forward(req, res, upstream, context.agent, {}, body);
    // A CBOR body is not read here: every stream of the engine may have the records.
    if (status < 300) onWrite(json ? kinesisWrite(body) : { service: 'kinesis' });
    return;
  }
  if (action === 'PutRecords' && json && context.chaos?.enabled('kinesis.throughput')) {
    await putRecordsWithChaos(req, res, context, context.chaos);
    return;
  }
  if (!arns || !STREAM_DESCRIBING_ACTIONS.has(action)) {
    await forward(req, res, upstream, context.agent);
    return;
  }
  await forward(req, res, upstream, context.agent, { response: (body) => Buffer.from(toTopologyArns(body.toString('utf8'), arns, 'kinesis')) });
}

/**
 * PutRecords (JSON protocol; CBOR goes through untouched) with some records failed by chaos: the others are
 * forwarded, and the answer has the failed ones in their places.
 */
async function putRecordsWithChaos(req: EndpointRequest, res: EndpointResponse, context: RouteContext, chaos: Chaos, read?: Buffer): Promise<number> {
  const body = read ?? (await readBody(req));
  const upstream = new URL(context.engines.kinesis.endpoint);
  const plan = kinesisPutRecordsFaults(chaos, body, context.topology.accountId);
  if (!plan) return forward(req, res, upstream, context.agent, {}, body);
  if (plan.forward === undefined) {
    const answer = plan.answer(undefined);
    res.writeHead(200, { 'content-type': 'application/x-amz-json-1.1', 'x-amzn-requestid': randomUUID(), 'content-length': answer.length });
    res.end(answer);
    return 200;
  }
  const forwarded = plan.forward;
  // A whole-call error of the engine (a missing stream, say) is its answer as it is.
  return forward(
    req,
    res,
    upstream,
    context.agent,
    { request: () => forwarded, response: (engineBody, _headers, status) => (status < 300 ? plan.answer(engineBody) : engineBody) },
    body,
  );
}

const STREAM_DESCRIBING_ACTIONS = new Set(['DescribeStream', 'DescribeStreamSummary', 'ListStreams']);

function unknownService(detection: Extract<Detection, { service: 'unknown' }>) {
  return {
    status: 400,
    code: 'UnknownServiceException',
    message: `The local endpoint does not serve '${detection.name}' (from the request's ${detection.by}); it serves events, dynamodb, dynamodb streams, kinesis, sqs, s3, lambda Invoke and secretsmanager (GetSecretValue, DescribeSecret)`,
  };
}

/** The error shape the caller's SDK parses: JSON with `X-Amz-Target`, query XML for form bodies, REST XML otherwise. */
function protocolOf(req: EndpointRequest): 'json' | 'query' | 'xml' {
  if (header(req.headers, 'x-amz-target') !== undefined) return 'json';
  const contentType = header(req.headers, 'content-type') ?? '';
  if (contentType.includes('x-www-form-urlencoded')) return 'query';
  return contentType.includes('json') ? 'json' : 'xml';
}

function copied(req: EndpointRequest, ...names: string[]): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const name of names) {
    const value = header(req.headers, name);
    if (value !== undefined) headers[name] = value;
  }
  return headers;
}
