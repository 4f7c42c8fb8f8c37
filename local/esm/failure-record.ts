import { LATEST } from '../lambda/constants.ts';
import type { InvokeOutcome } from './types.ts';

export interface StreamBatchInfo {
  shardId: string;
  startSequenceNumber: string;
  endSequenceNumber: string;
  approximateArrivalOfFirstRecord: string;
  approximateArrivalOfLastRecord: string;
  batchSize: number;
  streamArn: string;
}

/**
 * What Lambda sends to a stream mapping's on-failure destination when it gives up on a batch: where the records
 * are, not the records. https://docs.aws.amazon.com/lambda/latest/dg/kinesis-on-failure-destination.html
 */
export interface StreamFailureRecord {
  requestContext: { requestId: string; functionArn: string; condition: string; approximateInvokeCount: number };
  responseContext: { statusCode: number; executedVersion: string; functionError?: string };
  version: '1.0';
  timestamp: string;
  KinesisBatchInfo?: StreamBatchInfo;
  DDBStreamBatchInfo?: StreamBatchInfo;
}

export interface FailedBatch {
  source: 'kinesis' | 'dynamodb';
  /** Service clock time the batch was given up on. */
  timestamp: number;
  /** The unqualified function ARN (AWS's example names no version). */
  functionArn: string;
  condition: string;
  /** Invocations of this batch (after a bisection, of this half). */
  approximateInvokeCount: number;
  /** The last invocation of the batch, if it ran at all. */
  last?: InvokeOutcome;
  /** Used when the batch never ran (expired before its first invocation). */
  requestId: string;
  shardId: string;
  streamArn: string;
  /** The batch's records in shard order; `arrival` as the batch info shows it. */
  records: readonly { sequenceNumber: string; arrival: string }[];
}

/**
 * The on-failure record of a stream batch. Kinesis puts the batch under `KinesisBatchInfo` with arrival times in
 * milliseconds, DynamoDB under `DDBStreamBatchInfo` with seconds (`2025-06-05T18:21:49Z`).
 *
 * A batch that expired (`RecordAgeExceeded`) before it was ever invoked has `approximateInvokeCount: 0` and a
 * response context of 200 without a function error: our reading, AWS documents no example of it.
 */
export function streamFailureRecord(batch: FailedBatch): StreamFailureRecord {
  const first = batch.records[0];
  const last = batch.records.at(-1);
  const info: StreamBatchInfo = {
    shardId: batch.shardId,
    startSequenceNumber: first?.sequenceNumber ?? '',
    endSequenceNumber: last?.sequenceNumber ?? '',
    approximateArrivalOfFirstRecord: first?.arrival ?? '',
    approximateArrivalOfLastRecord: last?.arrival ?? '',
    batchSize: batch.records.length,
    streamArn: batch.streamArn,
  };
  const outcome = batch.last;
  return {
    requestContext: {
      requestId: outcome?.requestId ?? batch.requestId,
      functionArn: batch.functionArn,
      condition: batch.condition,
      approximateInvokeCount: batch.approximateInvokeCount,
    },
    responseContext: {
      statusCode: outcome?.statusCode ?? 200,
      executedVersion: outcome?.executedVersion ?? LATEST,
      ...(outcome?.functionError ? { functionError: outcome.functionError } : {}),
    },
    version: '1.0',
    timestamp: new Date(batch.timestamp).toISOString(),
    ...(batch.source === 'kinesis' ? { KinesisBatchInfo: info } : { DDBStreamBatchInfo: info }),
  };
}
