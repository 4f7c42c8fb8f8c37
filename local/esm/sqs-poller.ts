import { ChangeMessageVisibilityBatchCommand, DeleteMessageBatchCommand, ReceiveMessageCommand, type Message, type SQSClient } from '@aws-sdk/client-sqs';
import type { SQSRecord } from 'aws-lambda';
import type { Chaos } from '../chaos/chaos.ts';
import type { Clock } from '../clock.ts';
import { SYNC_PAYLOAD_LIMIT_BYTES } from '../lambda/constants.ts';
import type { EventSourceMappingSpec } from '../topology/types.ts';
import { readBatchResponse } from './batch-response.ts';
import { BatchWindow, pause } from './batch-window.ts';
import { POLL_ERROR_BACKOFF_MS, SQS_BATCH_ENTRIES_MAX, SQS_RECEIVE_MAX_MESSAGES, SQS_WINDOW_POLL_MS } from './constants.ts';
import { describeError as describe } from './describe-error.ts';
import { sqsRecordOfMessage, type SqsSource } from '../aws/events/index.ts';
import type { RecordFilter } from './filter.ts';
import type { Invoke, InvokeOutcome, Report } from './types.ts';
import { SourceWatch } from './work-signals.ts';

export interface SqsPollerContext {
  spec: EventSourceMappingSpec;
  sqs: SQSClient;
  queueUrl: string;
  placement: SqsSource;
  invoke: Invoke;
  clock: Clock;
  filter: RecordFilter;
  report: Report;
  /** Long-poll wait while no batch is being gathered. */
  waitTimeSeconds: number;
  /** `VisibilityTimeout` of each receive, when the mapping extends the queue's (batching window); else the queue's. */
  receiveVisibilityTimeoutSeconds?: number;
  /** `--chaos`: `sqs.crash` leaves a processed batch undeleted, `sqs.duplicate` makes a processed message visible again. */
  chaos?: Chaos;
  /** Messages sent to the queue (seen by the runtime) end the pause between receives of a batching window early. */
  watch?: SourceWatch;
  /**
   * The runtime's `timeScale`: messages left undeleted (a failed or throttled batch, a crashed consumer) come back
   * after this many seconds instead of their whole visibility timeout. Unset: they wait it out, as on AWS.
   */
  retryVisibilitySeconds?: number;
}

/** Room kept in the 6 MB payload for `{"Records":[…]}`. */
const EVENT_OVERHEAD_BYTES = 1024;

/**
 * One of an SQS mapping's pollers: gathers a batch, invokes the function with it, deletes what succeeded; then the
 * next batch. A mapping runs as many pollers as it may have concurrent invocations.
 *
 * - Gathering: long-poll ReceiveMessage; once a message is in, keep receiving until `BatchSize` messages, the end
 *   of `MaximumBatchingWindowInSeconds` (clock time) or the 6 MB payload. Messages the filter criteria reject are
 *   deleted at once, as Lambda does.
 * - Success: DeleteMessageBatch. Function error: nothing is deleted; the messages reappear once their visibility
 *   timeout passes, with a higher receive count, and the queue's redrive policy moves them to its dead-letter
 *   queue (the engine does both).
 * - `ReportBatchItemFailures`: everything but the reported message ids is deleted; an invalid response fails the
 *   whole batch.
 * - FIFO queues: the engine never hands out a message of a group while another of the group is in flight, so
 *   batches never interleave a group and each group is processed in order.
 */
export class SqsPoller {
  readonly #ctx: SqsPollerContext;
  readonly #watch: SourceWatch;

  constructor(ctx: SqsPollerContext) {
    this.#ctx = ctx;
    this.#watch = ctx.watch ?? new SourceWatch();
  }

  async run(signal: AbortSignal): Promise<void> {
    for (;;) {
      const batch = await this.#gather(signal);
      if (batch.length > 0) await this.#invoke(batch, signal);
    }
  }

  async #gather(signal: AbortSignal): Promise<SQSRecord[]> {
    const { spec, clock, filter, report } = this.#ctx;
    const window = new BatchWindow(clock, spec.maximumBatchingWindowSeconds * 1000);
    const batch: SQSRecord[] = [];
    const overflow: SQSRecord[] = [];
    let bytes = EVENT_OVERHEAD_BYTES;
    while (batch.length < spec.batchSize && overflow.length === 0) {
      const seen = this.#watch.version;
      const messages = await this.#receive(
        Math.min(SQS_RECEIVE_MAX_MESSAGES, spec.batchSize - batch.length),
        window.isOpen ? 0 : this.#ctx.waitTimeSeconds,
        signal,
      );
      const records = messages.map((message) => sqsRecordOfMessage(message, this.#ctx.placement));
      const rejected = records.filter((record) => !filter(record));
      if (rejected.length > 0) {
        report({ type: 'filtered', count: rejected.length });
        await this.#delete(rejected);
      }
      for (const record of records.filter((record) => filter(record))) {
        const size = Buffer.byteLength(JSON.stringify(record)) + 1;
        if (batch.length > 0 && bytes + size > SYNC_PAYLOAD_LIMIT_BYTES) overflow.push(record);
        else {
          batch.push(record);
          bytes += size;
        }
      }
      if (batch.length === 0) continue;
      window.open();
      if (window.expired) break;
      // A send to the queue ends the pause early (a full batch is invoked at once); the window itself is not cut short.
      if (messages.length === 0) await this.#watch.sleep(clock, Math.min(SQS_WINDOW_POLL_MS, window.remainingMs), signal, seen);
    }
    // Over the payload limit: back to the queue at once for another batch (their receive count has grown by one).
    if (overflow.length > 0) await this.#release(overflow);
    return batch;
  }

  async #receive(max: number, waitTimeSeconds: number, signal: AbortSignal): Promise<Message[]> {
    try {
      const { Messages } = await this.#ctx.sqs.send(
        new ReceiveMessageCommand({
          QueueUrl: this.#ctx.queueUrl,
          MaxNumberOfMessages: max,
          WaitTimeSeconds: waitTimeSeconds,
          ...(this.#ctx.receiveVisibilityTimeoutSeconds === undefined ? {} : { VisibilityTimeout: this.#ctx.receiveVisibilityTimeoutSeconds }),
          MessageSystemAttributeNames: ['All'],
          MessageAttributeNames: ['All'],
        }),
        { abortSignal: signal },
      );
      return Messages ?? [];
    } catch (error) {
      signal.throwIfAborted();
      this.#ctx.report({ type: 'poll-error', error: describe(error) });
      await pause(this.#ctx.clock, POLL_ERROR_BACKOFF_MS, signal);
      return [];
    }
  }

  async #invoke(batch: SQSRecord[], signal: AbortSignal): Promise<void> {
    const { spec, report } = this.#ctx;
    let result: InvokeOutcome;
    try {
      result = await this.#ctx.invoke(spec.functionName, { Records: batch });
    } catch (error) {
      // Throttled or not found: the messages stay in flight and come back after their visibility timeout.
      signal.throwIfAborted();
      report({ type: 'invoke-failed', size: batch.length, error: describe(error) });
      await this.#comeBackSooner(batch);
      await pause(this.#ctx.clock, POLL_ERROR_BACKOFF_MS, signal);
      return;
    }
    const outcome = readBatchResponse(result, {
      reportBatchItemFailures: spec.reportBatchItemFailures,
      itemIds: new Set(batch.map((record) => record.messageId)),
      tumblingWindow: false,
    });
    const failed = new Set(outcome.kind === 'partial' ? outcome.failedIds : []);
    const succeeded = outcome.kind === 'success' ? batch : outcome.kind === 'partial' ? batch.filter((record) => !failed.has(record.messageId)) : [];
    report({
      type: 'invoked',
      requestId: result.requestId,
      size: batch.length,
      outcome: outcome.kind,
      failed: batch.length - succeeded.length,
      ...(succeeded.length < batch.length ? { failedIds: batch.filter((record) => !succeeded.includes(record)).map((record) => record.messageId) } : {}),
      ...(outcome.kind === 'invalid-response' ? { reason: outcome.reason } : outcome.kind === 'function-error' ? { reason: outcome.errorType } : {}),
    });
    if (succeeded.length < batch.length) await this.#comeBackSooner(batch.filter((record) => !succeeded.includes(record)));
    if (succeeded.length === 0) return;
    const chaos = this.#ctx.chaos;
    if (!chaos) return this.#delete(succeeded);
    // The consumer died between processing and deleting: the batch comes back after its visibility timeout.
    if (chaos.strike('sqs.crash', `${spec.functionName} batch of ${succeeded.length}`)) return this.#comeBackSooner(succeeded);
    // At-least-once: a processed message is handed out again (visible at once, its receive count grown).
    const duplicated = succeeded.filter((record) => chaos.strike('sqs.duplicate', `${spec.functionName} message ${record.messageId}`));
    await this.#delete(duplicated.length === 0 ? succeeded : succeeded.filter((record) => !duplicated.includes(record)));
    if (duplicated.length > 0) await this.#release(duplicated);
  }

  async #delete(records: SQSRecord[]): Promise<void> {
    let deleted = 0;
    for (const chunk of chunks(records, SQS_BATCH_ENTRIES_MAX)) {
      try {
        const { Successful, Failed } = await this.#ctx.sqs.send(
          new DeleteMessageBatchCommand({
            QueueUrl: this.#ctx.queueUrl,
            Entries: chunk.map((record, index) => ({ Id: String(index), ReceiptHandle: record.receiptHandle })),
          }),
        );
        deleted += Successful?.length ?? 0;
        for (const failure of Failed ?? []) this.#ctx.report({ type: 'poll-error', error: `DeleteMessageBatch: ${failure.Code}: ${failure.Message ?? ''}` });
      } catch (error) {
        this.#ctx.report({ type: 'poll-error', error: `DeleteMessageBatch: ${describe(error)}` });
      }
    }
    if (deleted > 0) this.#ctx.report({ type: 'deleted', count: deleted });
  }

  /** With `retryVisibilitySeconds` (the runtime's `timeScale`), undeleted messages come back after it. */
  async #comeBackSooner(records: SQSRecord[]): Promise<void> {
    const seconds = this.#ctx.retryVisibilitySeconds;
    if (seconds !== undefined && records.length > 0) await this.#release(records, seconds);
  }

  async #release(records: SQSRecord[], visibilityTimeout = 0): Promise<void> {
    for (const chunk of chunks(records, SQS_BATCH_ENTRIES_MAX)) {
      try {
        await this.#ctx.sqs.send(
          new ChangeMessageVisibilityBatchCommand({
            QueueUrl: this.#ctx.queueUrl,
            Entries: chunk.map((record, index) => ({ Id: String(index), ReceiptHandle: record.receiptHandle, VisibilityTimeout: visibilityTimeout })),
          }),
        );
      } catch (error) {
        this.#ctx.report({ type: 'poll-error', error: `ChangeMessageVisibilityBatch: ${describe(error)}` });
      }
    }
  }
}

function chunks<T>(items: readonly T[], size: number): T[][] {
  const result: T[][] = [];
  for (let i = 0; i < items.length; i += size) result.push(items.slice(i, i + size));
  return result;
}
