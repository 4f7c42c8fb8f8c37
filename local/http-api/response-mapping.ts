import { DEFAULT_STRUCTURED_CONTENT_TYPE, GATEWAY_RESPONSES, INFERRED_CONTENT_TYPE } from './constants.ts';

/** An HTTP response ready to write; header names as the function gave them. */
export interface HttpResponse {
  statusCode: number;
  headers: [string, string][];
  body: Buffer;
}

/** Why API Gateway answered 500 instead of the function's response; for the access log. */
export type MappingError = 'function-error' | 'malformed-response';

export type MappedResponse = { ok: true; response: HttpResponse } | { ok: false; error: MappingError; response: HttpResponse };

/** `{"message":"…"}` with `application/json`, the body of every gateway response. */
export function gatewayResponse(response: { statusCode: number; message: string }): HttpResponse {
  return {
    statusCode: response.statusCode,
    headers: [['content-type', 'application/json']],
    body: Buffer.from(JSON.stringify({ message: response.message })),
  };
}

const internalError = (error: MappingError): MappedResponse => ({ ok: false, error, response: gatewayResponse(GATEWAY_RESPONSES.internalServerError) });

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

const hasHeader = (headers: [string, string][], name: string) => headers.some(([key]) => key.toLowerCase() === name);

function headerValue(value: unknown): string | undefined {
  return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' ? String(value) : undefined;
}

/** A final HTTP status: informational 1xx codes cannot end a response. */
function validStatus(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 200 && value <= 599;
}

function decodeBody(body: unknown, isBase64Encoded: unknown): Buffer | undefined {
  if (body === undefined || body === null) return Buffer.alloc(0);
  if (typeof body !== 'string') return undefined;
  return isBase64Encoded === true ? Buffer.from(body, 'base64') : Buffer.from(body, 'utf8');
}

/**
 * Payload format 2.0: a response with `statusCode` is taken field by field (`headers`, `cookies` as
 * `set-cookie` headers, `body`, `isBase64Encoded`; 2.0 has no `multiValueHeaders`); anything else is inferred
 * as a 200 `application/json` response whose body is the function's response: a returned string as its text,
 * any other value as its JSON. A function error is a 500.
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-develop-integrations-lambda.html#http-api-develop-integrations-lambda.v2
 */
export function mapResponseV2(payload: string, functionError: string | undefined): MappedResponse {
  if (functionError !== undefined) return internalError('function-error');
  let value: unknown;
  try {
    value = JSON.parse(payload);
  } catch {
    return internalError('malformed-response');
  }
  if (!isRecord(value) || !('statusCode' in value)) {
    const body = typeof value === 'string' ? value : payload;
    return { ok: true, response: { statusCode: 200, headers: [['content-type', INFERRED_CONTENT_TYPE]], body: Buffer.from(body, 'utf8') } };
  }
  if (!validStatus(value['statusCode'])) return internalError('malformed-response');
  const headers: [string, string][] = [];
  if (value['headers'] !== undefined && value['headers'] !== null) {
    if (!isRecord(value['headers'])) return internalError('malformed-response');
    for (const [name, raw] of Object.entries(value['headers'])) {
      if (raw === null) continue;
      const text = headerValue(raw);
      if (text === undefined) return internalError('malformed-response');
      headers.push([name, text]);
    }
  }
  if (value['cookies'] !== undefined && value['cookies'] !== null) {
    if (!Array.isArray(value['cookies']) || !value['cookies'].every((cookie) => typeof cookie === 'string')) return internalError('malformed-response');
    for (const cookie of value['cookies'] as string[]) headers.push(['set-cookie', cookie]);
  }
  const body = decodeBody(value['body'], value['isBase64Encoded']);
  if (!body) return internalError('malformed-response');
  if (body.length > 0 && !hasHeader(headers, 'content-type')) headers.push(['content-type', DEFAULT_STRUCTURED_CONTENT_TYPE]);
  return { ok: true, response: { statusCode: value['statusCode'], headers, body } };
}

/**
 * Payload format 1.0: the function must return `{ statusCode, headers?, multiValueHeaders?, body?,
 * isBase64Encoded? }`; "API Gateway doesn't make assumptions of the response and returns a 500 error".
 * https://repost.aws/knowledge-center/api-gateway-status-codes-http-api
 */
export function mapResponseV1(payload: string, functionError: string | undefined): MappedResponse {
  if (functionError !== undefined) return internalError('function-error');
  let value: unknown;
  try {
    value = JSON.parse(payload);
  } catch {
    return internalError('malformed-response');
  }
  if (!isRecord(value) || !validStatus(value['statusCode'])) return internalError('malformed-response');
  const headers: [string, string][] = [];
  const single = value['headers'];
  const multi = value['multiValueHeaders'];
  if (single !== undefined && single !== null) {
    if (!isRecord(single)) return internalError('malformed-response');
    for (const [name, raw] of Object.entries(single)) {
      if (raw === null) continue;
      const text = headerValue(raw);
      if (text === undefined) return internalError('malformed-response');
      headers.push([name, text]);
    }
  }
  if (multi !== undefined && multi !== null) {
    if (!isRecord(multi)) return internalError('malformed-response');
    for (const [name, raw] of Object.entries(multi)) {
      if (!Array.isArray(raw)) return internalError('malformed-response');
      for (const item of raw) {
        const text = headerValue(item);
        if (text === undefined) return internalError('malformed-response');
        if (!headers.some(([key, existing]) => key.toLowerCase() === name.toLowerCase() && existing === text)) headers.push([name, text]);
      }
    }
  }
  const body = decodeBody(value['body'], value['isBase64Encoded']);
  if (!body) return internalError('malformed-response');
  if (body.length > 0 && !hasHeader(headers, 'content-type')) headers.push(['content-type', INFERRED_CONTENT_TYPE]);
  return { ok: true, response: { statusCode: value['statusCode'], headers, body } };
}
