import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';

/** What an HTTP API (payload format 2.0) Lambda integration returns. */
export type HttpResponse = APIGatewayProxyStructuredResultV2;

/**
 * A JSON response: the body serialized, `content-type: application/json` unless `headers` sets one.
 *
 * Returning `statusCode` explicitly matters: without it, HTTP APIs guess the response format
 * (https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-develop-integrations-lambda.html#http-api-develop-integrations-lambda.response).
 *
 * @example
 * return json(201, { orderId, status: 'PLACED' });
 * return json(404, { message: `Order ${orderId} not found` });
 */
export function json(statusCode: number, body: unknown, headers: Record<string, string> = {}): HttpResponse {
  const hasContentType = Object.keys(headers).some((name) => name.toLowerCase() === 'content-type');
  return {
    statusCode,
    headers: hasContentType ? headers : { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  };
}
