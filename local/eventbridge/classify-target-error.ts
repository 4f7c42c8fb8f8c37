import { TargetDeliveryError, type TargetErrorCode } from './errors.ts';

export interface TargetFailure {
  code: TargetErrorCode;
  message: string;
  retriable: boolean;
}

const NOT_FOUND = new Set(['ResourceNotFoundException', 'QueueDoesNotExist', 'AWS.SimpleQueueService.NonExistentQueue', 'NotFoundException']);
const NO_PERMISSIONS = new Set(['AccessDeniedException', 'AccessDenied', 'KMSAccessDeniedException', 'UnauthorizedOperation']);
const THROTTLED = new Set([
  'TooManyRequestsException',
  'ThrottlingException',
  'Throttling',
  'ProvisionedThroughputExceededException',
  'RequestThrottled',
  'KMSThrottlingException',
]);
const CONNECTION = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENOTFOUND']);

/**
 * How EventBridge treats a failed target call: throttling, server errors and network failures are retried; a
 * missing resource, a missing permission and other client errors go straight to the DLQ without retries.
 * https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-rule-dlq.html and
 * https://repost.aws/knowledge-center/eventbridge-resolve-failedinvocation-errors (5xx and 429 only are retried).
 */
export function classifyTargetError(error: unknown): TargetFailure {
  if (error instanceof TargetDeliveryError) return { code: error.code, message: error.message, retriable: error.retriable };
  const message = error instanceof Error ? error.message : String(error);
  const fields = (error ?? {}) as { name?: unknown; code?: unknown; statusCode?: unknown; $metadata?: { httpStatusCode?: unknown } };
  const names = [fields.name, fields.code].filter((name): name is string => typeof name === 'string');
  const status = [fields.statusCode, fields.$metadata?.httpStatusCode].find((value): value is number => typeof value === 'number');

  if (names.some((name) => NOT_FOUND.has(name))) return { code: 'NO_RESOURCE', message, retriable: false };
  if (names.some((name) => NO_PERMISSIONS.has(name))) return { code: 'NO_PERMISSIONS', message, retriable: false };
  if (names.some((name) => THROTTLED.has(name)) || status === 429) return { code: 'THROTTLING', message, retriable: true };
  if (names.some((name) => CONNECTION.has(name))) return { code: 'CONNECTION_FAILURE', message, retriable: true };
  if (status !== undefined && status >= 400 && status < 500) return { code: 'SDK_CLIENT_ERROR', message, retriable: false };
  if (status !== undefined && status >= 500) return { code: 'ERROR_FROM_TARGET', message, retriable: true };
  return { code: 'UNKNOWN', message, retriable: true };
}
