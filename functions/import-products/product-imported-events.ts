import { createHash } from 'node:crypto';
import { createEvent, ProductImported, type CatalogEvent } from '../../shared/events/index.ts';
import type { ImportedProduct } from '../../shared/imports/index.ts';
import { PUT_EVENTS_MAX_ENTRIES, type EventPublisher } from '../../shared/publishing/index.ts';
import { forEachConcurrently } from '../../shared/async/concurrency.ts';
import { slices } from './slices.ts';

/** The file being imported, as every event of its rows names it. */
export interface ImportedFile {
  bucket: string;
  key: string;
  /** The object's ETag without quotes: a new upload of other content gets new idempotency keys. */
  etag: string;
  /** Shared by every event of the file: the id of the S3 event that started the import. */
  correlationId: string;
}

/** `import#<bucket>/<key>#<etag>#<line>`: the same row of the same content is the same operation. */
export function importIdempotencyKey(file: Pick<ImportedFile, 'bucket' | 'key' | 'etag'>, line: number): string {
  return `import#${file.bucket}/${file.key}#${file.etag}#${line}`;
}

/**
 * A UUID derived from `name` (RFC 9562 version 8, from SHA-256), so an event published again when
 * the file is retried has the same `eventId`, which is what consumers deduplicate on.
 *
 * @example
 * nameBasedUuid('import#imports/a.csv#9b2c#2'); // always the same UUID
 */
export function nameBasedUuid(name: string): string {
  const bytes = createHash('sha256').update(name).digest().subarray(0, 16);
  bytes[6] = ((bytes[6] as number) & 0x0f) | 0x80;
  bytes[8] = ((bytes[8] as number) & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** The `ProductImported` event of one valid row: deterministic id and idempotency key, the file's correlation id. */
export function productImportedEvent(product: ImportedProduct, file: ImportedFile, occurredAt: Date): CatalogEvent<typeof ProductImported> {
  const idempotencyKey = importIdempotencyKey(file, product.importedFrom.line);
  return createEvent(ProductImported, product, {
    eventId: nameBasedUuid(idempotencyKey),
    idempotencyKey,
    correlationId: file.correlationId,
    causationId: file.correlationId,
    occurredAt,
  });
}

/**
 * Publishes events `PUT_EVENTS_MAX_ENTRIES` at a time with up to `concurrency` `PutEvents` calls
 * in flight: one call after the other, 100k rows would take minutes of round trips.
 *
 * @throws PublishFailedError (from the publisher) when events are still failing after its retries.
 */
export async function publishConcurrently(events: readonly CatalogEvent[], publish: EventPublisher, concurrency = 8): Promise<void> {
  await forEachConcurrently(slices(events, PUT_EVENTS_MAX_ENTRIES), concurrency, (batch) => publish(batch));
}
