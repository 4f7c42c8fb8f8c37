import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { Tracer } from '@aws-lambda-powertools/tracer';

/*
 * One Logger, Metrics and Tracer per execution environment: module scope runs once per cold start,
 * and warm invocations reuse them (https://docs.aws.amazon.com/lambda/latest/dg/best-practices.html).
 * Each reads its settings from the environment the function is deployed with:
 * POWERTOOLS_SERVICE_NAME (service), POWERTOOLS_METRICS_NAMESPACE (namespace), POWERTOOLS_LOG_LEVEL.
 */

/**
 * Structured JSON logger. Every line carries the Lambda context and, inside {@link createHandler},
 * the `correlation_id` of the event or record being handled.
 *
 * @example
 * logger.info('Stock reserved', { orderId });
 */
export const logger = new Logger();

const say =
  (level: 'debug' | 'info' | 'warn' | 'error') =>
  (...content: unknown[]) =>
    logger[level](content.map(String).join(' '));

/**
 * CloudWatch metrics in Embedded Metric Format, flushed after every invocation by {@link createHandler}.
 *
 * @example
 * metrics.addMetric('OrdersReserved', MetricUnit.Count, 1);
 */
export const metrics = new Metrics({
  // Metrics' own notices go through the structured logger. The one it prints after every invocation
  // that added no metric (most of ours) is demoted to DEBUG, so it does not flood the logs at WARN.
  logger: {
    debug: say('debug'),
    info: say('info'),
    warn: (...content: unknown[]) => (String(content[0]).startsWith('No application metrics to publish') ? say('debug') : say('warn'))(...content),
    error: say('error'),
  },
});

/**
 * X-Ray tracer. Wrap SDK clients with `tracer.captureAWSv3Client(client)` to trace their calls.
 *
 * Every outbound call our functions make is an AWS SDK call, traced by `captureAWSv3Client`: the tracer does not
 * also patch Node's `http`/`https` and subscribe to `fetch` (undici) for calls made without the SDK
 * (`captureHTTPsRequests`, https://docs.powertools.aws.dev/lambda/typescript/latest/features/tracer/), which took
 * about a tenth of each function's init (README, Cold start). A function that calls an HTTP API without the SDK
 * wraps that call in a subsegment of its own.
 */
export const tracer = new Tracer({ captureHTTPsRequests: false });
