/**
 * Why an event source mapping cannot start. Each names the mapping (stack and logical id, as in the template)
 * and the thing that is wrong, so the message at start says what to fix.
 */
export class EventSourceMappingError extends Error {
  override readonly name: string = 'EventSourceMappingError';

  constructor(
    /** `Stack/LogicalId` of the `AWS::Lambda::EventSourceMapping`. */
    readonly mapping: string,
    message: string,
    options?: ErrorOptions,
  ) {
    super(`${mapping}: ${message}`, options);
  }
}

/** The mapping's `EventSourceArn` names no queue, stream or table stream the engines have. */
export class EventSourceNotFoundError extends EventSourceMappingError {
  override readonly name = 'EventSourceNotFoundError';

  constructor(
    mapping: string,
    readonly eventSourceArn: string,
    detail: string,
    options?: ErrorOptions,
  ) {
    super(mapping, `event source ${eventSourceArn} not found: ${detail}`, options);
  }
}

/** A `FilterCriteria` pattern that Lambda would refuse at CreateEventSourceMapping. */
export class InvalidFilterCriteriaError extends EventSourceMappingError {
  override readonly name = 'InvalidFilterCriteriaError';

  constructor(
    mapping: string,
    readonly filterIndex: number,
    reason: string,
    options?: ErrorOptions,
  ) {
    super(mapping, `FilterCriteria.Filters[${filterIndex}].Pattern is not valid: ${reason}`, options);
  }
}

/** A property value outside what Lambda accepts (e.g. `MaximumConcurrency: 1`). */
export class InvalidMappingPropertyError extends EventSourceMappingError {
  override readonly name = 'InvalidMappingPropertyError';

  constructor(
    mapping: string,
    readonly property: string,
    reason: string,
  ) {
    super(mapping, `${property} ${reason}`);
  }
}

/**
 * Settings Lambda's CreateEventSourceMapping refuses (`InvalidParameterValueException`): the message is AWS's own,
 * so what fails here is what fails on deploy, worded the same.
 */
export class RefusedMappingError extends EventSourceMappingError {
  override readonly name = 'RefusedMappingError';

  constructor(
    mapping: string,
    /** AWS's message, e.g. `Batching window is not supported for FIFO queues`. */
    readonly awsMessage: string,
  ) {
    super(mapping, `Lambda refuses this mapping (InvalidParameterValueException): ${awsMessage}`);
  }
}
