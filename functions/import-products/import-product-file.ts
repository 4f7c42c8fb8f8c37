import { GetObjectCommand, PutObjectCommand, type GetObjectCommandOutput, type S3Client } from '@aws-sdk/client-s3';
import { Readable } from 'node:stream';
import type { CatalogEvent } from '../../shared/events/index.ts';
import {
  columnPositions,
  CsvSyntaxError,
  InvalidCsvHeaderError,
  isBlankRow,
  parseProductRow,
  PRODUCT_CSV_COLUMNS,
  readCsvRecords,
  type ColumnPositions,
  type ImportedProduct,
} from '../../shared/imports/index.ts';
import { UnreadableBodyError } from './errors.ts';
import { isReportKey, RejectedRows, reportKeyOf, REPORTS_PREFIX, type ImportReport } from './import-report.ts';
import { productImportedEvent, type ImportedFile } from './product-imported-events.ts';
import type { ProductItem } from '../../shared/catalog/product-item.ts';

/** The object an S3 "Object Created" event names. */
export interface ProductFileObject {
  bucket: string;
  key: string;
  /** ETag from the event, without quotes. Absent in some events; the object's own is used then. */
  etag?: string;
  /** Present for versioned buckets: exactly that version is read. */
  versionId?: string;
}

export interface ImportProductFileOptions {
  s3: S3Client;
  /** Writes catalog items (put semantics); resolves once all are written. */
  writeProducts: (items: ProductItem[]) => Promise<void>;
  /** Publishes events; resolves once all are on the bus. */
  publishEvents: (events: CatalogEvent[]) => Promise<void>;
  /** Shared by the events of this file: the id of the S3 event. */
  correlationId: string;
  /**
   * The currency of the file's `unitPrice` column (ISO 4217): prices are stored in its minor units.
   * @default 'EUR'
   */
  currency?: string;
  /**
   * Valid rows written, then published, together: the memory one file can hold, whatever its size.
   * @default 500
   */
  chunkSize?: number;
  /** @default () => new Date() */
  now?: () => Date;
  /**
   * Milliseconds left before the function times out (`context.getRemainingTimeInMillis`). With
   * less than {@link TIME_RESERVE_MS} left (or a quarter of the time there was at the start, for
   * a function given little time), reading stops and the report says at which line.
   * @default no limit
   */
  remainingTimeMs?: () => number;
}

export type ImportOutcome = { status: 'imported'; reportKey: string; report: ImportReport } | { status: 'skipped'; reason: string };

/** Valid rows per write-then-publish round; 20 BatchWriteItem and 50 PutEvents calls. */
export const DEFAULT_CHUNK_SIZE = 500;

/**
 * Time kept for the last chunk (with retries and backoff) and the report when a file is too large
 * to import before the function's timeout. A timed-out invocation would write no report and be
 * retried from the start, in vain, until the DLQ; stopping early gives the user the line to split at.
 */
export const TIME_RESERVE_MS = 60_000;

const EXPECTED_HEADER = PRODUCT_CSV_COLUMNS.join(',');
const unquote = (etag: string | undefined): string => (etag ?? '').replaceAll('"', '');

/**
 * Imports one product CSV (splitter + claim check: the file stays in S3, rows travel as events).
 *
 * The object is streamed, never loaded whole: valid rows gather into chunks of `chunkSize`; each
 * chunk is written to the catalog, then published as `ProductImported` events, before more of the
 * file is read. Invalid rows are collected with their line and reason. The report
 * (`reports/<key>.report.json`) is written at the end, also for a file with a bad header (nothing
 * imported) or one that cannot be read to its end (what came before is imported).
 *
 * A file too large to import before the function's timeout is imported up to a line, which the
 * report names.
 *
 * Skipped, without a report: keys under `reports/` (reports must not trigger imports), objects
 * deleted or replaced since the event (the newer upload's own event imports it).
 *
 * Failures of AWS calls are thrown: the message is retried, and the import, idempotent, runs again.
 */
export async function importProductFile(object: ProductFileObject, options: ImportProductFileOptions): Promise<ImportOutcome> {
  const { bucket, key } = object;
  const source = `s3://${bucket}/${key}`;
  if (isReportKey(key)) return { status: 'skipped', reason: `${source} is under ${REPORTS_PREFIX}, where reports go: never imported` };

  const now = options.now ?? (() => new Date());
  const startedAt = now();
  const opened = await openObject(object, options.s3);
  if ('skipped' in opened) return { status: 'skipped', reason: opened.skipped };

  const reserveMs = Math.min(TIME_RESERVE_MS, (options.remainingTimeMs?.() ?? Number.POSITIVE_INFINITY) / 4);
  const file: ImportedFile = { bucket, key, etag: object.etag || opened.etag, correlationId: options.correlationId };
  const chunkSize = options.chunkSize ?? DEFAULT_CHUNK_SIZE;
  const rejected = new RejectedRows();
  let rowsOk = 0;
  let error: string | undefined;
  let chunk: ImportedProduct[] = [];

  const flush = async (): Promise<void> => {
    if (chunk.length === 0) return;
    const products = chunk;
    chunk = [];
    const at = now();
    await options.writeProducts(products.map((product) => toItem(product, at)));
    await options.publishEvents(products.map((product) => productImportedEvent(product, file, at)));
    rowsOk += products.length;
  };

  try {
    let positions: ColumnPositions | undefined;
    for await (const { line, fields } of readCsvRecords(opened.body)) {
      if (options.remainingTimeMs !== undefined && options.remainingTimeMs() < reserveMs) {
        error = `line ${line}: stopped here, close to the function's timeout; the lines from here on were not imported (split the file)`;
        break;
      }
      if (positions === undefined) {
        positions = columnPositions(fields);
        continue;
      }
      if (isBlankRow(fields)) continue;
      const outcome = parseProductRow(fields, positions, { bucket, key, line }, options.currency ?? 'EUR');
      if (!outcome.ok) rejected.add(line, outcome.reason);
      else if (chunk.push(outcome.product) >= chunkSize) await flush();
    }
    if (positions === undefined) error ??= `line 1: the file is empty, expected the header "${EXPECTED_HEADER}"`;
    await flush();
  } catch (caught) {
    if (caught instanceof InvalidCsvHeaderError) {
      error = `${caught.message}; nothing was imported`;
    } else if (caught instanceof CsvSyntaxError) {
      await flush();
      rejected.add(caught.line, caught.reason);
      error = `${caught.message}; the file was not read past it`;
    } else {
      throw caught;
    }
  }

  const report: ImportReport = {
    source,
    etag: file.etag,
    rowsOk,
    ...rejected.toReport(),
    ...(error !== undefined && { error }),
    startedAt: startedAt.toISOString(),
    finishedAt: now().toISOString(),
  };
  const reportKey = reportKeyOf(key);
  await options.s3.send(new PutObjectCommand({ Bucket: bucket, Key: reportKey, Body: JSON.stringify(report, null, 2), ContentType: 'application/json' }));
  return { status: 'imported', reportKey, report };
}

type Opened = { body: Readable; etag: string } | { skipped: string };

async function openObject(object: ProductFileObject, s3: S3Client): Promise<Opened> {
  const location = `s3://${object.bucket}/${object.key}`;
  let response: GetObjectCommandOutput;
  try {
    response = await s3.send(
      new GetObjectCommand({ Bucket: object.bucket, Key: object.key, ...(object.versionId !== undefined && { VersionId: object.versionId }) }),
    );
  } catch (error) {
    // Gone since the event: nothing to import, and retrying cannot bring it back. S3 answers 404
    // only to callers allowed s3:ListBucket, 403 to the others (which is thrown, and retried).
    if (error instanceof Error && (error.name === 'NoSuchKey' || error.name === 'NoSuchVersion')) {
      return { skipped: `${location} no longer exists (${error.name})` };
    }
    throw error;
  }
  const body = response.Body;
  if (!(body instanceof Readable)) throw new UnreadableBodyError(location);

  const etag = unquote(response.ETag);
  // Unversioned bucket, object overwritten since the event: the newer upload has an event of its own.
  if (object.versionId === undefined && object.etag && etag && etag !== object.etag) {
    body.destroy();
    return { skipped: `${location} was replaced since the event (ETag ${object.etag}, now ${etag}): its own event imports it` };
  }
  return { body, etag };
}

function toItem(product: ImportedProduct, at: Date): ProductItem {
  const { importedFrom, ...fields } = product;
  return { ...fields, updatedAt: at.toISOString(), importedFrom: `s3://${importedFrom.bucket}/${importedFrom.key}#${importedFrom.line}` };
}
