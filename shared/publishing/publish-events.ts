import { PutEventsCommand, type EventBridgeClient, type PutEventsRequestEntry } from '@aws-sdk/client-eventbridge';
import { definitionOf, InvalidEventError, parseDetail, type CatalogEvent, type ClaimCheck, type EventDetail } from '../events/index.ts';
import type { ClaimCheckStore } from './claim-check-store.ts';
import { EventTooLargeError, PublishFailedError } from './errors.ts';
import { PUT_EVENTS_MAX_ENTRIES, PUT_EVENTS_MAX_REQUEST_BYTES } from './limits.ts';
import { packBatches } from './pack-batches.ts';
import { putEventsEntrySize } from './put-events-entry-size.ts';
import { retryFailedItems, type ItemOutcome, type RetryOptions } from './retry.ts';
import type { FailedEvent, PublishedEvent } from './types.ts';

export interface PublishEventsOptions extends RetryOptions {
  /** Created once per execution environment by the caller, never per call. */
  client: EventBridgeClient;
  /** Name or ARN of the bus. */
  eventBusName: string;
  /**
   * Where the `data` of an event too large for a `PutEvents` entry goes.
   * @default none: such an event is rejected with `EventTooLargeError` before anything is sent.
   */
  claimCheckStore?: ClaimCheckStore;
}

export interface PublishResult {
  /** Every event, in input order, with the id EventBridge gave it. */
  published: PublishedEvent[];
}

/*
 * Entry-level error codes worth another try; every other code (AccessDeniedException, InvalidArgument,
 * MalformedDetail, NotAuthorizedForSourceException, ...) fails the same way again, so it is surfaced at once.
 * https://docs.aws.amazon.com/eventbridge/latest/APIReference/API_PutEventsResultEntry.html
 */
const RETRYABLE_ERROR_CODES: ReadonlySet<string> = new Set(['ThrottlingException', 'InternalFailure']);

interface Pending {
  index: number;
  eventId: string;
  detailType: string;
  entry: PutEventsRequestEntry;
  size: number;
  claimCheck?: ClaimCheck;
}

/**
 * Publishes catalog events to an EventBridge bus, and only returns once every one of them is on it.
 *
 * 1. Validates every event against its catalog definition (source and `detail`) before any I/O.
 * 2. Moves the `data` of an event too large for an entry to the claim-check store; the event then
 *    carries `data: null` and `metadata.claimCheck`.
 * 3. Packs the entries, in order, into `PutEvents` calls of at most 10 entries and 1 MiB (sized as AWS documents).
 * 4. Retries only the entries of a call that failed with a retryable code (throttling, internal failure),
 *    with exponential backoff and full jitter.
 *
 * Each entry's `Time` is the event's `occurredAt`, so rules, archives and replays see when it happened.
 *
 * @throws InvalidEventError (or UnknownEventTypeError) naming the bad field, e.g. `data.items[0].quantity`; nothing sent.
 * @throws EventTooLargeError when an event is over the entry limit and no claim-check store is set; nothing sent.
 * @throws ClaimCheckStoreError when a payload cannot be stored; nothing sent to the bus.
 * @throws PublishFailedError listing the events still failing (with their codes) and those published.
 * @example
 * const client = new EventBridgeClient({});
 * const placed = createEvent(OrderPlaced, data, causedBy(command));
 * const { published } = await publishEvents([placed], { client, eventBusName: 'eventful' });
 */
export async function publishEvents(events: readonly CatalogEvent[], options: PublishEventsOptions): Promise<PublishResult> {
  const validated = events.map(validate);
  const pending = await withinEntryLimit(
    validated.map((event, index) => toPending(index, event, options.eventBusName)),
    validated,
    options,
  );

  const published: (PublishedEvent & { index: number })[] = [];
  const failed: (FailedEvent & { index: number })[] = [];
  for (const batch of packBatches(pending, (p) => p.size, { maxCount: PUT_EVENTS_MAX_ENTRIES, maxBytes: PUT_EVENTS_MAX_REQUEST_BYTES })) {
    const report = await retryFailedItems(batch, (items) => putEvents(options.client, items), (code) => RETRYABLE_ERROR_CODES.has(code), options);
    for (const { item, value } of report.succeeded) published.push({ index: item.index, ...identify(item), entryId: value });
    for (const { item, errorCode, errorMessage } of report.failed) failed.push({ index: item.index, ...identify(item), errorCode, errorMessage });
  }

  const byIndex = (a: { index: number }, b: { index: number }) => a.index - b.index;
  const result = published.sort(byIndex).map(({ index: _, ...event }) => event);
  if (failed.length > 0) throw new PublishFailedError(failed.sort(byIndex).map(({ index: _, ...event }) => event), result);
  return { published: result };
}

function validate(event: CatalogEvent): CatalogEvent {
  const definition = definitionOf(event.detailType);
  if (event.source !== definition.source) {
    throw new InvalidEventError(event.detailType, [{ path: 'source', message: `expected "${definition.source}", got ${JSON.stringify(event.source)}` }]);
  }
  // The parsed detail, not the given one: what goes on the bus is exactly what the schema describes.
  return { ...event, detail: parseDetail(definition, event.detail) };
}

function toPending(index: number, event: CatalogEvent, eventBusName: string, claimCheck?: ClaimCheck): Pending {
  const detail: EventDetail<unknown> = claimCheck
    ? { metadata: { ...event.detail.metadata, claimCheck }, data: null }
    : event.detail;
  const entry: PutEventsRequestEntry = {
    EventBusName: eventBusName,
    Source: event.source,
    DetailType: event.detailType,
    Detail: JSON.stringify(detail),
    Time: new Date(event.detail.metadata.occurredAt),
  };
  return { index, eventId: event.detail.metadata.eventId, detailType: event.detailType, entry, size: putEventsEntrySize(entry), claimCheck };
}

/** Diverts the payload of every oversized entry to the claim-check store, once all of them are known to be divertable. */
async function withinEntryLimit(pending: Pending[], events: CatalogEvent[], options: PublishEventsOptions): Promise<Pending[]> {
  const oversized = pending.filter((p) => p.size > PUT_EVENTS_MAX_REQUEST_BYTES);
  if (oversized.length === 0) return pending;
  const store = options.claimCheckStore;
  if (!store) {
    const [first] = oversized as [Pending];
    throw new EventTooLargeError(first.detailType, first.eventId, first.size, PUT_EVENTS_MAX_REQUEST_BYTES);
  }

  const diverted = new Map<number, Pending>();
  for (const p of oversized) {
    const event = events[p.index] as CatalogEvent;
    const claimCheck = await store.put({ detailType: event.detailType, metadata: event.detail.metadata }, JSON.stringify(event.detail.data));
    const slim = toPending(p.index, event, options.eventBusName, claimCheck);
    // Only the metadata is left, so this cannot happen with the catalog's metadata; checked rather than assumed.
    if (slim.size > PUT_EVENTS_MAX_REQUEST_BYTES) throw new EventTooLargeError(slim.detailType, slim.eventId, slim.size, PUT_EVENTS_MAX_REQUEST_BYTES);
    diverted.set(p.index, slim);
  }
  return pending.map((p) => diverted.get(p.index) ?? p);
}

async function putEvents(client: EventBridgeClient, items: readonly Pending[]): Promise<ItemOutcome<string>[]> {
  const response = await client.send(new PutEventsCommand({ Entries: items.map((p) => p.entry) }));
  // Result entries match request entries by position: https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-putevents.html
  return (response.Entries ?? []).map((result): ItemOutcome<string> => {
    if (result.ErrorCode) return { ok: false, errorCode: result.ErrorCode, errorMessage: result.ErrorMessage ?? '' };
    if (result.EventId) return { ok: true, value: result.EventId };
    return { ok: false, errorCode: 'MissingEventId', errorMessage: 'The result entry has neither an EventId nor an ErrorCode' };
  });
}

function identify(p: Pending): Pick<PublishedEvent, 'eventId' | 'detailType' | 'claimCheck'> {
  return p.claimCheck ? { eventId: p.eventId, detailType: p.detailType, claimCheck: p.claimCheck } : { eventId: p.eventId, detailType: p.detailType };
}
