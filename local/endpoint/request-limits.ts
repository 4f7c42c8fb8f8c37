import { Transform, type TransformCallback } from 'node:stream';
import { ASYNC_PAYLOAD_LIMIT_BYTES, SYNC_PAYLOAD_LIMIT_BYTES } from '../lambda/constants.ts';
import { PUT_EVENTS_MAX_REQUEST_BYTES, PUT_RECORDS_MAX_REQUEST_BYTES } from '../aws/limits.ts';
import type { AwsError } from './aws-error.ts';
import type { ServiceName } from './detect-service.ts';
import type { EndpointRequest } from './http-types.ts';

const KiB = 1024;
const MiB = 1024 * KiB;
const GiB = 1024 * MiB;

/**
 * JSON writes a byte of text as at most 6 (`\u001f`), and the members around the payload take some room: the body
 * that carries a request AWS accepts is at most this many times its counted size, plus {@link ENVELOPE_BYTES}.
 * The service's own limit is then checked exactly on the parsed request (PutEvents' 1 MiB of entries, Lambda's
 * payload): the body cap only keeps a hostile body from being read whole.
 */
const JSON_ESCAPE_FACTOR = 6;
const ENVELOPE_BYTES = 64 * KiB;

/**
 * SQS messages and SendMessageBatch requests: at most 1 MiB of body and attributes (raised from 256 KiB in 2026).
 * https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/quotas-messages.html
 */
export const SQS_MAX_PAYLOAD_BYTES = 1 * MiB;

/**
 * DynamoDB's largest request: BatchWriteItem, "the total request size must not exceed 16 MB"; binary attributes
 * travel base64-encoded (4/3).
 * https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_BatchWriteItem.html
 */
export const DYNAMODB_MAX_REQUEST_BYTES = 16 * MiB;

/** A single PUT uploads at most 5 GiB. https://docs.aws.amazon.com/AmazonS3/latest/userguide/upload-objects.html */
export const S3_MAX_UPLOAD_BYTES = 5 * GiB;

/** Secrets Manager's largest request: PutSecretValue, a secret of at most 64 KiB. https://docs.aws.amazon.com/secretsmanager/latest/userguide/reference_limits.html */
export const SECRETS_MANAGER_MAX_SECRET_BYTES = 64 * KiB;

/**
 * The largest body the endpoint takes for each service, before reading any of it. Only S3 bodies may be large,
 * and they stream to the engine; every other body is read whole, so its cap is what bounds memory per request.
 */
export const MAX_REQUEST_BODY_BYTES: Readonly<Record<ServiceName | 'unknown', number>> = {
  events: JSON_ESCAPE_FACTOR * PUT_EVENTS_MAX_REQUEST_BYTES + ENVELOPE_BYTES,
  sqs: JSON_ESCAPE_FACTOR * SQS_MAX_PAYLOAD_BYTES + ENVELOPE_BYTES,
  // Records are base64 in the JSON body (4/3), partition keys up to 256 characters each.
  kinesis: Math.ceil((PUT_RECORDS_MAX_REQUEST_BYTES * 4) / 3) + 2 * MiB,
  dynamodb: Math.ceil((DYNAMODB_MAX_REQUEST_BYTES * 4) / 3) + ENVELOPE_BYTES,
  'dynamodb-streams': ENVELOPE_BYTES,
  // The Invoke body is the payload itself; an `Event` invocation is held to its 1 MiB by the Lambda service.
  lambda: Math.max(SYNC_PAYLOAD_LIMIT_BYTES, ASYNC_PAYLOAD_LIMIT_BYTES),
  secretsmanager: JSON_ESCAPE_FACTOR * SECRETS_MANAGER_MAX_SECRET_BYTES + ENVELOPE_BYTES,
  s3: S3_MAX_UPLOAD_BYTES,
  // Answered with an error naming the service, never read.
  unknown: ENVELOPE_BYTES,
};

/** The error AWS's service answers a body over its limit with, in that service's words where they are known. */
export function requestTooLarge(service: ServiceName | 'unknown', limit: number): AwsError {
  switch (service) {
    case 'lambda':
      // Lambda's own answer to an oversized Invoke (413).
      return {
        status: 413,
        code: 'RequestTooLargeException',
        message: `Request must be smaller than ${SYNC_PAYLOAD_LIMIT_BYTES} bytes for the InvokeFunction operation`,
      };
    case 's3':
      // https://docs.aws.amazon.com/AmazonS3/latest/API/ErrorResponses.html#ErrorCodeList
      return {
        status: 400,
        code: 'EntityTooLarge',
        message: `Your proposed upload exceeds the maximum allowed size (${limit} bytes for one PUT: use a multipart upload)`,
      };
    default:
      return {
        status: 413,
        code: 'RequestEntityTooLarge',
        message: `The request body is larger than the ${limit} bytes the local endpoint reads for ${service} (AWS's own limit for the service, as encoded in JSON)`,
      };
  }
}

/** Thrown (as a stream error) once a body passes its limit: the endpoint then answers {@link requestTooLarge}. */
export class RequestBodyTooLargeError extends Error {
  constructor(readonly limit: number) {
    super(`request body over ${limit} bytes`);
    this.name = 'RequestBodyTooLargeError';
  }
}

/** The `Content-Length` a request declares, when it declares one. */
export function declaredLength(req: EndpointRequest): number | undefined {
  const value = req.headers['content-length'];
  if (value === undefined) return undefined;
  const length = Number(value);
  return Number.isSafeInteger(length) && length >= 0 ? length : undefined;
}

/**
 * The request, its body counted as it flows: past `limit` bytes the stream fails with `RequestBodyTooLargeError`
 * and the rest is never read. Method, URL and headers are the request's.
 */
export function limitBody(req: EndpointRequest, limit: number): EndpointRequest {
  let seen = 0;
  const counted = new Transform({
    transform(chunk: Buffer, _encoding, callback: TransformCallback) {
      seen += chunk.length;
      if (seen > limit) {
        req.unpipe(counted);
        req.pause();
        callback(new RequestBodyTooLargeError(limit));
        return;
      }
      callback(null, chunk);
    },
  });
  req.on('error', (error) => counted.destroy(error));
  req.pipe(counted);
  return Object.assign(counted, {
    method: req.method,
    url: req.url,
    headers: req.headers,
    httpVersionMajor: (req as { httpVersionMajor?: number }).httpVersionMajor,
  });
}
