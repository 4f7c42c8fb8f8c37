import type { FailedEvent, FailedRecord, PublishedEvent } from './types.ts';

const list = (items: readonly string[], max = 5): string =>
  items.length <= max ? items.join('; ') : `${items.slice(0, max).join('; ')}; and ${items.length - max} more`;

/**
 * Thrown when some events could not be published. Nothing is dropped: `failed` lists each event
 * left out with its error code, `published` the ones EventBridge accepted, so a caller can retry
 * exactly the failed ones (consumers deduplicate on `eventId`).
 *
 * `PublishFailedError: 1 of 25 events not published: OrderPlaced 4f1c… (ThrottlingException: Rate exceeded)`
 */
export class PublishFailedError extends Error {
  override readonly name = 'PublishFailedError';

  constructor(
    readonly failed: readonly FailedEvent[],
    readonly published: readonly PublishedEvent[],
  ) {
    const total = failed.length + published.length;
    super(`${failed.length} of ${total} events not published: ${list(failed.map((f) => `${f.detailType} ${f.eventId} (${f.errorCode}: ${f.errorMessage})`))}`);
  }

  /** The ids of the events that did reach the bus. */
  get publishedEventIds(): string[] {
    return this.published.map((p) => p.eventId);
  }
}

/**
 * Thrown before anything is sent when an event is too large for a `PutEvents` entry and no
 * claim-check store is configured to carry its payload.
 */
export class EventTooLargeError extends Error {
  override readonly name = 'EventTooLargeError';

  constructor(
    readonly detailType: string,
    readonly eventId: string,
    /** The entry size as EventBridge counts it. */
    readonly sizeBytes: number,
    readonly maxBytes: number,
  ) {
    super(
      `${detailType} ${eventId} is ${sizeBytes} bytes as a PutEvents entry, over the ${maxBytes}-byte limit; ` +
        'configure a claim-check store (CLAIM_CHECK_BUCKET) to send its data through S3',
    );
  }
}

/** Thrown when a claim-checked payload cannot be stored; nothing was sent to the bus. */
export class ClaimCheckStoreError extends Error {
  override readonly name = 'ClaimCheckStoreError';

  constructor(
    /** `s3://bucket/key` the payload was meant for. */
    readonly location: string,
    readonly eventId: string,
    reason: string,
    options?: ErrorOptions,
  ) {
    super(`Cannot store the payload of event ${eventId} at ${location}: ${reason}`, options);
  }
}

/** Thrown before anything is sent when a Kinesis record cannot be put as given. */
export class InvalidRecordError extends Error {
  override name = 'InvalidRecordError';

  constructor(
    /** Position of the record in the input. */
    readonly index: number,
    reason: string,
  ) {
    super(`Record ${index} cannot be put: ${reason}`);
  }
}

/** Thrown before anything is sent when a Kinesis record is over the stream's maximum record size. */
export class RecordTooLargeError extends InvalidRecordError {
  override name = 'RecordTooLargeError';

  constructor(
    index: number,
    /** Data plus UTF-8 partition key, as Kinesis counts it. */
    readonly sizeBytes: number,
    readonly maxBytes: number,
  ) {
    super(index, `it is ${sizeBytes} bytes (data + partition key), over the ${maxBytes}-byte maximum record size`);
  }
}

/** Thrown by `putKinesisRecords` with `throwOnFailure: true` when some records were not put. */
export class PutRecordsFailedError extends Error {
  override readonly name = 'PutRecordsFailedError';

  constructor(
    readonly failed: readonly FailedRecord[],
    /** Positions in the input of the records that were put. */
    readonly succeededIndexes: readonly number[],
  ) {
    const total = failed.length + succeededIndexes.length;
    super(`${failed.length} of ${total} records not put: ${list(failed.map((f) => `record ${f.index} (${f.errorCode}: ${f.errorMessage})`))}`);
  }
}
