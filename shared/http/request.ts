import type { APIGatewayProxyEventV2 } from 'aws-lambda';

/** The parts of an HTTP API (payload format 2.0) request these helpers read. */
export type HttpRequest = Pick<APIGatewayProxyEventV2, 'headers' | 'body' | 'isBase64Encoded'>;

/**
 * The request body's bytes. HTTP APIs base64-encode a body they consider binary and set
 * `isBase64Encoded` (https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-develop-integrations-lambda.html);
 * a missing body is empty. Use this for signatures (HMAC over the exact bytes received).
 */
export function rawBodyBytes(event: HttpRequest): Buffer {
  if (event.body === undefined || event.body === null) return Buffer.alloc(0);
  return Buffer.from(event.body, event.isBase64Encoded ? 'base64' : 'utf8');
}

/**
 * The request body as text (UTF-8), decoded from base64 when the HTTP API encoded it; `''` when there is none.
 *
 * @example
 * const signed = `${timestamp}.${rawBody(event)}`;
 */
export function rawBody(event: HttpRequest): string {
  if (event.body === undefined || event.body === null) return '';
  return event.isBase64Encoded ? Buffer.from(event.body, 'base64').toString('utf8') : event.body;
}

/**
 * A request header's value by name, in any case. HTTP APIs lowercase header names and join repeated
 * headers with commas; a local runtime or a test may not lowercase, so this does not rely on it.
 *
 * @example
 * header(event, 'Idempotency-Key'); // 'k-1', or undefined when absent
 */
export function header(event: Pick<HttpRequest, 'headers'>, name: string): string | undefined {
  const headers = event.headers ?? {};
  const exact = headers[name.toLowerCase()];
  if (exact !== undefined) return exact;
  const wanted = name.toLowerCase();
  for (const [key, value] of Object.entries(headers)) if (key.toLowerCase() === wanted) return value;
  return undefined;
}
