import { FullBatchFailureError } from '@aws-lambda-powertools/batch';
import { EventBridgeClient, PutEventsCommand, type PutEventsCommandInput } from '@aws-sdk/client-eventbridge';
import { GetObjectCommand, NoSuchKey, PutObjectCommand, S3Client, type PutObjectCommandInput } from '@aws-sdk/client-s3';
import { BatchWriteCommand, DynamoDBDocumentClient, type BatchWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import { sdkStreamMixin } from '@smithy/core/serde';
import { mockClient } from 'aws-sdk-client-mock';
import { Readable } from 'node:stream';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ImportReport } from '../../../../functions/import-products/import-report.ts';
import type { ProductItem } from '../../../../functions/import-products/write-products.ts';
import { captureLogs, lambdaContext, s3ObjectCreatedEvent, sqsEvent, sqsRecord, type CapturedLogs, type S3ObjectCreatedOptions } from '../../../kit/index.ts';

vi.hoisted(() => {
  // Read once, when the handler module loads.
  process.env.PRODUCTS_TABLE = 'Products';
  process.env.EVENT_BUS_NAME = 'eventful-bus';
  delete process.env.CLAIM_CHECK_BUCKET;
});

const { handler } = await import('../../../../functions/import-products/handler.ts');

const BUCKET = 'eventful-imports';
const KEY = 'incoming/products.csv';
const HEADER = 'sku,name,unitPrice,stock';

const s3 = mockClient(S3Client);
const ddb = mockClient(DynamoDBDocumentClient);
const eventBridge = mockClient(EventBridgeClient);

/** The object as S3 streams it; a new stream for each GetObject. */
function givenObject(content: string | (() => Readable), options: { key?: string; etag?: string } = {}): void {
  const stream = typeof content === 'string' ? () => Readable.from([Buffer.from(content, 'utf8')], { objectMode: false }) : content;
  s3.on(GetObjectCommand, { Bucket: BUCKET, Key: options.key ?? KEY }).callsFake(() => ({
    Body: sdkStreamMixin(stream()),
    ETag: `"${options.etag ?? 'etag-1'}"`,
  }));
}

/** The S3 "Object Created" event of the upload, as the rule puts it on the import queue. */
function uploaded(options: Partial<S3ObjectCreatedOptions> = {}) {
  const event = s3ObjectCreatedEvent({ bucket: BUCKET, key: KEY, etag: 'etag-1', ...options });
  return { event, sqs: sqsEvent([sqsRecord(event, { queueName: 'import-products' })]) };
}

const invoke = (sqs: ReturnType<typeof uploaded>['sqs']) => handler(sqs, lambdaContext({ functionName: 'import-products', timeoutMs: 900_000 }));

function reports(): { key: string; report: ImportReport; input: PutObjectCommandInput }[] {
  return s3.commandCalls(PutObjectCommand).map((call) => ({
    key: call.args[0].input.Key as string,
    report: JSON.parse(call.args[0].input.Body as string) as ImportReport,
    input: call.args[0].input,
  }));
}

function onlyReport(): ImportReport {
  const all = reports();
  expect(all).toHaveLength(1);
  return all[0]!.report;
}

const written = (): ProductItem[] =>
  ddb
    .commandCalls(BatchWriteCommand)
    .flatMap((call) => ((call.args[0].input as BatchWriteCommandInput).RequestItems?.Products ?? []).map((r) => r.PutRequest?.Item as ProductItem));

interface PublishedEntry {
  source: string;
  detailType: string;
  eventBusName: string;
  detail: { metadata: Record<string, unknown>; data: Record<string, unknown> };
}

const published = (): PublishedEntry[] =>
  eventBridge.commandCalls(PutEventsCommand).flatMap((call) =>
    (call.args[0].input.Entries ?? []).map((entry) => ({
      source: entry.Source as string,
      detailType: entry.DetailType as string,
      eventBusName: entry.EventBusName as string,
      detail: JSON.parse(entry.Detail as string) as PublishedEntry['detail'],
    })),
  );

const accepted = (input: PutEventsCommandInput) => ({ FailedEntryCount: 0, Entries: (input.Entries ?? []).map((_, i) => ({ EventId: `eb-${i}` })) });

describe('import-products handler', () => {
  let logs: CapturedLogs;

  beforeEach(() => {
    logs = captureLogs('INFO');
    ddb.on(BatchWriteCommand).resolves({});
    eventBridge.on(PutEventsCommand).callsFake(accepted);
    s3.on(PutObjectCommand).resolves({});
  });

  afterEach(() => {
    logs.restore();
    s3.reset();
    ddb.reset();
    eventBridge.reset();
  });

  it('imports the valid rows and reports each rejected row by its line number and reason', async () => {
    // Prepare
    givenObject(
      [
        HEADER,
        'SKU-1,Mug,12.5,10',
        'SKU-2,Plate,abc,5',
        'SKU-3,"Bowl, large",3,7',
        ',No sku,1,1',
        '',
        'SKU-4,"Cup ""espresso""",2.25,0',
        'SKU-5,Too,few',
        '',
      ].join('\n'),
    );
    const { sqs } = uploaded();
    // Act
    const response = await invoke(sqs);
    // Assess
    expect(response).toEqual({ batchItemFailures: [] });
    const [{ key, report, input }] = reports() as [ReturnType<typeof reports>[number]];
    expect(key).toBe('reports/incoming/products.csv.report.json');
    expect(input).toMatchObject({ Bucket: BUCKET, ContentType: 'application/json' });
    expect(report).toEqual({
      source: 's3://eventful-imports/incoming/products.csv',
      etag: 'etag-1',
      rowsOk: 3,
      rowsRejected: 3,
      rejected: [
        { line: 3, reason: 'unitPrice: expected a number ≥ 0 in decimal notation (e.g. 12.50), got "abc"' },
        { line: 5, reason: 'sku: Too small: expected string to have >=1 characters' },
        { line: 8, reason: 'expected 4 fields (sku,name,unitPrice,stock), got 3' },
      ],
      startedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      finishedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
    });
    expect(written().map(({ updatedAt: _, ...item }) => item)).toEqual([
      { sku: 'SKU-1', name: 'Mug', unitPriceMinor: 1250, currency: 'EUR', stock: 10, importedFrom: 's3://eventful-imports/incoming/products.csv#2' },
      { sku: 'SKU-3', name: 'Bowl, large', unitPriceMinor: 300, currency: 'EUR', stock: 7, importedFrom: 's3://eventful-imports/incoming/products.csv#4' },
      { sku: 'SKU-4', name: 'Cup "espresso"', unitPriceMinor: 225, currency: 'EUR', stock: 0, importedFrom: 's3://eventful-imports/incoming/products.csv#7' },
    ]);
  });

  it('reports a row whose price or stock no table can hold by its line, and imports the rows around it', async () => {
    // Prepare: before the bounds, 1 followed by 130 zeros failed the whole BatchWriteItem and the file went to the DLQ
    givenObject(
      [HEADER, 'SKU-1,Mug,12.5,10', `SKU-2,Plate,1${'0'.repeat(130)},5`, 'SKU-3,Bowl,3,99999999999999999999', 'SKU-4,Cup\uFFFE,1,1', 'SKU-5,Jug,4,1'].join(
        '\n',
      ),
    );
    const { sqs } = uploaded();
    // Act
    const response = await invoke(sqs);
    // Assess
    expect(response).toEqual({ batchItemFailures: [] });
    const [{ report }] = reports() as [ReturnType<typeof reports>[number]];
    expect(report).toMatchObject({ rowsOk: 2, rowsRejected: 3 });
    expect(report.rejected).toEqual([
      { line: 3, reason: expect.stringMatching(/^unitPrice: expected at most 10000000.00 EUR/) },
      { line: 4, reason: expect.stringMatching(/^stock: expected at most 1000000000/) },
      { line: 5, reason: expect.stringMatching(/^name: expected printable characters only/) },
    ]);
    expect(written().map((item) => item.sku)).toEqual(['SKU-1', 'SKU-5']);
  });

  it('publishes one ProductImported event per valid row, with a deterministic idempotency key and the S3 event as correlation', async () => {
    // Prepare
    givenObject([HEADER, 'SKU-1,Mug,12.5,10', 'SKU-2,Plate,abc,5', 'SKU-3,Bowl,3,7'].join('\n'));
    const { event, sqs } = uploaded();
    // Act
    await invoke(sqs);
    // Assess
    const entries = published();
    expect(entries.map((e) => [e.source, e.detailType, e.eventBusName])).toEqual([
      ['eventful.catalog', 'ProductImported', 'eventful-bus'],
      ['eventful.catalog', 'ProductImported', 'eventful-bus'],
    ]);
    expect(entries[1]?.detail).toEqual({
      metadata: {
        eventId: expect.stringMatching(/^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/),
        version: 2,
        occurredAt: expect.any(String),
        correlationId: event.id,
        causationId: event.id,
        idempotencyKey: 'import#eventful-imports/incoming/products.csv#etag-1#4',
      },
      data: { sku: 'SKU-3', name: 'Bowl', unitPriceMinor: 300, currency: 'EUR', stock: 7, importedFrom: { bucket: BUCKET, key: KEY, line: 4 } },
    });
  });

  it('publishes the same event ids and idempotency keys, and writes the same values, when the file is imported again', async () => {
    // Prepare
    givenObject([HEADER, 'SKU-1,Mug,12.5,10', 'SKU-2,Plate,4,5'].join('\n'));
    const identities = () => published().map((e) => [e.detail.metadata.eventId, e.detail.metadata.idempotencyKey]);
    const values = () => written().map(({ updatedAt: _, ...item }) => item);
    await invoke(uploaded().sqs);
    const first = { identities: identities(), values: values() };
    eventBridge.resetHistory();
    ddb.resetHistory();
    // Act
    await invoke(uploaded().sqs);
    // Assess
    expect(identities()).toEqual(first.identities);
    expect(values()).toEqual(first.values);
    expect(new Set(first.identities.map(([eventId]) => eventId)).size).toBe(2);
  });

  it.each([
    ['LF', '\n'],
    ['CRLF', '\r\n'],
  ])('numbers lines as an editor does with %s line breaks, multi-line quoted names and empty lines', async (_name, eol) => {
    // Prepare
    givenObject([HEADER, 'A-1,"Two-line', 'name",1,1', 'A-2,Bad price,x,1', '', 'A-3,Bad stock,1,-1', ',,,', 'A-4,Last,1,1'].join(eol));
    // Act
    await invoke(uploaded().sqs);
    // Assess
    const report = onlyReport();
    expect(report.rejected.map((r) => r.line)).toEqual([4, 6]);
    expect(report.rowsOk).toBe(2);
    expect(written().map((item) => [item.name, item.importedFrom?.split('#')[1]])).toEqual([
      ['Two-line\nname', '2'],
      ['Last', '8'],
    ]);
  });

  it.each([
    ['a header with other names', 'sku,title,price,stock\nSKU-1,Mug,1,1\n', '"sku,title,price,stock"; missing: name, unitPrice; unexpected: "title", "price"'],
    [
      'semicolon-separated values',
      'sku;name;unitPrice;stock\nSKU-1;Mug;1;1\n',
      '"sku;name;unitPrice;stock"; missing: sku, name, unitPrice, stock; unexpected: "sku;name;unitPrice;stock"',
    ],
    ['binary content', '\u0089PNG\r\n\u001a\n\u0000\u0000\u0000\rIHDR', '"\u0089PNG"; missing: sku, name, unitPrice, stock; unexpected: "\u0089PNG"'],
  ])('rejects the whole file, with a report saying why, when it has %s', async (_name, content, detail) => {
    // Prepare
    givenObject(content);
    // Act
    const response = await invoke(uploaded().sqs);
    // Assess
    expect(response).toEqual({ batchItemFailures: [] });
    expect(onlyReport()).toMatchObject({
      rowsOk: 0,
      rowsRejected: 0,
      rejected: [],
      error: `line 1: expected the header "sku,name,unitPrice,stock" (in any order), got ${detail}; nothing was imported`,
    });
    expect(ddb.commandCalls(BatchWriteCommand)).toHaveLength(0);
    expect(eventBridge.commandCalls(PutEventsCommand)).toHaveLength(0);
  });

  it('accepts the header columns in any order', async () => {
    // Prepare
    givenObject('stock,unitPrice,name,sku\n3,1.5,Mug,SKU-1\n');
    // Act
    await invoke(uploaded().sqs);
    // Assess
    expect(onlyReport()).toMatchObject({ rowsOk: 1, rowsRejected: 0 });
    expect(written()[0]).toMatchObject({ sku: 'SKU-1', name: 'Mug', unitPriceMinor: 150, currency: 'EUR', stock: 3 });
  });

  it('reports an empty file', async () => {
    // Prepare
    givenObject('');
    // Act
    await invoke(uploaded().sqs);
    // Assess
    expect(onlyReport()).toMatchObject({ rowsOk: 0, rowsRejected: 0, error: 'line 1: the file is empty, expected the header "sku,name,unitPrice,stock"' });
  });

  it('imports the rows before a quote never closed and reports the line where reading stopped', async () => {
    // Prepare
    givenObject([HEADER, 'SKU-1,Mug,1,1', 'SKU-2,"Open quote,1,1', 'SKU-3,Plate,1,1', ''].join('\n'));
    // Act
    await invoke(uploaded().sqs);
    // Assess
    const report = onlyReport();
    expect(report).toMatchObject({ rowsOk: 1, rowsRejected: 1, rejected: [{ line: 3, reason: expect.stringMatching(/^Quote Not Closed/) }] });
    expect(report.error).toMatch(/^line 3: Quote Not Closed.*; the file was not read past it$/);
    expect(written().map((item) => item.sku)).toEqual(['SKU-1']);
  });

  it('lists the first 1000 rejected rows and counts the others', async () => {
    // Prepare
    const bad = Array.from({ length: 1500 }, (_, i) => `SKU-${i},Bad,not-a-price,1`);
    givenObject([HEADER, ...bad, 'SKU-OK,Good,1,1'].join('\n'));
    // Act
    await invoke(uploaded().sqs);
    // Assess
    const report = onlyReport();
    expect(report).toMatchObject({ rowsOk: 1, rowsRejected: 1500, truncated: 500 });
    expect(report.rejected).toHaveLength(1000);
    expect(report.rejected.at(-1)?.line).toBe(1001);
  });

  it('writes again only the items DynamoDB left unprocessed', async () => {
    // Prepare
    givenObject([HEADER, 'SKU-1,Mug,1,1', 'SKU-2,Plate,2,2', 'SKU-3,Bowl,3,3'].join('\n'));
    ddb
      .on(BatchWriteCommand)
      .resolvesOnce({
        UnprocessedItems: { Products: [{ PutRequest: { Item: { sku: 'SKU-2', name: 'Plate', unitPriceMinor: 200, currency: 'EUR', stock: 2 } } }] },
      })
      .resolves({});
    // Act
    const response = await invoke(uploaded().sqs);
    // Assess
    expect(response).toEqual({ batchItemFailures: [] });
    expect(ddb.commandCalls(BatchWriteCommand).map((call) => call.args[0].input.RequestItems?.Products?.map((r) => r.PutRequest?.Item?.sku))).toEqual([
      ['SKU-1', 'SKU-2', 'SKU-3'],
      ['SKU-2'],
    ]);
    expect(onlyReport().rowsOk).toBe(3);
  });

  it.each([
    ['the catalog write fails', () => ddb.on(BatchWriteCommand).rejects(new Error('DynamoDB unavailable'))],
    [
      'events cannot be published',
      () => eventBridge.on(PutEventsCommand).resolves({ FailedEntryCount: 1, Entries: [{ ErrorCode: 'AccessDeniedException', ErrorMessage: 'no' }] }),
    ],
    ['the object cannot be read', () => s3.on(GetObjectCommand).rejects(new Error('Access Denied'))],
  ])('fails the message, for SQS to retry it, and writes no report when %s', async (_name, breakIt) => {
    // Prepare
    givenObject([HEADER, 'SKU-1,Mug,1,1'].join('\n'));
    breakIt();
    // Act
    const error = await invoke(uploaded().sqs).catch((e: unknown) => e);
    // Assess
    expect(error).toBeInstanceOf(FullBatchFailureError);
    expect(s3.commandCalls(PutObjectCommand)).toHaveLength(0);
  });

  it('logs the outcome of each file with the S3 event id as correlation id', async () => {
    // Prepare
    givenObject([HEADER, 'SKU-1,Mug,1,1', 'SKU-2,Plate,x,1'].join('\n'));
    const { event, sqs } = uploaded();
    // Act
    await invoke(sqs);
    // Assess
    expect(logs.withMessage('Product file imported')).toEqual([
      expect.objectContaining({
        correlation_id: event.id,
        source: 's3://eventful-imports/incoming/products.csv',
        rowsOk: 1,
        rowsRejected: 1,
        reportKey: 'reports/incoming/products.csv.report.json',
      }),
    ]);
  });

  it('logs a failed import with its file and correlation id before failing the message', async () => {
    // Prepare
    givenObject([HEADER, 'SKU-1,Mug,1,1'].join('\n'));
    ddb.on(BatchWriteCommand).rejects(new Error('DynamoDB unavailable'));
    const { event, sqs } = uploaded();
    // Act
    await invoke(sqs).catch(() => undefined);
    // Assess
    const [line] = logs.withMessage('Product file import failed: the message comes back after its visibility timeout, then goes to the DLQ');
    expect(line).toMatchObject({
      level: 'ERROR',
      correlation_id: event.id,
      bucket: BUCKET,
      key: KEY,
      error: expect.objectContaining({ message: 'DynamoDB unavailable' }),
    });
  });

  it('fails a message that is not an S3 Object Created event, naming the field', async () => {
    // Prepare
    const deleted = { ...uploaded().event, 'detail-type': 'Object Deleted' };
    // Act
    const error = await invoke(sqsEvent([sqsRecord(deleted)])).catch((e: unknown) => e);
    // Assess
    expect(error).toBeInstanceOf(FullBatchFailureError);
    expect(String((error as FullBatchFailureError).recordErrors[0])).toContain('detail-type');
    expect(logs.withMessage('Message is not an S3 "Object Created" event: it goes to the DLQ after its retries')).toHaveLength(1);
    expect(s3.commandCalls(GetObjectCommand)).toHaveLength(0);
  });

  it('ignores objects under reports/, so a report never triggers an import', async () => {
    // Prepare
    const { sqs } = uploaded({ key: 'reports/incoming/products.csv.report.csv' });
    // Act
    const response = await invoke(sqs);
    // Assess
    expect(response).toEqual({ batchItemFailures: [] });
    expect(s3.calls()).toHaveLength(0);
  });

  it('skips an object replaced since the event: the newer upload has its own event', async () => {
    // Prepare
    givenObject([HEADER, 'SKU-1,Mug,1,1'].join('\n'), { etag: 'etag-2' });
    // Act
    const response = await invoke(uploaded({ etag: 'etag-1' }).sqs);
    // Assess
    expect(response).toEqual({ batchItemFailures: [] });
    expect(ddb.commandCalls(BatchWriteCommand)).toHaveLength(0);
    expect(s3.commandCalls(PutObjectCommand)).toHaveLength(0);
  });

  it('reads the very version the event names in a versioned bucket', async () => {
    // Prepare
    givenObject([HEADER, 'SKU-1,Mug,1,1'].join('\n'), { etag: 'etag-2' });
    // Act
    await invoke(uploaded({ etag: 'etag-1', versionId: 'v-1' }).sqs);
    // Assess
    expect(s3.commandCalls(GetObjectCommand)[0]?.args[0].input).toEqual({ Bucket: BUCKET, Key: KEY, VersionId: 'v-1' });
    expect(onlyReport()).toMatchObject({ etag: 'etag-1', rowsOk: 1 });
  });

  it('skips an object deleted since the event', async () => {
    // Prepare
    s3.on(GetObjectCommand).rejects(new NoSuchKey({ message: 'The specified key does not exist.', $metadata: {} }));
    // Act
    const response = await invoke(uploaded().sqs);
    // Assess
    expect(response).toEqual({ batchItemFailures: [] });
    expect(s3.commandCalls(PutObjectCommand)).toHaveLength(0);
  });

  it('stops reading close to the timeout, imports what it read and reports the line to split at', async () => {
    // Prepare
    const rows = Array.from({ length: 1200 }, (_, i) => `SKU-${i},Product ${i},1,1`);
    givenObject([HEADER, ...rows].join('\n'));
    let remainingMs = 900_000;
    ddb.on(BatchWriteCommand).callsFake(() => {
      // The first chunk of 500 rows takes the function to 30 s before its timeout.
      remainingMs = 30_000;
      return {};
    });
    const context = { ...lambdaContext({ functionName: 'import-products' }), getRemainingTimeInMillis: () => remainingMs };
    // Act
    const response = await handler(uploaded().sqs, context);
    // Assess
    expect(response).toEqual({ batchItemFailures: [] });
    expect(onlyReport()).toMatchObject({
      rowsOk: 500,
      rowsRejected: 0,
      error: "line 502: stopped here, close to the function's timeout; the lines from here on were not imported (split the file)",
    });
    expect(written()).toHaveLength(500);
  });

  it('streams a 100k-row file: reads a bounded number of rows ahead of the writes, with bounded calls in flight', async () => {
    // Prepare
    const rows = 100_000;
    let produced = 0;
    let written = 0;
    let maxReadAhead = 0;
    const inFlight = { writes: 0, maxWrites: 0, puts: 0, maxPuts: 0, entries: 0 };
    function* csv() {
      yield Buffer.from(`${HEADER}\n`);
      for (let start = 0; start < rows; start += 100) {
        let text = '';
        for (let i = start; i < start + 100; i++) text += `SKU-${i},Product ${i},${i % 100}.25,${i % 7}\n`;
        produced += 100;
        yield Buffer.from(text);
      }
    }
    // A socket-like source: 16 KiB buffered at most, as an S3 response body.
    givenObject(() => Readable.from(csv(), { objectMode: false, highWaterMark: 16 * 1024 }));
    ddb.on(BatchWriteCommand).callsFake(async (input: BatchWriteCommandInput) => {
      maxReadAhead = Math.max(maxReadAhead, produced - written);
      inFlight.maxWrites = Math.max(inFlight.maxWrites, ++inFlight.writes);
      await nextTurn();
      inFlight.writes--;
      written += input.RequestItems?.Products?.length ?? 0;
      return {};
    });
    eventBridge.on(PutEventsCommand).callsFake(async (input: PutEventsCommandInput) => {
      inFlight.maxPuts = Math.max(inFlight.maxPuts, ++inFlight.puts);
      await nextTurn();
      inFlight.puts--;
      inFlight.entries += input.Entries?.length ?? 0;
      return accepted(input);
    });
    // Act
    const response = await invoke(uploaded().sqs);
    // Assess
    expect(response).toEqual({ batchItemFailures: [] });
    expect(onlyReport()).toMatchObject({ rowsOk: rows, rowsRejected: 0 });
    expect(written).toBe(rows);
    expect(inFlight.entries).toBe(rows);
    // What stream buffers hold (64 KiB high-water marks since Node 22, about 2,000 rows each) plus one
    // chunk of 500 rows: a few percent of this file, and the same for any larger one.
    expect(maxReadAhead).toBeLessThan(10_000);
    expect(inFlight.maxWrites).toBe(8);
    expect(inFlight.maxPuts).toBe(8);
  }, 60_000); // 100k rows through the whole handler: seconds on a loaded machine, more than the unit tier's default.
});
