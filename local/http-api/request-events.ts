import { randomBytes } from 'node:crypto';
import type { APIGatewayProxyEvent, APIGatewayProxyEventV2 } from 'aws-lambda';
import { STAGE, TEXT_MEDIA_TYPES } from './constants.ts';
import type { IncomingRequest } from './incoming-request.ts';
import type { RouteMatch } from './route-table.ts';

/** Where and when the request arrived, shared by both payload formats. */
export interface RequestContextInput {
  accountId: string;
  region: string;
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
export function newRequestId(): string {
  return `${randomBytes(12).toString('base64').replace(/[+/]/g, 'A').slice(0, 14)}=`;
}

/** Whether HTTP APIs base64-encode a request body of this content type before handing it to Lambda. */
export function isBinaryContentType(contentType: string | undefined): boolean {
  const mediaType = contentType?.split(';')[0]?.trim().toLowerCase();
  if (!mediaType) return true;
  return !(mediaType.startsWith('text/') || TEXT_MEDIA_TYPES.includes(mediaType));
}

function encodeBody(request: IncomingRequest): { body?: string; isBase64Encoded: boolean } {
  if (request.body.length === 0) return { isBase64Encoded: false };
  const binary = isBinaryContentType(request.headers.get('content-type')?.at(-1));
  return binary ? { body: request.body.toString('base64'), isBase64Encoded: true } : { body: request.body.toString('utf8'), isBase64Encoded: false };
}

const domainOf = (apiId: string, region: string) => `${apiId}.execute-api.${region}.amazonaws.com`;

/** The headers API Gateway adds in front of the integration: trace id and the X-Forwarded-* set. */
function forwardedHeaders(request: IncomingRequest, timeEpoch: number): Record<string, string> {
  const forwardedFor = request.headers.get('x-forwarded-for')?.join(',');
  return {
    'x-amzn-trace-id': `Root=1-${Math.floor(timeEpoch / 1000).toString(16)}-${randomBytes(12).toString('hex')}`,
    'x-forwarded-for': forwardedFor ? `${forwardedFor}, ${request.sourceIp}` : request.sourceIp,
    'x-forwarded-port': String(request.localPort),
    'x-forwarded-proto': 'http',
  };
}

/**
 * The payload format 2.0 event, as AWS builds it: lowercased headers with repeated ones joined by commas, the
 * Cookie header moved to `cookies`, repeated query parameters joined by commas, `queryStringParameters`,
 * `pathParameters` and `body` left out when there are none, binary bodies base64-encoded.
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-develop-integrations-lambda.html
 */
export function eventV2(request: IncomingRequest, match: RouteMatch, context: RequestContextInput): APIGatewayProxyEventV2 {
  const { api, route } = match.compiled;
  const cookies = (request.headers.get('cookie') ?? [])
    .flatMap((header) => header.split(';'))
    .map((cookie) => cookie.trim())
    .filter(Boolean);
  const headers: Record<string, string> = {};
  for (const [name, values] of request.headers) {
    if (name !== 'cookie') headers[name] = values.join(',');
  }
  Object.assign(headers, forwardedHeaders(request, context.timeEpoch));
  const userAgent = headers['user-agent'] ?? '';
  const hasPathParameters = Object.keys(match.pathParameters).length > 0;
  return {
    version: '2.0',
    routeKey: route.routeKey,
    rawPath: request.path,
    rawQueryString: request.rawQueryString,
    ...(cookies.length > 0 && { cookies }),
    headers,
    ...(request.query.length > 0 && { queryStringParameters: Object.fromEntries(request.query.map(([name, values]) => [name, values.join(',')])) }),
    requestContext: {
      accountId: context.accountId,
      apiId: api.apiId,
      domainName: domainOf(api.apiId, context.region),
      domainPrefix: api.apiId,
      http: { method: request.method, path: request.path, protocol: request.protocol, sourceIp: request.sourceIp, userAgent },
      requestId: context.requestId,
      routeKey: route.routeKey,
      stage: STAGE,
      time: clfTime(context.timeEpoch),
      timeEpoch: context.timeEpoch,
    },
    ...encodeBody(request),
    ...(hasPathParameters && { pathParameters: match.pathParameters }),
  } as APIGatewayProxyEventV2;
}

/**
 * The payload format 1.0 event of an HTTP API: the REST-compatible shape, with `null` for what is absent,
 * single-value maps holding the last value and `multiValue*` maps holding all of them.
 */
export function eventV1(request: IncomingRequest, match: RouteMatch, context: RequestContextInput): APIGatewayProxyEvent {
  const { api, route, path: routePath } = match.compiled;
  const multiValueHeaders: Record<string, string[]> = Object.fromEntries(request.headers);
  for (const [name, value] of Object.entries(forwardedHeaders(request, context.timeEpoch))) multiValueHeaders[name] = [value];
  const headers = Object.fromEntries(Object.entries(multiValueHeaders).map(([name, values]) => [name, values.at(-1) ?? '']));
  const userAgent = headers['user-agent'] ?? '';
  const { body, isBase64Encoded } = encodeBody(request);
  const hasQuery = request.query.length > 0;
  return {
    version: '1.0',
    resource: routePath,
    path: request.path,
    httpMethod: request.method,
    headers,
    multiValueHeaders,
    queryStringParameters: hasQuery ? Object.fromEntries(request.query.map(([name, values]) => [name, values.at(-1) ?? ''])) : null,
    multiValueQueryStringParameters: hasQuery ? Object.fromEntries(request.query) : null,
    requestContext: {
      accountId: context.accountId,
      apiId: api.apiId,
      domainName: domainOf(api.apiId, context.region),
      domainPrefix: api.apiId,
      extendedRequestId: context.requestId,
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
      requestId: context.requestId,
      requestTime: clfTime(context.timeEpoch),
      requestTimeEpoch: context.timeEpoch,
      resourceId: route.routeKey,
      resourcePath: routePath,
      stage: STAGE,
    },
    pathParameters: Object.keys(match.pathParameters).length > 0 ? match.pathParameters : null,
    stageVariables: null,
    body: body ?? null,
    isBase64Encoded,
    // @types/aws-lambda's identity wants REST-only fields (apiKey, apiKeyId, clientCert) HTTP APIs do not send.
  } as unknown as APIGatewayProxyEvent;
}
