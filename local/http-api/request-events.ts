import type { APIGatewayProxyEvent, APIGatewayProxyEventV2 } from 'aws-lambda';
import { amznTraceId, type HttpApiRequestParts, httpApiEventV1, httpApiEventV2, newHttpApiRequestId } from '../aws/events/index.ts';
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

/** HTTP API request ids look like `JKJaXmPLvHcESHA=`. */
export const newRequestId = newHttpApiRequestId;

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

/** The headers API Gateway adds in front of the integration: trace id and the X-Forwarded-* set. */
function forwardedHeaders(request: IncomingRequest, timeEpoch: number): Record<string, string[]> {
  const forwardedFor = request.headers.get('x-forwarded-for')?.join(',');
  return {
    'x-amzn-trace-id': [amznTraceId(timeEpoch)],
    'x-forwarded-for': [forwardedFor ? `${forwardedFor}, ${request.sourceIp}` : request.sourceIp],
    'x-forwarded-port': [String(request.localPort)],
    'x-forwarded-proto': ['http'],
  };
}

/** The request as the event shapes module takes it (`@eventful/local/aws-events`), binary bodies base64-encoded. */
function requestParts(request: IncomingRequest, match: RouteMatch, context: RequestContextInput): HttpApiRequestParts {
  const { api, route, path: routePath } = match.compiled;
  return {
    apiId: api.apiId,
    accountId: context.accountId,
    region: context.region,
    stage: STAGE,
    routeKey: route.routeKey,
    resourcePath: routePath,
    method: request.method,
    path: request.path,
    protocol: request.protocol,
    rawQueryString: request.rawQueryString,
    query: request.query,
    headers: { ...Object.fromEntries(request.headers), ...forwardedHeaders(request, context.timeEpoch) },
    ...encodeBody(request),
    sourceIp: request.sourceIp,
    pathParameters: match.pathParameters,
    requestId: context.requestId,
    timeEpoch: context.timeEpoch,
  };
}

/** The payload format 2.0 event. */
export function eventV2(request: IncomingRequest, match: RouteMatch, context: RequestContextInput): APIGatewayProxyEventV2 {
  return httpApiEventV2(requestParts(request, match, context));
}

/** The payload format 1.0 event of an HTTP API: the REST-compatible shape. */
export function eventV1(request: IncomingRequest, match: RouteMatch, context: RequestContextInput): APIGatewayProxyEvent {
  return httpApiEventV1(requestParts(request, match, context));
}
