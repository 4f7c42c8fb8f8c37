import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { randomBytes } from 'node:crypto';
import { hex, TEST_ACCOUNT, TEST_REGION, type Placement } from './aws.ts';

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

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const pad = (n: number) => String(n).padStart(2, '0');

/** The CLF-style `requestContext.time` of HTTP APIs: `12/Mar/2020:19:03:58 +0000`. */
function clfTime(date: Date): string {
  return `${pad(date.getUTCDate())}/${MONTHS[date.getUTCMonth()]}/${date.getUTCFullYear()}:${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())}:${pad(date.getUTCSeconds())} +0000`;
}

function encodeBody(body: unknown): { body?: string; isBase64Encoded: boolean; contentType?: string } {
  if (body === undefined) return { isBase64Encoded: false };
  if (typeof body === 'string') return { body, isBase64Encoded: false };
  if (body instanceof Uint8Array) return { body: Buffer.from(body).toString('base64'), isBase64Encoded: true, contentType: 'application/octet-stream' };
  return { body: JSON.stringify(body), isBase64Encoded: false, contentType: 'application/json' };
}

/**
 * An API Gateway HTTP API request in payload format 2.0, as a Lambda integration receives it
 * (https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-develop-integrations-lambda.html):
 * lowercased headers, multi-value query parameters joined with commas, `queryStringParameters`,
 * `pathParameters` and `body` present only when there are some.
 *
 * @example
 * httpApiEvent({ routeKey: 'POST /orders', body: { customerId: 'c-1', items }, headers: { 'Idempotency-Key': 'k-1' } });
 * httpApiEvent({ routeKey: 'GET /orders/{orderId}', pathParameters: { orderId: 'o-1' } });
 */
export function httpApiEvent(request: HttpApiRequest = {}): APIGatewayProxyEventV2 {
  const [routeMethod, routePath] = request.routeKey?.includes(' ') ? request.routeKey.split(' ', 2) : [];
  const method = (request.method ?? routeMethod ?? 'GET').toUpperCase();
  const filledRoute = routePath?.replace(/\{([^}+]+)\+?\}/g, (_, name: string) => request.pathParameters?.[name] ?? `{${name}}`);
  const path = request.path ?? filledRoute ?? '/';
  const routeKey = request.routeKey ?? `${method} ${path}`;
  const apiId = request.apiId ?? 'abcdef1234';
  const region = request.region ?? TEST_REGION;
  const domainName = `${apiId}.execute-api.${region}.amazonaws.com`;
  const sourceIp = request.sourceIp ?? '198.51.100.23';
  const time = request.time ?? new Date();
  const { body, isBase64Encoded, contentType } = encodeBody(request.body);

  const queryPairs = Object.entries(request.query ?? {}).flatMap(([name, value]) => (Array.isArray(value) ? value : [value]).map((v) => [name, v] as const));
  const rawQueryString = queryPairs.map(([n, v]) => `${encodeURIComponent(n)}=${encodeURIComponent(v)}`).join('&');
  const queryStringParameters = Object.fromEntries(
    Object.entries(request.query ?? {}).map(([name, value]) => [name, Array.isArray(value) ? value.join(',') : value]),
  );

  const callerHeaders = Object.fromEntries(Object.entries(request.headers ?? {}).map(([name, value]) => [name.toLowerCase(), value]));
  const userAgent = callerHeaders['user-agent'] ?? request.userAgent ?? 'eventful-test/1.0';
  const headers: Record<string, string> = {
    accept: '*/*',
    host: domainName,
    'user-agent': userAgent,
    'x-amzn-trace-id': `Root=1-${Math.floor(time.getTime() / 1000).toString(16)}-${hex(24)}`,
    'x-forwarded-for': sourceIp,
    'x-forwarded-port': '443',
    'x-forwarded-proto': 'https',
    ...(body !== undefined && { 'content-length': String(Buffer.byteLength(body, isBase64Encoded ? 'base64' : 'utf8')) }),
    ...(contentType !== undefined && { 'content-type': contentType }),
    ...callerHeaders,
  };

  return {
    version: '2.0',
    routeKey,
    rawPath: path,
    rawQueryString,
    ...(request.cookies && request.cookies.length > 0 && { cookies: request.cookies }),
    headers,
    ...(queryPairs.length > 0 && { queryStringParameters }),
    requestContext: {
      accountId: request.account ?? TEST_ACCOUNT,
      apiId,
      domainName,
      domainPrefix: apiId,
      http: { method, path, protocol: 'HTTP/1.1', sourceIp, userAgent },
      // HTTP API request ids look like `JKJaXmPLvHcESHA=`.
      requestId: request.requestId ?? `${randomBytes(10).toString('base64').slice(0, 14)}=`,
      routeKey,
      stage: request.stage ?? '$default',
      time: clfTime(time),
      timeEpoch: time.getTime(),
    },
    ...(body !== undefined && { body }),
    ...(request.pathParameters && Object.keys(request.pathParameters).length > 0 && { pathParameters: request.pathParameters }),
    isBase64Encoded,
    ...(request.stageVariables && { stageVariables: request.stageVariables }),
  };
}
