/**
 * Publishing catalog events to EventBridge and records to Kinesis: validated before any I/O, packed
 * into calls within AWS's limits, partial failures retried with backoff, leftovers surfaced, payloads
 * too large for the bus moved to S3 (claim check).
 *
 * @example
 * import { createEvent, OrderPlaced } from '../../shared/events/index.ts';
 * import { createEventPublisher } from '../../shared/publishing/index.ts';
 *
 * const publish = createEventPublisher(); // reads EVENT_BUS_NAME and CLAIM_CHECK_BUCKET once
 * await publish([createEvent(OrderPlaced, data, { correlationId })]);
 */
export { S3ClaimCheckStore, claimCheckKey, type ClaimCheckOwner, type ClaimCheckStore } from './claim-check-store.ts';
export { createEventPublisher, type EventPublisher, type EventPublisherOptions } from './create-event-publisher.ts';
export { ClaimCheckStoreError, EventTooLargeError, InvalidRecordError, PublishFailedError, PutRecordsFailedError, RecordTooLargeError } from './errors.ts';
export * from './limits.ts';
export { packBatches, type BatchLimits } from './pack-batches.ts';
export { publishEvents, type PublishableEvent, type PublishEventsOptions, type PublishResult } from './publish-events.ts';

export {
  putKinesisRecords,
  type KinesisRecordInput,
  type PutKinesisRecordsOptions,
  type PutKinesisRecordsResult,
  type StreamTarget,
} from './put-kinesis-records.ts';
export { resolveClaimCheck } from './resolve-claim-check.ts';
export type { RetryOptions } from './retry.ts';
export type { FailedEvent, FailedRecord, PublishedEvent, PutRecord, SerializedEvent } from './types.ts';
