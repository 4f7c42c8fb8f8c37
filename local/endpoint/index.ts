/**
 * The one AWS-compatible endpoint of the local runtime: SDKs and the AWS CLI pointed at it with
 * `AWS_ENDPOINT_URL` reach EventBridge and Lambda (served by the runtime) and DynamoDB, DynamoDB Streams,
 * Kinesis, SQS and S3 (their engines), over HTTP/1.1 or cleartext HTTP/2, on one port.
 *
 * @example
 * import { startEndpoint } from './local/endpoint/index.ts';
 *
 * const endpoint = await startEndpoint({ port: 4566, engines, topology, arns: provisioned.arns, lambda,
 *   eventsHandler: (target, body) => handleEventsRequest(events, target, body) });
 * // AWS_ENDPOINT_URL=http://127.0.0.1:4566 aws sqs list-queues
 * await endpoint.close();
 */
export {
  ADMIN_PREFIX,
  DEFAULT_ENDPOINT_PORT,
  HEALTH_PATH,
  startEndpoint,
  type EndpointOptions,
  type EventsHandler,
  type SecretsHandler,
  type RunningEndpoint,
} from './start-endpoint.ts';
export { detectService, signingName, type Detection, type ServiceName } from './detect-service.ts';
export { decodedSegment } from './path-segment.ts';
export { ADMIN_REQUEST_HEADER, isLoopbackHost } from './request-guard.ts';
export { rewriteQueueUrls } from './queue-urls.ts';
export { QUERY_ACTIONS as SQS_QUERY_ACTIONS } from './sqs-query.ts';
export type { EndpointRequest, EndpointResponse } from './http-types.ts';
export type { LambdaInvoker } from './lambda-invoke.ts';
