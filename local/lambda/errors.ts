/**
 * Errors the Invoke API itself returns (the function never ran, or could not be reached). Function errors are
 * not thrown: they come back in the invoke result with `functionError`, as on AWS. Each class carries the
 * `code` and HTTP `statusCode` the local endpoint answers with.
 */
export abstract class LambdaApiError extends Error {
  abstract readonly code: string;
  abstract readonly statusCode: number;
}

/** `ResourceNotFoundException`: no function with that name or ARN in the topology. */
export class FunctionNotFoundError extends LambdaApiError {
  override readonly name = 'FunctionNotFoundError';
  readonly code = 'ResourceNotFoundException';
  readonly statusCode = 404;
  readonly functionNameOrArn: string;

  constructor(functionNameOrArn: string, arn: string) {
    super(`Function not found: ${arn}`);
    this.functionNameOrArn = functionNameOrArn;
  }
}

/**
 * `TooManyRequestsException`: a synchronous invocation found every instance the function's reserved
 * concurrency allows busy. https://docs.aws.amazon.com/lambda/latest/api/API_Invoke.html
 */
export class TooManyRequestsError extends LambdaApiError {
  override readonly name = 'TooManyRequestsError';
  readonly code = 'TooManyRequestsException';
  readonly statusCode = 429;
  readonly reason = 'ReservedFunctionConcurrentInvocationLimitExceeded';
  readonly functionName: string;

  /** `cause` says why when it is not the reserved concurrency (a throttle injected by `--chaos`). */
  constructor(functionName: string, reservedConcurrency: number, cause?: string) {
    super(`Rate Exceeded. (${functionName}: ${cause ?? `reserved concurrency ${reservedConcurrency} in use`})`);
    this.functionName = functionName;
  }
}

/** `InvalidRequestContentException`: the payload is not JSON. */
export class InvalidRequestContentError extends LambdaApiError {
  override readonly name = 'InvalidRequestContentError';
  readonly code = 'InvalidRequestContentException';
  readonly statusCode = 400;

  constructor(detail: string) {
    super(`Could not parse request body into json: ${detail}`);
  }
}

/** `RequestTooLargeException`: the payload is over the invocation type's quota. */
export class RequestTooLargeError extends LambdaApiError {
  override readonly name = 'RequestTooLargeError';
  readonly code = 'RequestTooLargeException';
  readonly statusCode = 413;

  constructor(limitBytes: number) {
    super(`Request must be smaller than ${limitBytes} bytes for the InvokeFunction operation`);
  }
}

/** Thrown by `invoke` once `stop()` has been called. */
export class LambdaServiceStoppedError extends Error {
  override readonly name = 'LambdaServiceStoppedError';

  constructor(functionName: string) {
    super(`Cannot invoke ${functionName}: the Lambda service has been stopped`);
  }
}
