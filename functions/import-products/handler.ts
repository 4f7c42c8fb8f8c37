import { BatchProcessor, EventType, FullBatchFailureError, ParsingError, processPartialResponse } from '@aws-lambda-powertools/batch';
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { S3Client } from '@aws-sdk/client-s3';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Context, SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { createEventPublisher } from '../../shared/publishing/index.ts';
import { createHandler, loadConfig, logger, metrics, tracer, withCorrelationId } from '../../shared/runtime/index.ts';
import { ImportMessageSchema, parseImportRecord, type ImportMessage } from './import-message.ts';
import { importProductFile, type ImportOutcome } from './import-product-file.ts';
import { publishConcurrently } from './product-imported-events.ts';
import { writeProducts } from './write-products.ts';

/*
 * import-products: rule "S3 Object Created, key suffix .csv" on the imports bucket → SQS queue →
 * this function, one message per invocation (batch size 1: a file can take minutes, and a failure
 * must retry that file only). Timeout 15 minutes: 100k rows should take about a minute (estimate:
 * 10,000 PutEvents and 4,000 BatchWriteItem calls, 8 at a time), the rest is margin
 * for throttling. Memory 1024 MB: the CPU share that comes with it parses and validates faster; what
 * a file holds in memory is bounded by the chunk size, not by the file.
 *
 * Environment: PRODUCTS_TABLE, EVENT_BUS_NAME, CLAIM_CHECK_BUCKET (optional, for the publisher).
 */

const config = loadConfig({ required: ['productsTable'] });
const s3 = tracer.captureAWSv3Client(new S3Client({}));
const documents = DynamoDBDocumentClient.from(tracer.captureAWSv3Client(new DynamoDBClient({})));
const publish = createEventPublisher({ client: tracer.captureAWSv3Client(new EventBridgeClient({})), s3Client: s3 });
const processor = new BatchProcessor(EventType.SQS, { parser: parseImportRecord, schema: ImportMessageSchema, logger });

async function importMessage(record: ImportMessage, context: Context): Promise<ImportOutcome> {
  const event = record.body;
  const { bucket, object } = event.detail;
  // The S3 event starts the correlation: every log line and event of this file carries its id.
  return withCorrelationId(event.id, async () => {
    let outcome: ImportOutcome;
    try {
      outcome = await importProductFile(
        { bucket: bucket.name, key: object.key, etag: object.etag, versionId: object['version-id'] },
        {
          s3,
          correlationId: event.id,
          writeProducts: (items) => writeProducts(items, { client: documents, tableName: config.productsTable }),
          publishEvents: (events) => publishConcurrently(events, publish),
          remainingTimeMs: () => context.getRemainingTimeInMillis(),
        },
      );
    } catch (error) {
      logger.error('Product file import failed: the message comes back after its visibility timeout, then goes to the DLQ', {
        bucket: bucket.name,
        key: object.key,
        error,
      });
      throw error;
    }
    if (outcome.status === 'skipped') {
      logger.info('Product file skipped', { bucket: bucket.name, key: object.key, reason: outcome.reason });
      return outcome;
    }
    const { report, reportKey } = outcome;
    metrics.addMetric('ProductRowsImported', MetricUnit.Count, report.rowsOk);
    metrics.addMetric('ProductRowsRejected', MetricUnit.Count, report.rowsRejected);
    logger.info('Product file imported', {
      source: report.source,
      rowsOk: report.rowsOk,
      rowsRejected: report.rowsRejected,
      ...(report.error !== undefined && { error: report.error }),
      reportKey,
    });
    return outcome;
  });
}

export const handler = createHandler(async (event: SQSEvent, context: Context): Promise<SQSBatchResponse> => {
  try {
    return await processPartialResponse(event, (record: ImportMessage) => importMessage(record, context), processor, { context, processInParallel: false });
  } catch (error) {
    // The batch processor logs a message it cannot parse at DEBUG only; it is worth an ERROR.
    const unparsable = error instanceof FullBatchFailureError ? error.recordErrors.filter((e) => e instanceof ParsingError) : [];
    for (const parsing of unparsable) logger.error('Message is not an S3 "Object Created" event: it goes to the DLQ after its retries', { error: parsing });
    throw error;
  }
});
