/**
 * Lambda event source mappings for the local runtime: the pollers Lambda runs for SQS queues (fauxqs), Kinesis
 * streams (kinesalite) and DynamoDB streams (DynamoDB Local), invoking functions synchronously with batches shaped
 * exactly as AWS sends them.
 *
 * - SQS: batch size, batching window, filter criteria (non-matching messages deleted), delete on success, partial
 *   batch responses, visibility timeout / receive count / redrive left to the engine, `MaximumConcurrency`, FIFO.
 * - Streams: per-shard order, starting positions, batch size and window, filter criteria (non-matching records
 *   skipped), retries that hold the shard, `BisectBatchOnFunctionError`, `ReportBatchItemFailures` checkpoints,
 *   `MaximumRetryAttempts`, `MaximumRecordAgeInSeconds`, on-failure destination records, tumbling windows.
 *
 * @example
 * import { EventSourceMappings } from './local/esm/index.ts';
 *
 * const mappings = new EventSourceMappings(topology, {
 *   endpoints: { sqs: engines.sqs.endpoint, kinesis: engines.kinesis.endpoint, dynamodb: engines.dynamodb.endpoint },
 *   invoke: (functionName, event) => lambda.invoke(functionName, event),
 *   deliver: (destinationArn, record, details) => router.deliver(destinationArn, record, details),
 *   clock,
 *   onActivity: (activity) => liveLog.esm(activity),
 * });
 * await mappings.start();
 * await mappings.stop();
 */
export { EventSourceMappings } from './event-source-mappings.ts';
export { FileCheckpointStore, memoryCheckpoints, type CheckpointStore, type MappingCheckpoints, type ShardCheckpoint } from './checkpoint-store.ts';
export { EventSourceMappingError, EventSourceNotFoundError, InvalidFilterCriteriaError, InvalidMappingPropertyError, RefusedMappingError } from './errors.ts';
export { streamFailureRecord, type StreamBatchInfo, type StreamFailureRecord } from './failure-record.ts';
export { readBatchResponse, type BatchOutcome } from './batch-response.ts';
export { compileFilter, type RecordFilter } from './filter.ts';
export { SourceWatch, WorkSignals, type WorkService } from './work-signals.ts';
export type { EsmActivity, EventSourceMappingsOptions, EventSourceTopology, Invoke, InvokeOutcome, PollingOptions } from './types.ts';
