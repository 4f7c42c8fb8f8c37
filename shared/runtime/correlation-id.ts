import type { MiddlewareObj } from '@middy/core';
import { logger } from './observability.ts';

/** Request header that carries a caller's correlation id into the HTTP API, and back out in the response. */
export const CORRELATION_ID_HEADER = 'x-correlation-id';

type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);
const nonEmpty = (value: unknown): string | undefined => (typeof value === 'string' && value !== '' ? value : undefined);

/** An API Gateway HTTP API (payload format 2.0) request. */
function isHttpApiEvent(event: Json): boolean {
  return event.version === '2.0' && isObject(event.requestContext) && isObject(event.requestContext.http);
}

/**
 * The correlation id an invocation belongs to, or `undefined` when it has none of its own (batches,
 * whose records each carry one).
 *
 * - EventBridge event: `detail.metadata.correlationId`; for an event from outside the catalog
 *   (e.g. `aws.s3`, `aws.scheduler`), its `id`, which starts a new correlation.
 * - API Gateway HTTP API: the `x-correlation-id` header (HTTP APIs lowercase header names:
 *   https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-develop-integrations-lambda.html),
 *   else the API request id.
 *
 * @example
 * correlationIdOf(eventBridgeEvent); // 'corr-42'
 */
export function correlationIdOf(event: unknown): string | undefined {
  if (!isObject(event) || Array.isArray(event.Records)) return undefined;
  if (isHttpApiEvent(event)) {
    const headers = isObject(event.headers) ? event.headers : {};
    return nonEmpty(headers[CORRELATION_ID_HEADER]) ?? nonEmpty((event.requestContext as Json).requestId);
  }
  if ('detail-type' in event) {
    const metadata = isObject(event.detail) && isObject(event.detail.metadata) ? event.detail.metadata : {};
    return nonEmpty(metadata.correlationId) ?? nonEmpty(event.id);
  }
  return undefined;
}

/** The correlation id of the event or record being handled, to propagate into the events it causes. */
export function currentCorrelationId(): string | undefined {
  return nonEmpty(logger.getCorrelationId());
}

/**
 * Runs `fn` with `correlationId` on every log line, then restores the invocation's own.
 * Batch handlers use it around each record, which is why they process records one at a time.
 */
export async function withCorrelationId<T>(correlationId: string | undefined, fn: () => Promise<T>): Promise<T> {
  const previous = logger.getCorrelationId();
  if (correlationId !== undefined) logger.setCorrelationId(correlationId);
  try {
    return await fn();
  } finally {
    if (previous === undefined) logger.removeKeys(['correlation_id']);
    else logger.setCorrelationId(previous);
  }
}

export interface CorrelationIdOptions {
  /** Overrides where the correlation id is read from. Defaults to {@link correlationIdOf}. */
  extract?: (event: unknown) => string | undefined;
}

/**
 * middy middleware putting the invocation's correlation id on every log line (`correlation_id`) and,
 * for HTTP API responses, echoing it in the `x-correlation-id` response header.
 */
export function correlationIds(options: CorrelationIdOptions = {}): MiddlewareObj {
  const extract = options.extract ?? correlationIdOf;
  return {
    before: (request) => {
      const correlationId = extract(request.event);
      if (correlationId !== undefined) logger.setCorrelationId(correlationId);
    },
    after: (request) => {
      const correlationId = currentCorrelationId();
      const { event, response } = request;
      if (correlationId === undefined || !isObject(event) || !isHttpApiEvent(event)) return;
      if (!isObject(response) || typeof response.statusCode !== 'number') return;
      const headers = isObject(response.headers) ? response.headers : {};
      request.response = { ...response, headers: { ...headers, [CORRELATION_ID_HEADER]: correlationId } };
    },
  };
}
