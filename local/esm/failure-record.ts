import { LATEST } from '../lambda/constants.ts';
import { FAILURE_CONDITION } from './constants.ts';
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
  /** Absent from a `RecordAgeExceeded` record. */
  responseContext?: { statusCode: number; executedVersion: string; functionError: string | null };
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
  /** Invocations of this batch (after a bisection, of this half) that reached the function. */
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
 * As AWS writes it (https://docs.aws.amazon.com/lambda/latest/dg/kinesis-on-failure-destination.html, checked
 * against records a deployed mapping sends):
 * - `RecordAgeExceeded`: no `responseContext` at all, and the read that found the records too old counts as an
 *   attempt, so `approximateInvokeCount` is the invocations plus one (1 for a batch never invoked).
 * - `RetryAttemptsExhausted`: the last invocation's response; `functionError` is `null`, not absent, when the
 *   batch failed through `batchItemFailures` or an invalid response rather than a function error.
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
  const expired = batch.condition === FAILURE_CONDITION.recordAgeExceeded;
  return {
    requestContext: {
      requestId: outcome?.requestId ?? batch.requestId,
      functionArn: batch.functionArn,
      condition: batch.condition,
      approximateInvokeCount: expired ? batch.approximateInvokeCount + 1 : batch.approximateInvokeCount,
    },
    ...(expired
      ? {}
      : {
          responseContext: {
            statusCode: outcome?.statusCode ?? 200,
            executedVersion: outcome?.executedVersion ?? LATEST,
            functionError: outcome?.functionError ?? null,
          },
        }),
    version: '1.0',
    timestamp: new Date(batch.timestamp).toISOString(),
    ...(batch.source === 'kinesis' ? { KinesisBatchInfo: info } : { DDBStreamBatchInfo: info }),
  };
}
