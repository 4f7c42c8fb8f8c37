import * as z from '../validation/zod.ts';
import { definitionOf, formatPath, parseDetail, type CatalogEvent, type EventDetail } from '../events/index.ts';
import { MalformedStoredEventError } from './errors.ts';

/**
 * One event as the event store keeps it, before its detail is read: one item per event, keyed by
 * `aggregateId` and `version` (its position in the aggregate's stream, from 1). `detailJson` is the
 * detail exactly as it was written, at whatever schema version, which is exactly what the outbox
 * relay publishes.
 */
export interface StoredRecord {
  aggregateId: string;
  aggregateType: string;
  version: number;
  eventId: string;
  source: string;
  detailType: string;
  detailJson: string;
  occurredAt: string;
  correlationId: string;
  /** Fingerprint of the command that created the aggregate, to tell a retried command from a different one. */
  commandHash?: string;
}

/** A stored event with its detail read: validated and upcast to the current version of its type. */
export interface StoredEvent extends StoredRecord {
  detail: EventDetail<unknown>;
}

/** The attributes of an event store item, as DynamoDB stores them (see `toItem`). */
export const StoredEventItem = z.object({
  aggregateId: z.string().check(z.minLength(1)),
  version: z.number().check(z.int(), z.positive()),
  aggregateType: z.string().check(z.minLength(1)),
  eventId: z.string().check(z.minLength(1)),
  source: z.string().check(z.minLength(1)),
  detailType: z.string().check(z.minLength(1)),
  detail: z.string().check(z.minLength(2)),
  occurredAt: z.string().check(z.minLength(1)),
  correlationId: z.string().check(z.minLength(1)),
  commandHash: z.optional(z.string()),
});
export type StoredEventItem = z.infer<typeof StoredEventItem>;

/** The item that stores `event` at `version` of `aggregateId`. */
export function toItem(event: CatalogEvent, aggregateId: string, aggregateType: string, version: number, commandHash?: string): StoredEventItem {
  return {
    aggregateId,
    version,
    aggregateType,
    eventId: event.detail.metadata.eventId,
    source: event.source,
    detailType: event.detailType,
    detail: JSON.stringify(event.detail),
    occurredAt: event.detail.metadata.occurredAt,
    correlationId: event.detail.metadata.correlationId,
    ...(commandHash ? { commandHash } : {}),
  };
}

/**
 * Reads an item (unmarshalled) back into a stored event, validating its detail against the catalog
 * and upcasting it to the current version of its type (events stored by older code stay loadable).
 *
 * @throws MalformedStoredEventError naming the missing or mistyped attribute.
 * @throws InvalidEventError / UnknownEventTypeError when the detail does not match the catalog.
 */
export function fromItem(item: Record<string, unknown>): StoredEvent {
  const record = storedRecordFromItem(item);
  return { ...record, detail: parseDetail(definitionOf(record.detailType), JSON.parse(record.detailJson)) };
}

/**
 * Reads an item (unmarshalled) without reading its detail beyond checking that it is a JSON object:
 * what the outbox relay needs to publish the stored bytes unchanged, whatever version wrote them.
 *
 * @throws MalformedStoredEventError naming the missing or mistyped attribute, or a detail that is not a JSON object.
 */
export function storedRecordFromItem(item: Record<string, unknown>): StoredRecord {
  const parsed = StoredEventItem.safeParse(item);
  if (!parsed.success) {
    const aggregateId = typeof item.aggregateId === 'string' ? item.aggregateId : undefined;
    throw new MalformedStoredEventError(
      parsed.error.issues.map((issue) => `${formatPath(issue.path) || '(item)'}: ${issue.message}`),
      aggregateId,
    );
  }
  const stored = parsed.data;
  let rawDetail: unknown;
  try {
    rawDetail = JSON.parse(stored.detail);
  } catch {
    throw new MalformedStoredEventError(['detail: not JSON'], stored.aggregateId);
  }
  if (typeof rawDetail !== 'object' || rawDetail === null || Array.isArray(rawDetail)) {
    throw new MalformedStoredEventError(['detail: not a JSON object'], stored.aggregateId);
  }
  return {
    aggregateId: stored.aggregateId,
    aggregateType: stored.aggregateType,
    version: stored.version,
    eventId: stored.eventId,
    source: stored.source,
    detailType: stored.detailType,
    detailJson: stored.detail,
    occurredAt: stored.occurredAt,
    correlationId: stored.correlationId,
    ...(stored.commandHash ? { commandHash: stored.commandHash } : {}),
  };
}

/** The stored bytes of an event, to publish them unchanged (see `SerializedEvent` in shared/publishing). */
export function toSerializedEvent(stored: StoredRecord): { source: string; detailType: string; eventId: string; occurredAt: string; detailJson: string } {
  return { source: stored.source, detailType: stored.detailType, eventId: stored.eventId, occurredAt: stored.occurredAt, detailJson: stored.detailJson };
}

/** The catalog event a stored event was, e.g. to publish it. */
export function toCatalogEvent(stored: StoredEvent): CatalogEvent {
  return { source: stored.source, detailType: stored.detailType, detail: stored.detail } as CatalogEvent;
}
