import { randomUUID } from 'node:crypto';
import * as z from '../validation/zod.ts';

/**
 * Where a payload too large to travel inline was put (claim check pattern).
 * Present only on events whose `data` was moved to S3; consumers resolve it transparently.
 */
export const ClaimCheckSchema = z.object({
  bucket: z.string().check(z.minLength(1)),
  key: z.string().check(z.minLength(1)),
  /** UTF-8 size of the `data` JSON that was moved, for logs and metrics. */
  sizeBytes: z.number().check(z.int(), z.nonnegative()),
});
export type ClaimCheck = z.infer<typeof ClaimCheckSchema>;

/**
 * The metadata every eventful event carries in `detail.metadata`.
 *
 * - `eventId` is unique per event and is what consumers deduplicate on by default.
 * - `correlationId` is shared by every event caused, directly or not, by one original request.
 * - `causationId` is the `eventId` of the event (or the id of the command) that caused this one.
 * - `idempotencyKey` identifies the business operation: the same operation retried yields the same key.
 */
export const EventMetadataSchema = z.object({
  eventId: z.string().check(z.minLength(1)),
  /** Version of the event's schema, from the catalog. */
  version: z.number().check(z.int(), z.positive()),
  occurredAt: z.iso.datetime({ offset: true }),
  correlationId: z.string().check(z.minLength(1)),
  causationId: z.nullable(z.string().check(z.minLength(1))),
  idempotencyKey: z.string().check(z.minLength(1)),
  claimCheck: z.optional(ClaimCheckSchema),
});
export type EventMetadata = z.infer<typeof EventMetadataSchema>;

/** What a caller may set when creating an event; everything else is derived. */
export interface EventContext {
  /** Propagated from the triggering request or event; a new one is started when absent. */
  correlationId?: string;
  /** The id of the event or command that caused this event; `null` for an original request. */
  causationId?: string | null;
  /** Defaults to the event id, which makes every event its own operation. */
  idempotencyKey?: string;
  /** Defaults to a random UUID; set it to make an event's identity deterministic (e.g. an outbox relay). */
  eventId?: string;
  /** Defaults to now. */
  occurredAt?: Date | string;
}

/** The context for an event caused by `cause`: same correlation, causation = the cause's id. */
export function causedBy(
  cause: Pick<EventMetadata, 'eventId' | 'correlationId'>,
  extra: Omit<EventContext, 'correlationId' | 'causationId'> = {},
): EventContext {
  return { ...extra, correlationId: cause.correlationId, causationId: cause.eventId };
}

export function buildMetadata(version: number, context: EventContext = {}): EventMetadata {
  const eventId = context.eventId ?? randomUUID();
  const occurredAt = context.occurredAt ?? new Date();
  return {
    eventId,
    version,
    occurredAt: typeof occurredAt === 'string' ? occurredAt : occurredAt.toISOString(),
    correlationId: context.correlationId ?? eventId,
    causationId: context.causationId ?? null,
    idempotencyKey: context.idempotencyKey ?? eventId,
  };
}
