import type { InvalidEventPatternError } from './patterns/index.ts';

/**
 * An error the EventBridge API returns: `code` is the `__type` of the JSON body, `message` its `message`, and
 * `statusCode` the HTTP status (400 unless the service itself failed).
 */
export abstract class EventBridgeApiError extends Error {
  abstract readonly code: string;
  readonly statusCode: number = 400;
}

/** `ValidationException`: a parameter is missing, malformed or out of range. */
export class ValidationError extends EventBridgeApiError {
  override readonly name = 'ValidationError';
  readonly code = 'ValidationException';
}

/** `ResourceNotFoundException`, e.g. `Rule orders-to-billing does not exist on EventBus default.` */
export class ResourceNotFoundError extends EventBridgeApiError {
  override readonly name = 'ResourceNotFoundError';
  readonly code = 'ResourceNotFoundException';
}

/** `ResourceAlreadyExistsException`, e.g. `Replay nightly already exists.` */
export class ResourceAlreadyExistsError extends EventBridgeApiError {
  override readonly name = 'ResourceAlreadyExistsError';
  readonly code = 'ResourceAlreadyExistsException';
}

/** `IllegalStatusException`: e.g. cancelling a replay that already ended. */
export class IllegalStatusError extends EventBridgeApiError {
  override readonly name = 'IllegalStatusError';
  readonly code = 'IllegalStatusException';
}

/** `LimitExceededException`: e.g. a sixth target on one rule. */
export class LimitExceededError extends EventBridgeApiError {
  override readonly name = 'LimitExceededError';
  readonly code = 'LimitExceededException';

  constructor() {
    super('The requested resource exceeds the maximum number allowed.');
  }
}

/** `InvalidEventPatternException`, carrying the pattern validator's message (AWS's reason, then where). */
export class InvalidEventPatternApiError extends EventBridgeApiError {
  override readonly name = 'InvalidEventPatternApiError';
  readonly code = 'InvalidEventPatternException';

  constructor(readonly patternError: InvalidEventPatternError) {
    super(patternError.message);
  }
}

/** `SerializationException`: the body is not JSON, or a member has the wrong JSON type. */
export class SerializationError extends EventBridgeApiError {
  override readonly name = 'SerializationError';
  readonly code = 'SerializationException';
}

/** `UnknownOperationException`: an `X-Amz-Target` naming no action the local service serves. */
export class UnknownOperationError extends EventBridgeApiError {
  override readonly name = 'UnknownOperationError';
  readonly code = 'UnknownOperationException';

  constructor(readonly target: string) {
    super(`The action or operation requested is not served by the local EventBridge: ${target}`);
  }
}

/** `InternalException`: a bug of ours, answered with 500 as AWS answers its own failures. */
export class InternalError extends EventBridgeApiError {
  override readonly name = 'InternalError';
  readonly code = 'InternalException';
  override readonly statusCode = 500;
}

/**
 * Error codes EventBridge writes in a dead letter's `ERROR_CODE` attribute (a sample, as AWS lists it).
 * https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-rule-dlq.html
 */
export type TargetErrorCode =
  | 'CONNECTION_FAILURE'
  | 'ERROR_FROM_TARGET'
  | 'INTERNAL_ERROR'
  | 'INVALID_JSON'
  | 'INVALID_PARAMETER'
  | 'NO_PERMISSIONS'
  | 'NO_RESOURCE'
  | 'RESOURCE_LIMIT_EXCEEDED'
  | 'SDK_CLIENT_ERROR'
  | 'THROTTLING'
  | 'TIMEOUT'
  | 'UNKNOWN';

/**
 * What a target dispatcher throws to say how a delivery failed. EventBridge retries only retriable failures
 * (throttling, 5xx, network); a missing resource or permission goes straight to the DLQ.
 * Other errors thrown by a dispatcher are classified by their AWS error name (see `classifyTargetError`).
 *
 * @example
 * throw new TargetDeliveryError('NO_RESOURCE', 'Queue orders does not exist', { retriable: false });
 */
export class TargetDeliveryError extends Error {
  override readonly name = 'TargetDeliveryError';
  readonly retriable: boolean;

  constructor(
    readonly code: TargetErrorCode,
    message: string,
    options: { retriable: boolean; cause?: unknown },
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.retriable = options.retriable;
  }
}
