/**
 * Helpers for Lambda functions behind the API Gateway HTTP API (payload format 2.0): JSON responses,
 * the 400 shape of docs/openapi.yaml (`{"message", "errors": [{"path", "message"}]}`), the raw body
 * (base64-aware) and case-insensitive header lookup.
 *
 * @example
 * import { header, json, parseJsonBody } from '../../shared/http/index.ts';
 *
 * export const handler = createHandler(async (event: APIGatewayProxyEventV2) => {
 *   const parsed = parseJsonBody(event, PlaceOrderCommand);
 *   if (!parsed.success) return parsed.response; // 400 naming each bad field: items[0].quantity
 *   const key = header(event, 'Idempotency-Key');
 *   return json(201, await placeOrder(parsed.data, key));
 * });
 */
export { badRequest, type BadRequestBody } from './bad-request.ts';
export { checkIdempotencyKey, IDEMPOTENCY_KEY_HEADER, IDEMPOTENCY_KEY_MAX_LENGTH, type IdempotencyKeyResult } from './idempotency-key.ts';
export { json, type HttpResponse } from './json-response.ts';
export { parseJsonBody, type ParsedBody } from './parse-json-body.ts';
export { header, rawBody, rawBodyBytes, type HttpRequest } from './request.ts';
