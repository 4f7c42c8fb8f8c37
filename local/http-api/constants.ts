/**
 * API Gateway HTTP API numbers and fixed responses, each with the page that states it.
 */

/** "Maximum payload size: 10 MB" https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-quotas.html */
export const MAX_PAYLOAD_BYTES = 10 * 1024 * 1024;

/** Integration timeout: 30 seconds at most, the default. https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-quotas.html */
export const DEFAULT_INTEGRATION_TIMEOUT_MS = 30_000;

/** The stage every local request is served from; the loader's APIs use the auto-deployed `$default` stage. */
export const STAGE = '$default';

/** Gateway responses HTTP APIs send when the integration is not the one answering. */
export const GATEWAY_RESPONSES = {
  notFound: { statusCode: 404, message: 'Not Found' },
  internalServerError: { statusCode: 500, message: 'Internal Server Error' },
  serviceUnavailable: { statusCode: 503, message: 'Service Unavailable' },
  payloadTooLarge: { statusCode: 413, message: 'Request Entity Too Large' },
  /** Locally: a request whose `Host` is not this machine's loopback (a DNS-rebinding page). */
  forbidden: { statusCode: 403, message: 'Forbidden' },
} as const;

/**
 * Request bodies HTTP APIs pass to Lambda as text; every other content type, a missing one and (surprisingly)
 * `application/x-www-form-urlencoded` included, arrives base64-encoded with `isBase64Encoded: true`. The docs
 * say only "if the content type is binary"; this split was verified against AWS (ministackorg/ministack#766).
 */
export const TEXT_MEDIA_TYPES: readonly string[] = ['application/json', 'application/xml', 'application/javascript'];

/**
 * When a 2.0 response with a `statusCode` sets no content type, HTTP APIs answer `text/plain; charset=utf-8`
 * (reported in awslabs/aws-lambda-go-api-proxy#116, aws-powertools/powertools-lambda-python#2464); a response
 * API Gateway infers (no `statusCode`) is `application/json`.
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-develop-integrations-lambda.html
 */
export const DEFAULT_STRUCTURED_CONTENT_TYPE = 'text/plain; charset=utf-8';
export const INFERRED_CONTENT_TYPE = 'application/json';

export const HTTP_METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS'] as const;
