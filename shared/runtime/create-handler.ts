import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import { captureLambdaHandler } from '@aws-lambda-powertools/tracer/middleware';
import middy, { type MiddyfiedHandler } from '@middy/core';
import type { Context } from 'aws-lambda';
import { correlationIds } from './correlation-id.ts';
import { logger, metrics, tracer } from './observability.ts';

export interface HandlerOptions {
  /**
   * Where the invocation's correlation id is read from.
   * @default correlationIdOf: EventBridge `detail.metadata.correlationId`, HTTP API `x-correlation-id` or request id
   */
  correlationId?: (event: unknown) => string | undefined;
}

/**
 * Wraps a handler with the house middlewares, in this order:
 * 1. X-Ray: a subsegment around the handler, errors and responses captured (`captureLambdaHandler`);
 * 2. metrics: a `ColdStart` metric, metrics flushed after every invocation (`logMetrics`);
 * 3. logger: the Lambda context on every log line, keys reset between invocations (`injectLambdaContext`);
 * 4. correlation id: put on every log line and echoed in HTTP API responses (`correlationIds`).
 *
 * Call it once, at module scope, so all of this is set up once per cold start.
 *
 * @example
 * export const handler = createHandler(
 *   sqsBatchHandler(OrderPlaced, async (event) => reserveStock(event.detail.data)),
 * );
 */
export function createHandler<TEvent, TResult>(
  fn: (event: TEvent, context: Context) => Promise<TResult>,
  options: HandlerOptions = {},
): MiddyfiedHandler<TEvent, TResult> {
  return middy<TEvent, TResult>()
    .use(captureLambdaHandler(tracer))
    .use(logMetrics(metrics, { captureColdStartMetric: true }))
    .use(injectLambdaContext(logger, { resetKeys: true }))
    .use(correlationIds(options.correlationId ? { extract: options.correlationId } : {}))
    .handler((event, context) => fn(event, context));
}
