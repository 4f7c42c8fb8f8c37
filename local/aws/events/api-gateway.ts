import type { APIGatewayProxyEvent, APIGatewayProxyEventV2 } from 'aws-lambda';
import { randomBytesPooled as randomBytes } from '../random-bytes.ts';
import { DEFAULT_ACCOUNT, DEFAULT_REGION, hex, type Placement } from './common.ts';

/**
 * A request as an HTTP API received it, before a payload format shapes it: what both formats are built from.
 * The local runtime fills it from the wire; `httpApiEvent` from a few options.
 */
export interface HttpApiRequestParts {
  apiId: string;
  accountId: string;
  region: string;
  /** @default '$default' */
  stage?: string;
  /** The matched route, e.g. `GET /orders/{orderId}` (or `$default`). */
  routeKey: string;
  /** The route's path, e.g. `/orders/{orderId}`: the 1.0 format's `resource`. */
  resourcePath: string;
  method: string;
  /** The request path, percent-decoded (HTTP APIs hand Lambda the decoded path). */
  path: string;
  protocol: string;
  /** Everything after `?`, as sent. */
  rawQueryString: string;
  /** Query parameters, decoded, each name with its values in order. */
  query: readonly (readonly [string, readonly string[]])[];
  /** Lowercased names, each with its values in order (one per header line), API Gateway's own included. */
  headers: Readonly<Record<string, readonly string[]>>;
  /** The body as Lambda gets it: text, or base64 with `isBase64Encoded`. */
  body?: string;
  isBase64Encoded: boolean;
  sourceIp: string;
  pathParameters: Readonly<Record<string, string>>;
  stageVariables?: Readonly<Record<string, string>>;
  requestId: string;
  timeEpoch: number;
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const pad = (n: number) => String(n).padStart(2, '0');

/** `12/Mar/2020:19:03:58 +0000`, the CLF time HTTP APIs put in `requestContext.time`. */
export function clfTime(epochMs: number): string {
  const date = new Date(epochMs);
  return `${pad(date.getUTCDate())}/${MONTHS[date.getUTCMonth()]}/${date.getUTCFullYear()}:${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())}:${pad(date.getUTCSeconds())} +0000`;
}

/** HTTP API request ids look like `JKJaXmPLvHcESHA=`: 14 base64 characters and `=`. */
export function newHttpApiRequestId(): string {
  return `${randomBytes(12).toString('base64').replace(/[+/]/g, 'A').slice(0, 14)}=`;
}

/** The `X-Amzn-Trace-Id` API Gateway adds: `Root=1-<epoch seconds, hex>-<24 hex>`. */
export function amznTraceId(timeEpoch: number): string {
  return `Root=1-${Math.floor(timeEpoch / 1000).toString(16)}-${hex(24)}`;
}

const domainOf = (apiId: string, region: string) => `${apiId}.execute-api.${region}.amazonaws.com`;

/**
 * The payload format 2.0 event, as AWS builds it: lowercased headers with repeated ones joined by commas, the
 * Cookie header moved to `cookies`, repeated query parameters joined by commas, `queryStringParameters`,
 * `pathParameters` and `body` left out when there are none.
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-develop-integrations-lambda.html
 */
export function httpApiEventV2(request: HttpApiRequestParts): APIGatewayProxyEventV2 {
  const cookies = (request.headers['cookie'] ?? [])
    .flatMap((header) => header.split(';'))
    .map((cookie) => cookie.trim())
    .filter(Boolean);
  const headers: Record<string, string> = {};
  for (const [name, values] of Object.entries(request.headers)) {
    if (name !== 'cookie') headers[name] = values.join(',');
  }
  const userAgent = headers['user-agent'] ?? '';
  const stage = request.stage ?? '$default';
  return {
    version: '2.0',
    routeKey: request.routeKey,
    rawPath: request.path,
    rawQueryString: request.rawQueryString,
    ...(cookies.length > 0 && { cookies }),
    headers,
    ...(request.query.length > 0 && { queryStringParameters: Object.fromEntries(request.query.map(([name, values]) => [name, values.join(',')])) }),
    requestContext: {
      accountId: request.accountId,
      apiId: request.apiId,
      domainName: domainOf(request.apiId, request.region),
      domainPrefix: request.apiId,
      http: { method: request.method, path: request.path, protocol: request.protocol, sourceIp: request.sourceIp, userAgent },
      requestId: request.requestId,
      routeKey: request.routeKey,
      stage,
      time: clfTime(request.timeEpoch),
      timeEpoch: request.timeEpoch,
    },
    ...(request.body !== undefined && { body: request.body }),
    ...(Object.keys(request.pathParameters).length > 0 && { pathParameters: { ...request.pathParameters } }),
    isBase64Encoded: request.isBase64Encoded,
    ...(request.stageVariables && { stageVariables: { ...request.stageVariables } }),
  } as APIGatewayProxyEventV2;
}

/**
 * The payload format 1.0 event (the REST API proxy shape): `null` for what is absent, single-value maps holding
 * the last value and `multiValue*` maps holding all of them.
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-develop-integrations-lambda.html
 */
export function httpApiEventV1(request: HttpApiRequestParts): APIGatewayProxyEvent {
  const multiValueHeaders = Object.fromEntries(Object.entries(request.headers).map(([name, values]) => [name, [...values]]));
  const headers = Object.fromEntries(Object.entries(multiValueHeaders).map(([name, values]) => [name, values.at(-1) ?? '']));
  const userAgent = headers['user-agent'] ?? '';
  const hasQuery = request.query.length > 0;
  const stage = request.stage ?? '$default';
  return {
    version: '1.0',
    resource: request.resourcePath,
    path: request.path,
    httpMethod: request.method,
    headers,
    multiValueHeaders,
    queryStringParameters: hasQuery ? Object.fromEntries(request.query.map(([name, values]) => [name, values.at(-1) ?? ''])) : null,
    multiValueQueryStringParameters: hasQuery ? Object.fromEntries(request.query.map(([name, values]) => [name, [...values]])) : null,
    requestContext: {
      accountId: request.accountId,
      apiId: request.apiId,
      domainName: domainOf(request.apiId, request.region),
      domainPrefix: request.apiId,
      extendedRequestId: request.requestId,
      httpMethod: request.method,
      identity: {
        accessKey: null,
        accountId: null,
        caller: null,
        cognitoAuthenticationProvider: null,
        cognitoAuthenticationType: null,
        cognitoIdentityId: null,
        cognitoIdentityPoolId: null,
        principalOrgId: null,
        sourceIp: request.sourceIp,
        user: null,
        userAgent,
        userArn: null,
      },
      path: request.path,
      protocol: request.protocol,
      requestId: request.requestId,
      requestTime: clfTime(request.timeEpoch),
      requestTimeEpoch: request.timeEpoch,
      resourceId: request.routeKey,
      resourcePath: request.resourcePath,
      stage,
    },
    pathParameters: Object.keys(request.pathParameters).length > 0 ? { ...request.pathParameters } : null,
    stageVariables: request.stageVariables ? { ...request.stageVariables } : null,
    body: request.body ?? null,
    isBase64Encoded: request.isBase64Encoded,
    // @types/aws-lambda's identity wants REST-only fields (apiKey, apiKeyId, clientCert) HTTP APIs do not send.
  } as unknown as APIGatewayProxyEvent;
}

export interface HttpApiRequest extends Placement {
  /**
   * The matched route, e.g. `POST /orders` or `GET /orders/{orderId}`. With path parameters, the
   * request path is the route with the parameters filled in.
   * @default `${method} ${path}`
   */
  routeKey?: string;
  /** @default from the route key, else 'GET' */
  method?: string;
  /** The request path. @default from the route key and path parameters, else '/' */
  path?: string;
  pathParameters?: Record<string, string>;
  /** Query parameters; repeated ones as arrays. */
  query?: Record<string, string | string[]>;
  /** Request headers, any case (HTTP APIs lowercase them). */
  headers?: Record<string, string>;
  cookies?: string[];
  /** A string as is, bytes base64-encoded (`isBase64Encoded`), anything else as JSON with a JSON content type. */
  body?: unknown;
  sourceIp?: string;
  userAgent?: string;
  requestId?: string;
  /** @default now */
  time?: Date;
  /** @default 'abcdef1234' */
  apiId?: string;
  /** @default '$default' */
  stage?: string;
  stageVariables?: Record<string, string>;
}

function encodeBody(body: unknown): { body?: string; isBase64Encoded: boolean; contentType?: string } {
  if (body === undefined) return { isBase64Encoded: false };
  if (typeof body === 'string') return { body, isBase64Encoded: false };
  if (body instanceof Uint8Array) return { body: Buffer.from(body).toString('base64'), isBase64Encoded: true, contentType: 'application/octet-stream' };
  return { body: JSON.stringify(body), isBase64Encoded: false, contentType: 'application/json' };
}

/** The parts of a request made from a few options, with the headers a client and API Gateway would add. */
export function httpApiRequestParts(request: HttpApiRequest = {}): HttpApiRequestParts {
  const [routeMethod, routePath] = request.routeKey?.includes(' ') ? request.routeKey.split(' ', 2) : [];
  const method = (request.method ?? routeMethod ?? 'GET').toUpperCase();
  const filledRoute = routePath?.replace(/\{([^}+]+)\+?\}/g, (_, name: string) => request.pathParameters?.[name] ?? `{${name}}`);
  const path = request.path ?? filledRoute ?? '/';
  const routeKey = request.routeKey ?? `${method} ${path}`;
  const apiId = request.apiId ?? 'abcdef1234';
  const region = request.region ?? DEFAULT_REGION;
  const sourceIp = request.sourceIp ?? '198.51.100.23';
  const timeEpoch = (request.time ?? new Date()).getTime();
  const { body, isBase64Encoded, contentType } = encodeBody(request.body);

  const query = Object.entries(request.query ?? {}).map(([name, value]) => [name, Array.isArray(value) ? value : [value]] as const);
  const rawQueryString = query.flatMap(([name, values]) => values.map((v) => `${encodeURIComponent(name)}=${encodeURIComponent(v)}`)).join('&');

  const callerHeaders = Object.fromEntries(Object.entries(request.headers ?? {}).map(([name, value]) => [name.toLowerCase(), value]));
  const headers: Record<string, string> = {
    accept: '*/*',
    host: domainOf(apiId, region),
    'user-agent': callerHeaders['user-agent'] ?? request.userAgent ?? 'eventful-test/1.0',
    'x-amzn-trace-id': amznTraceId(timeEpoch),
    'x-forwarded-for': sourceIp,
    'x-forwarded-port': '443',
    'x-forwarded-proto': 'https',
    ...(body !== undefined && { 'content-length': String(Buffer.byteLength(body, isBase64Encoded ? 'base64' : 'utf8')) }),
    ...(contentType !== undefined && { 'content-type': contentType }),
    ...(request.cookies && request.cookies.length > 0 && { cookie: request.cookies.join('; ') }),
    ...callerHeaders,
  };

  return {
    apiId,
    accountId: request.account ?? DEFAULT_ACCOUNT,
    region,
    stage: request.stage ?? '$default',
    routeKey,
    resourcePath: routePath ?? path,
    method,
    path,
    protocol: 'HTTP/1.1',
    rawQueryString,
    query,
    headers: Object.fromEntries(Object.entries(headers).map(([name, value]) => [name, [value]])),
    ...(body !== undefined && { body }),
    isBase64Encoded,
    sourceIp,
    pathParameters: request.pathParameters ?? {},
    ...(request.stageVariables && { stageVariables: request.stageVariables }),
    requestId: request.requestId ?? newHttpApiRequestId(),
    timeEpoch,
  };
}

/**
 * An API Gateway HTTP API request in payload format 2.0, as a Lambda integration receives it
 * (https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-develop-integrations-lambda.html).
 *
 * @example
 * httpApiEvent({ routeKey: 'POST /orders', body: { customerId: 'c-1', items }, headers: { 'Idempotency-Key': 'k-1' } });
 * httpApiEvent({ routeKey: 'GET /orders/{orderId}', pathParameters: { orderId: 'o-1' } });
 */
export function httpApiEvent(request: HttpApiRequest = {}): APIGatewayProxyEventV2 {
  return httpApiEventV2(httpApiRequestParts(request));
}

/** The same request in payload format 1.0 (the REST API proxy shape). */
export function httpApiEventFormat1(request: HttpApiRequest = {}): APIGatewayProxyEvent {
  return httpApiEventV1(httpApiRequestParts(request));
}
