import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { S3Client } from '@aws-sdk/client-s3';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { KinesisStreamBatchItemFailure, KinesisStreamTumblingWindowEvent } from 'aws-lambda';
import { retryTransientWrite } from '../../shared/dynamodb/retry-transient-write.ts';
import { createEventPublisher } from '../../shared/publishing/index.ts';
import { createHandler, logger, metrics, tracer } from '../../shared/runtime/index.ts';
import { closeWindow } from './close-window.ts';
import { loadAggregateActivityConfig } from './config.ts';
import { NotATumblingWindowError } from './errors.ts';
import { markTrendingPublished } from './mark-trending-published.ts';
import { mergeWindowPart } from './merge-window-part.ts';
import { loadEarlierSeenEvents, saveSeenEvents } from './seen-events-item.ts';
import { tallyBatch } from './tally-batch.ts';
import { normalizeInstant } from '../../shared/activity/index.ts';
import { readWindowState, type WindowState } from './window-state.ts';

/*
 * aggregate-activity: Kinesis event source mapping on the activity stream with tumbling windows
 * (TumblingWindowInSeconds), ReportBatchItemFailures and BisectBatchOnFunctionError.
 * https://docs.aws.amazon.com/lambda/latest/dg/services-kinesis-windows.html
 *
 * Each invocation adds its records' counts to the window state Lambda carries per shard; the final
 * invocation of a window (isFinalInvokeForWindow) writes them to the stats table and announces
 * trending products. A poison record (not JSON, not an activity record):
 * - after at least one good record of the batch: reported in batchItemFailures, with the state
 *   holding exactly the records before it. Lambda keeps that state and resumes the shard from the
 *   poison record, so nothing is counted twice.
 * - first in its batch: nothing of the batch can be checkpointed, and a partial response would make
 *   Lambda retry the poison record and every record after it, then give them all up together. So
 *   the invocation fails instead: with BisectBatchOnFunctionError Lambda halves the batch until the
 *   poison record is alone, retries it, and sends it alone to the on-failure destination; the state
 *   of a failed invocation is discarded, so the retried records are counted once.
 *   ("When a partial batch success response is received and both BisectBatchOnFunctionError and
 *   ReportBatchItemFailures are turned on, the batch is bisected at the returned sequence number":
 *   https://docs.aws.amazon.com/lambda/latest/dg/services-kinesis-batchfailurereporting.html)
 *
 * Environment: STATS_TABLE, TRENDING_THRESHOLD (default 50), EVENT_BUS_NAME, CLAIM_CHECK_BUCKET.
 */

/** A tumbling-window invocation; AWS also sends `shardId` and `eventSourceARN`, missing from @types/aws-lambda. */
export type ActivityWindowEvent = KinesisStreamTumblingWindowEvent & { shardId?: string; eventSourceARN?: string };

/** The response Lambda requires of a tumbling-window function: the state to carry, and the failures. */
export interface WindowResponse {
  state: WindowState | Record<string, never>;
  batchItemFailures: KinesisStreamBatchItemFailure[];
}

const config = loadAggregateActivityConfig();
const documents = DynamoDBDocumentClient.from(tracer.captureAWSv3Client(new DynamoDBClient({})));
const publish = createEventPublisher({ client: tracer.captureAWSv3Client(new EventBridgeClient({})), s3Client: tracer.captureAWSv3Client(new S3Client({})) });
const table = { client: documents, tableName: config.statsTable };

/** The shard the window belongs to: `shardId`, else the prefix of a record's `eventID` (`shardId-…:<sequence>`). */
function shardIdOf(event: ActivityWindowEvent): string {
  if (event.shardId) return event.shardId;
  const fromRecord = event.Records?.[0]?.eventID?.split(':')[0];
  if (fromRecord) return fromRecord;
  logger.warn('The window event names no shard: its parts are told apart by sequence number only');
  return 'unknown-shard';
}

export async function aggregate(event: ActivityWindowEvent): Promise<WindowResponse> {
  if (!event.window) throw new NotATumblingWindowError();
  const records = event.Records ?? [];
  const incoming = readWindowState(event.state);
  // Once per window part, when it has records to dedupe: the ids the part before it counted (a retry of a request
  // first written just before this window opened). Not on the final invocation, which has no records.
  if (records.length > 0 && incoming.earlier === undefined) incoming.earlier = await loadEarlierSeenEvents(shardIdOf(event), event.window, table);
  const { state, poison, duplicates, evicted } = tallyBatch(records, incoming);
  if (duplicates > 0) metrics.addMetric('DuplicateActivityRecords', MetricUnit.Count, duplicates);
  if (evicted > 0) {
    metrics.addMetric('SeenEventsEvicted', MetricUnit.Count, evicted);
    logger.warn('The window state forgot the oldest seen requests at its bound: a retry of one would count again', { evicted });
  }

  if (poison) {
    metrics.addMetric('PoisonRecords', MetricUnit.Count, 1);
    const { error, index } = poison;
    logger.error('Poison record on the activity stream', {
      sequenceNumber: error.sequenceNumber,
      index,
      batchSize: event.Records.length,
      reason: error.reason,
    });
    if (index === 0) throw error;
    return { state, batchItemFailures: [{ itemIdentifier: error.sequenceNumber }] };
  }

  if (!event.isFinalInvokeForWindow) return { state, batchItemFailures: [] };

  const shardId = shardIdOf(event);
  const seen = state.seen;
  const [closed] = await Promise.all([
    // Each write is tried again on a transient failure before it fails the invocation: Lambda's retries of a final
    // invocation are few, and once they run out what it had not written is gone with the window's state.
    closeWindow(state, event.window, shardId, {
      merge: (part) => retryTransientWrite(() => mergeWindowPart(part, table)),
      publish,
      markTrendingPublished: (key, at) => retryTransientWrite(() => markTrendingPublished(key, at, table)),
      threshold: config.trendingThreshold,
    }),
    // For the next part's dedupe; a failure fails the final invocation, which Lambda retries (both writes are idempotent).
    seen && (Object.keys(seen.requests).length > 0 || seen.ids.length > 0)
      ? retryTransientWrite(() => saveSeenEvents(shardId, normalizeInstant(event.window.start), seen, table))
      : undefined,
  ]);
  metrics.addMetric('WindowProductsWritten', MetricUnit.Count, closed.productsWritten);
  if (closed.trending.length > 0) metrics.addMetric('ProductTrendingPublished', MetricUnit.Count, closed.trending.length);
  logger.info('Window closed', { ...closed, terminatedEarly: event.isWindowTerminatedEarly });
  // The window is done: Lambda drops the state after the final invocation; the next window starts from {}.
  return { state: {}, batchItemFailures: [] };
}

export const handler = createHandler(aggregate);
