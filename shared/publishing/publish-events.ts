import { PutEventsCommand, type EventBridgeClient, type PutEventsRequestEntry } from '@aws-sdk/client-eventbridge';
import { definitionOf, InvalidEventError, parseDetail, type CatalogEvent, type ClaimCheck, type EventDetail } from '../events/index.ts';
import type { ClaimCheckStore } from './claim-check-store.ts';
import { EventTooLargeError, PublishFailedError } from './errors.ts';
import { PUT_EVENTS_MAX_ENTRIES, PUT_EVENTS_MAX_REQUEST_BYTES, putEventsEntrySize } from './limits.ts';
import { packBatches } from './pack-batches.ts';
import { retryFailedItems, type ItemOutcome, type RetryOptions } from './retry.ts';
import type { FailedEvent, PublishedEvent, SerializedEvent } from './types.ts';

/** What can be published: a catalog event (validated, then serialized) or one already serialized (sent as is). */
export type PublishableEvent = CatalogEvent | SerializedEvent;

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

/** An event about to be sent: its identity and its detail, both as objects and as the exact JSON to send. */
interface Outgoing {
  source: string;
  detailType: string;
  eventId: string;
  occurredAt: string;
  detailJson: string;
  /** The metadata and data, for a claim check. */
  detail: () => EventDetail<unknown>;
}

/**
 * Publishes catalog events to an EventBridge bus, and only returns once every one of them is on it.
 *
 * 1. Validates every catalog event against its definition (source and `detail`) before any I/O. A
 *    {@link SerializedEvent} (a stored event relayed by the outbox) is sent byte for byte, unvalidated:
 *    it was validated when written, and whatever version it was written at is what consumers receive.
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
export async function publishEvents(events: readonly PublishableEvent[], options: PublishEventsOptions): Promise<PublishResult> {
  const validated = events.map(toOutgoing);
  const pending = await withinEntryLimit(
    validated.map((event, index) => toPending(index, event, options.eventBusName)),
    validated,
    options,
  );

  const published: (PublishedEvent & { index: number })[] = [];
  const failed: (FailedEvent & { index: number })[] = [];
  for (const batch of packBatches(pending, (p) => p.size, { maxCount: PUT_EVENTS_MAX_ENTRIES, maxBytes: PUT_EVENTS_MAX_REQUEST_BYTES })) {
    const report = await retryFailedItems(
      batch,
      (items) => putEvents(options.client, items),
      (code) => RETRYABLE_ERROR_CODES.has(code),
      options,
    );
    for (const { item, value } of report.succeeded) published.push({ index: item.index, ...identify(item), entryId: value });
    for (const { item, errorCode, errorMessage } of report.failed) failed.push({ index: item.index, ...identify(item), errorCode, errorMessage });
  }

  const byIndex = (a: { index: number }, b: { index: number }) => a.index - b.index;
  const result = published.sort(byIndex).map(({ index: _, ...event }) => event);
  if (failed.length > 0)
    throw new PublishFailedError(
      failed.sort(byIndex).map(({ index: _, ...event }) => event),
      result,
    );
  return { published: result };
}

function toOutgoing(event: PublishableEvent): Outgoing {
  if ('detailJson' in event) {
    let parsed: EventDetail<unknown> | undefined;
    return { ...event, detail: () => (parsed ??= JSON.parse(event.detailJson) as EventDetail<unknown>) };
  }
  const definition = definitionOf(event.detailType);
  if (event.source !== definition.source) {
    throw new InvalidEventError(event.detailType, [{ path: 'source', message: `expected "${definition.source}", got ${JSON.stringify(event.source)}` }]);
  }
  // The parsed detail, not the given one: what goes on the bus is exactly what the schema describes.
  const detail = parseDetail(definition, event.detail);
  const { eventId, occurredAt } = detail.metadata;
  return { source: event.source, detailType: event.detailType, eventId, occurredAt, detailJson: JSON.stringify(detail), detail: () => detail };
}

function toPending(index: number, event: Outgoing, eventBusName: string, claimCheck?: ClaimCheck): Pending {
  const detailJson = claimCheck ? JSON.stringify({ metadata: { ...event.detail().metadata, claimCheck }, data: null }) : event.detailJson;
  const entry: PutEventsRequestEntry = {
    EventBusName: eventBusName,
    Source: event.source,
    DetailType: event.detailType,
    Detail: detailJson,
    Time: new Date(event.occurredAt),
  };
  return { index, eventId: event.eventId, detailType: event.detailType, entry, size: putEventsEntrySize(entry), claimCheck };
}

/** Diverts the payload of every oversized entry to the claim-check store, once all of them are known to be divertable. */
async function withinEntryLimit(pending: Pending[], events: Outgoing[], options: PublishEventsOptions): Promise<Pending[]> {
  const oversized = pending.filter((p) => p.size > PUT_EVENTS_MAX_REQUEST_BYTES);
  if (oversized.length === 0) return pending;
  const store = options.claimCheckStore;
  if (!store) {
    const [first] = oversized as [Pending];
    throw new EventTooLargeError(first.detailType, first.eventId, first.size, PUT_EVENTS_MAX_REQUEST_BYTES);
  }

  const diverted = new Map<number, Pending>();
  for (const p of oversized) {
    const event = events[p.index] as Outgoing;
    const { metadata, data } = event.detail();
    const claimCheck = await store.put({ detailType: event.detailType, metadata }, JSON.stringify(data));
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
