import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import type { DynamoDBBatchResponse, DynamoDBStreamEvent } from 'aws-lambda';
import { createEventPublisher } from '../../shared/publishing/index.ts';
import { createHandler, logger, metrics, tracer, withCorrelationId } from '../../shared/runtime/index.ts';
import { RelayStoppedError } from './errors.ts';
import { batchItemFailuresFrom, relayRecords } from './relay-events.ts';

/*
 * relay-events: the transactional outbox's relay. DynamoDB stream of the event store (INSERTs only,
 * by the mapping's filter; batch 100, bisect on error, 10 retries, on-failure SQS destination,
 * ReportBatchItemFailures) → the bus. Each stored event is published exactly as stored, so an event
 * is on the bus if and only if it was stored; its own eventId stays in the detail.
 *
 * The batch is relayed in stream order and stops at the first record that fails (an item that is not
 * an event, or a publish still failing after the publisher's retries): that record and every later one
 * are reported in batchItemFailures and retried from there. When the very first record fails, the
 * invocation fails instead, so the mapping bisects the batch: a poison record ends up alone and, after
 * the retries, in the on-failure destination while the records around it are relayed.
 *
 * Environment: EVENT_BUS_NAME. No claim-check bucket: a stored event is at most 400 KB (DynamoDB's item
 * limit), so it always fits a PutEvents entry. IAM lets it publish only the sources and detail types
 * of the events the flow stores (infra/flows/orders-flow.ts, EVENT_STORE_EVENTS).
 */

const publish = createEventPublisher({ client: tracer.captureAWSv3Client(new EventBridgeClient({})) });

export async function relayStreamBatch(event: DynamoDBStreamEvent): Promise<DynamoDBBatchResponse> {
  const records = event.Records;
  const result = await relayRecords(records, { publish });

  for (const record of result.skipped) {
    logger.debug('Not an INSERT: nothing to relay', { eventName: record.eventName, sequenceNumber: record.dynamodb?.SequenceNumber });
  }
  for (const stored of result.relayed) {
    await withCorrelationId(stored.correlationId, async () =>
      logger.info('Event relayed', { eventId: stored.eventId, detailType: stored.detailType, aggregateId: stored.aggregateId, version: stored.version }),
    );
  }
  if (result.relayed.length > 0) metrics.addMetric('EventsRelayed', MetricUnit.Count, result.relayed.length);

  const { stopped } = result;
  if (!stopped) return { batchItemFailures: [] };
  metrics.addMetric('RelayStopped', MetricUnit.Count, 1);
  const failed = stopped.event;
  await withCorrelationId(failed?.correlationId, async () =>
    logger.error('Relay stopped: this record and the later ones are retried', {
      sequenceNumber: stopped.sequenceNumber,
      notRelayed: records.length - stopped.index,
      ...(failed ? { eventId: failed.eventId, detailType: failed.detailType, aggregateId: failed.aggregateId, version: failed.version } : {}),
      error: stopped.reason,
    }),
  );
  if (stopped.index === 0) throw new RelayStoppedError(stopped.sequenceNumber, records.length, stopped.reason);
  return batchItemFailuresFrom(records, stopped);
}

export const handler = createHandler(relayStreamBatch);
