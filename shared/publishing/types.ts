import type { ClaimCheck } from '../events/index.ts';

/**
 * An event already serialized, published byte for byte: the outbox relay sends each stored event's
 * `detail` exactly as it was written, whatever schema version that was (README, "Changing an event").
 */
export interface SerializedEvent {
  source: string;
  detailType: string;
  eventId: string;
  /** ISO-8601; the entry's `Time`. */
  occurredAt: string;
  /** The `detail` JSON, sent unchanged. */
  detailJson: string;
}

/** An event EventBridge accepted. */
export interface PublishedEvent {
  eventId: string;
  detailType: string;
  /** The id EventBridge gave the entry (the `id` of the event rules receive). */
  entryId: string;
  /** Where the payload went, when it was too large to travel inline. */
  claimCheck?: ClaimCheck;
}

/** An event EventBridge did not accept, after the retries it deserved. */
export interface FailedEvent {
  eventId: string;
  detailType: string;
  /** `PutEvents` `ErrorCode` (e.g. `ThrottlingException`), or the error name when the whole call failed. */
  errorCode: string;
  errorMessage: string;
  /** Where its payload was stored, when it was claim-checked: the object stays for a retry to reuse. */
  claimCheck?: ClaimCheck;
}

/** A record Kinesis did not accept, by its position in the input. */
export interface FailedRecord {
  index: number;
  /** `ProvisionedThroughputExceededException`, `InternalFailure`, or the error name when the whole call failed. */
  errorCode: string;
  errorMessage: string;
}

/** A record Kinesis wrote, by its position in the input. */
export interface PutRecord {
  index: number;
  shardId: string;
  sequenceNumber: string;
}
