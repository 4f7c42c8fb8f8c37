import type { Clock } from '../clock.ts';
import { SYNC_PAYLOAD_LIMIT_BYTES } from '../lambda/constants.ts';
import type { Deliver } from '../lambda/types.ts';
import type { EventSourceMappingSpec } from '../topology/types.ts';
import { readBatchResponse } from './batch-response.ts';
import { BatchWindow, pause } from './batch-window.ts';
import { bisect, retryFromFirstFailure } from './bisect.ts';
import type { MappingCheckpoints } from './checkpoint-store.ts';
import { FAILURE_CONDITION, POLL_ERROR_BACKOFF_MS } from './constants.ts';
import { describeError as describe } from './describe-error.ts';
import { streamFailureRecord } from './failure-record.ts';
import type { RecordFilter } from './filter.ts';
import type { StartingPosition, StreamItem, StreamReader } from './stream-reader.ts';
import { isoSeconds, type OpenWindow, sameWindow, stateTooLarge, windowEventFields, windowOf } from './tumbling-window.ts';
import type { Invoke, InvokeOutcome, Report } from './types.ts';
import { SourceWatch } from './work-signals.ts';

export interface ShardPollerContext {
  spec: EventSourceMappingSpec;
  reader: StreamReader;
  invoke: Invoke;
  deliver: Deliver;
  clock: Clock;
  filter: RecordFilter;
  report: Report;
  /** The mapped function's unqualified ARN, for on-failure records. */
  functionArn: string;
  retryBackoff: { initialMs: number; maxMs: number };
  /** Written after each batch the shard is done with: a restart resumes after it. */
  checkpoints: MappingCheckpoints;
  /** Writes to the stream (seen by the runtime) end the sleep after an empty read. @default none: the interval only */
  watch?: SourceWatch;
}

type Step = { type: 'batch'; items: StreamItem[] } | { type: 'close-window' } | { type: 'end' };

/** Room kept in the 6 MB payload for `{"Records":[…]}` and the tumbling-window fields. */
const EVENT_OVERHEAD_BYTES = 64 * 1024;

/**
 * One shard of a Kinesis or DynamoDB stream mapping, processed in order: one batch at a time, and the shard does
 * not move past a batch until it succeeded or was given up on.
 *
 * - Batches: up to `BatchSize` records that pass the filter criteria (the others are skipped), gathered for at most
 *   `MaximumBatchingWindowInSeconds`, under the 6 MB payload, never across a tumbling window's boundary.
 * - A function error (or an invalid partial response) retries the same batch, with backoff on the clock, up to
 *   `MaximumRetryAttempts`; with `BisectBatchOnFunctionError` the batch is split in two first (splitting is free).
 * - `ReportBatchItemFailures`: checkpoint before the lowest reported sequence number, retry from it (a retry).
 * - Records older than `MaximumRecordAgeInSeconds` (or than the stream's retention when it is -1) are given up on.
 * - A batch given up on goes, as an on-failure record, to `DestinationConfig.OnFailure`, and the shard moves on.
 *
 * `ParallelizationFactor` is treated as 1: one batch per shard at a time.
 *
 * Checkpoints: once a batch is done (it succeeded or went to the on-failure destination), the last record's
 * sequence number and the open tumbling window's state are saved together, so a restart neither skips a batch
 * (one cut short by a stop or a kill is retried: at least once) nor counts one twice in a window.
 */
export class ShardPoller {
  readonly #ctx: ShardPollerContext;
  readonly #batchWindow: BatchWindow;
  readonly #watch: SourceWatch;
  #pending: StreamItem[] = [];
  #iterator: string | undefined;
  #lastSequence: string | undefined;
  #ended = false;
  /** Clock time of the last read that found nothing new: a window whose end it passed is complete. */
  #caughtUpAt = -Infinity;
  #open: OpenWindow | undefined;
  /** The sequence number of the last checkpoint. */
  #checkpointed: string | undefined;
  /** Clock time the last read began, when it found nothing; undefined after a read that found records. */
  #emptyReadStartedAt: number | undefined;

  constructor(
    readonly shardId: string,
    private readonly position: StartingPosition,
    ctx: ShardPollerContext,
    /** The window that was open at the checkpoint this shard resumes from. */
    resumedWindow?: OpenWindow,
  ) {
    this.#ctx = ctx;
    if (position.type === 'AFTER_SEQUENCE_NUMBER') this.#lastSequence = this.#checkpointed = position.sequenceNumber;
    this.#open = resumedWindow;
    this.#batchWindow = new BatchWindow(ctx.clock, ctx.spec.maximumBatchingWindowSeconds * 1000);
    this.#watch = ctx.watch ?? new SourceWatch();
  }

  /**
   * Since when the shard has had nothing to do: the clock time its last read began, when that read found nothing,
   * nothing waits in a batch and no tumbling window is open; `undefined` while it has work. A shard read to its end
   * has nothing to do ever after (`Infinity`). The runtime's quiet check compares it with the last write.
   */
  get idleSince(): number | undefined {
    if (this.#ended && this.#pending.length === 0 && !this.#open) return Number.POSITIVE_INFINITY;
    return this.#pending.length === 0 && !this.#open ? this.#emptyReadStartedAt : undefined;
  }

  /** Reads and processes the shard until it ends (a closed shard read to its end) or the signal aborts. */
  async run(signal: AbortSignal): Promise<void> {
    this.#iterator = await this.#untilDone(() => this.#ctx.reader.iterator(this.shardId, this.position), signal);
    if (!this.#iterator) this.#ended = true;
    this.#ctx.report({ type: 'shard-started', shardId: this.shardId, position: describePosition(this.position) });
    for (;;) {
      const step = await this.#next(signal);
      if (step.type === 'end') break;
      if (step.type === 'close-window') await this.#closeWindow(false, signal);
      else await this.#process(step.items, 0, signal);
      this.#checkpoint(step.type === 'batch' ? step.items.at(-1)?.sequenceNumber : undefined);
    }
    this.#ctx.checkpoints.save(this.shardId, { ended: true });
    this.#ctx.report({ type: 'shard-ended', shardId: this.shardId });
  }

  /**
   * Saves where the shard stands after a batch (or a window's final invocation): after every record read when
   * none waits in `#pending` (filtered-out records included), else after the batch's last record `done`, else
   * (a window closed) where the last checkpoint was.
   */
  #checkpoint(done: string | undefined): void {
    const sequenceNumber = this.#pending.length === 0 ? this.#lastSequence : (done ?? this.#checkpointed);
    if (sequenceNumber === undefined) return;
    this.#checkpointed = sequenceNumber;
    this.#ctx.checkpoints.save(this.shardId, { sequenceNumber, ...(this.#open ? { window: this.#open } : {}) });
  }

  get #tumblingSeconds(): number {
    return this.#ctx.spec.tumblingWindowInSeconds ?? 0;
  }

  async #next(signal: AbortSignal): Promise<Step> {
    const { clock, reader, spec } = this.#ctx;
    for (;;) {
      signal.throwIfAborted();
      if (this.#windowToClose()) return { type: 'close-window' };
      const take = this.#batchable();
      if (take > 0) {
        this.#batchWindow.open();
        const cut = take < this.#pending.length; // full, at a window boundary, or at the payload limit
        if (cut || take >= spec.batchSize || this.#batchWindow.expired || this.#ended) {
          this.#batchWindow.reset();
          return { type: 'batch', items: this.#pending.splice(0, take) };
        }
      } else if (this.#ended) {
        return { type: 'end' };
      }
      // Taken before the read: a write that lands while GetRecords is under way ends the sleep before it begins.
      const seen = this.#watch.version;
      const read = await this.#read(signal);
      if (read === 0 && !this.#ended) {
        // Woken early by a write, the loop reads again; an open batching window still runs its course (`expired`).
        await this.#watch.sleep(clock, Math.min(reader.pollIntervalMs, this.#batchWindow.remainingMs, this.#untilWindowEndMs()), signal, seen);
      }
    }
  }

  /** How many pending records make the next batch. */
  #batchable(): number {
    const first = this.#pending[0];
    if (!first) return 0;
    const window = this.#tumblingSeconds > 0 ? windowOf(first.arrivedAt, this.#tumblingSeconds) : undefined;
    let count = 0;
    let bytes = EVENT_OVERHEAD_BYTES;
    for (const item of this.#pending) {
      if (count >= this.#ctx.spec.batchSize) break;
      if (window && !sameWindow(windowOf(item.arrivedAt, this.#tumblingSeconds), window)) break;
      if (count > 0 && bytes + item.sizeBytes + 1 > SYNC_PAYLOAD_LIMIT_BYTES) break;
      bytes += item.sizeBytes + 1;
      count += 1;
    }
    return count;
  }

  /** The open window is over: its records are all processed and either a later record or the clock says so. */
  #windowToClose(): boolean {
    const open = this.#open;
    if (!open) return false;
    const next = this.#pending[0];
    if (next) return !sameWindow(windowOf(next.arrivedAt, this.#tumblingSeconds), open.window);
    return this.#ended || this.#caughtUpAt >= open.window.end;
  }

  #untilWindowEndMs(): number {
    if (!this.#open || this.#pending.length > 0) return Infinity;
    return Math.max(0, this.#open.window.end - this.#ctx.clock.now());
  }

  /** Reads the next records into `#pending`; the number read (filtered ones included), or undefined on error. */
  async #read(signal: AbortSignal): Promise<number | undefined> {
    const { reader, clock, filter, report, spec } = this.#ctx;
    if (!this.#iterator) {
      this.#ended = true;
      return 0;
    }
    let page: Awaited<ReturnType<StreamReader['read']>>;
    const readStartedAt = clock.now();
    try {
      page = await reader.read(this.shardId, this.#iterator, Math.max(1, spec.batchSize - this.#pending.length));
    } catch (error) {
      signal.throwIfAborted();
      if (reader.isExpiredIterator(error)) {
        const from: StartingPosition = this.#lastSequence ? { type: 'AFTER_SEQUENCE_NUMBER', sequenceNumber: this.#lastSequence } : this.position;
        this.#iterator = await this.#untilDone(() => reader.iterator(this.shardId, from), signal);
        return undefined;
      }
      if (this.#lastSequence === undefined && reader.isEmptyShardIteratorRefused?.(error)) {
        this.#iterator = await this.#untilDone(() => reader.iterator(this.shardId, { type: 'TRIM_HORIZON' }), signal);
        return undefined;
      }
      report({ type: 'poll-error', shardId: this.shardId, error: describe(error) });
      await pause(clock, POLL_ERROR_BACKOFF_MS, signal);
      return undefined;
    }
    this.#iterator = page.nextIterator;
    if (!page.nextIterator) this.#ended = true;
    if (page.items.length === 0) this.#caughtUpAt = clock.now();
    this.#emptyReadStartedAt = page.items.length === 0 ? readStartedAt : undefined;
    let filtered = 0;
    for (const item of page.items) {
      this.#lastSequence = item.sequenceNumber;
      if (filter(item.record)) this.#pending.push(item);
      else filtered += 1;
    }
    // Records that do not match are skipped: the iterator has moved past them.
    if (filtered > 0) {
      report({ type: 'filtered', count: filtered, shardId: this.shardId });
      if (this.#pending.length === 0) this.#checkpoint(undefined);
    }
    return page.items.length;
  }

  /** Invokes the function with one batch until it succeeds or is given up on. */
  async #process(items: StreamItem[], retriesUsed: number, signal: AbortSignal): Promise<void> {
    const { spec, report } = this.#ctx;
    const maxRetries = spec.maximumRetryAttempts ?? -1;
    let batch = items;
    let retries = retriesUsed;
    let invocations = 0;
    let last: InvokeOutcome | undefined;
    while (batch.length > 0) {
      batch = await this.#dropExpired(batch, invocations, last);
      if (batch.length === 0) return;
      const window = this.#windowFor(batch);
      const result = await this.#invoke(this.#event(batch, window, false, false), batch.length, signal);
      if (!result) continue;
      invocations += 1;
      last = result;
      const outcome = readBatchResponse(result, {
        reportBatchItemFailures: spec.reportBatchItemFailures,
        itemIds: new Set(batch.map((item) => item.sequenceNumber)),
        tumblingWindow: window !== undefined,
      });
      const remaining = outcome.kind === 'partial' ? retryFromFirstFailure(batch, outcome.failedIds, (item) => item.sequenceNumber) : [];
      report({
        type: 'invoked',
        requestId: result.requestId,
        size: batch.length,
        shardId: this.shardId,
        outcome: outcome.kind,
        failed: outcome.kind === 'success' ? 0 : outcome.kind === 'partial' ? remaining.length : batch.length,
        ...(window ? { window: { start: isoSeconds(window.window.start), end: isoSeconds(window.window.end), final: false } } : {}),
        ...(outcome.kind === 'invalid-response' ? { reason: outcome.reason } : outcome.kind === 'function-error' ? { reason: outcome.errorType } : {}),
      });
      if (window && (outcome.kind === 'success' || outcome.kind === 'partial')) await this.#keepState(window, outcome.state ?? {}, signal);
      if (outcome.kind === 'success') return;
      if (outcome.kind === 'partial') {
        batch = remaining;
      } else if (spec.bisectBatchOnFunctionError && batch.length > 1) {
        const [first, second] = bisect(batch);
        report({ type: 'bisected', shardId: this.shardId, sizes: [first.length, second.length] });
        await this.#process(first, retries, signal);
        await this.#process(second, retries, signal);
        return;
      }
      if (maxRetries >= 0 && retries >= maxRetries) {
        await this.#discard(batch, FAILURE_CONDITION.retriesExhausted, invocations, last);
        return;
      }
      retries += 1;
      const delayMs = this.#backoff(retries);
      report({ type: 'retry-scheduled', shardId: this.shardId, size: batch.length, retry: retries, delayMs });
      await pause(this.#ctx.clock, delayMs, signal);
    }
  }

  /** Invokes; a rejection (throttled, function missing) means the batch never reached the function: not an attempt. */
  async #invoke(event: unknown, size: number, signal: AbortSignal): Promise<InvokeOutcome | undefined> {
    try {
      return await this.#ctx.invoke(this.#ctx.spec.functionName, event);
    } catch (error) {
      signal.throwIfAborted();
      this.#ctx.report({ type: 'invoke-failed', size, shardId: this.shardId, error: describe(error) });
      await pause(this.#ctx.clock, POLL_ERROR_BACKOFF_MS, signal);
      return undefined;
    }
  }

  #backoff(retry: number): number {
    const { initialMs, maxMs } = this.#ctx.retryBackoff;
    return Math.min(initialMs * 2 ** (retry - 1), maxMs);
  }

  /** Gives up on the records of the batch older than the maximum record age (a prefix: the shard is in arrival order). */
  async #dropExpired(batch: StreamItem[], invocations: number, last: InvokeOutcome | undefined): Promise<StreamItem[]> {
    const { spec, reader, clock } = this.#ctx;
    const maxAgeSeconds = spec.maximumRecordAgeInSeconds ?? -1;
    const maxAgeMs = maxAgeSeconds >= 0 ? maxAgeSeconds * 1000 : reader.retentionMs;
    const now = clock.now();
    let expired = 0;
    while (expired < batch.length && now - batch[expired]!.arrivedAt > maxAgeMs) expired += 1;
    if (expired === 0) return batch;
    await this.#discard(batch.slice(0, expired), FAILURE_CONDITION.recordAgeExceeded, invocations, last);
    return batch.slice(expired);
  }

  async #discard(items: StreamItem[], condition: string, invocations: number, last: InvokeOutcome | undefined): Promise<void> {
    const { spec, clock, deliver, report, reader } = this.#ctx;
    const destination = spec.onFailureDestination;
    report({ type: 'discarded', shardId: this.shardId, condition, count: items.length, ...(destination ? { destination } : {}) });
    if (!destination) return;
    const record = streamFailureRecord({
      source: reader.source,
      timestamp: clock.now(),
      functionArn: this.#ctx.functionArn,
      condition,
      approximateInvokeCount: invocations,
      ...(last ? { last } : {}),
      requestId: crypto.randomUUID(),
      shardId: this.shardId,
      streamArn: spec.eventSourceArn,
      records: items,
    });
    try {
      await deliver(destination, record, {
        reason: 'on-failure',
        functionName: spec.functionName,
        requestId: record.requestContext.requestId,
        body: JSON.stringify(record),
      });
    } catch (error) {
      report({ type: 'delivery-failed', destination, error: describe(error) });
    }
  }

  get #placement() {
    return { shardId: this.shardId, eventSourceArn: this.#ctx.spec.eventSourceArn };
  }

  #windowFor(batch: StreamItem[]): OpenWindow | undefined {
    const seconds = this.#tumblingSeconds;
    if (seconds <= 0 || !batch[0]) return undefined;
    const window = windowOf(batch[0].arrivedAt, seconds);
    return this.#open && sameWindow(this.#open.window, window) ? this.#open : { window, state: {} };
  }

  #event(items: StreamItem[], window: OpenWindow | undefined, final: boolean, terminatedEarly: boolean): unknown {
    const Records = items.map((item) => item.record);
    return window ? { Records, ...windowEventFields(window, this.#placement, { final, terminatedEarly }) } : { Records };
  }

  async #keepState(window: OpenWindow, state: Record<string, unknown>, signal: AbortSignal): Promise<void> {
    this.#open = { window: window.window, state };
    if (stateTooLarge(state)) {
      await this.#closeWindow(true, signal);
      this.#open = { window: window.window, state: {} };
    }
  }

  /**
   * The final invocation of the open window: no records, the window's state, `isFinalInvokeForWindow: true`. Until
   * it succeeds the shard waits ("your Lambda function suspends further processing until a successful
   * invocation"), within the mapping's retry attempts.
   */
  async #closeWindow(terminatedEarly: boolean, signal: AbortSignal): Promise<void> {
    const open = this.#open;
    if (!open) return;
    const { spec, report } = this.#ctx;
    const maxRetries = spec.maximumRetryAttempts ?? -1;
    const bounds = { start: isoSeconds(open.window.start), end: isoSeconds(open.window.end) };
    for (let retries = 0; ; ) {
      const result = await this.#invoke(this.#event([], open, true, terminatedEarly), 0, signal);
      if (!result) continue;
      report({
        type: 'invoked',
        requestId: result.requestId,
        size: 0,
        shardId: this.shardId,
        outcome: result.functionError ? 'function-error' : 'success',
        failed: 0,
        window: { ...bounds, final: true },
      });
      if (!result.functionError) break;
      if (maxRetries >= 0 && retries >= maxRetries) {
        report({ type: 'discarded', shardId: this.shardId, condition: FAILURE_CONDITION.retriesExhausted, count: 0 });
        break;
      }
      retries += 1;
      await pause(this.#ctx.clock, this.#backoff(retries), signal);
    }
    this.#open = undefined;
  }

  /** Retries an engine call until it answers (engine busy or restarting), or the signal aborts. */
  async #untilDone<T>(call: () => Promise<T>, signal: AbortSignal): Promise<T> {
    for (;;) {
      try {
        return await call();
      } catch (error) {
        signal.throwIfAborted();
        this.#ctx.report({ type: 'poll-error', shardId: this.shardId, error: describe(error) });
        await pause(this.#ctx.clock, POLL_ERROR_BACKOFF_MS, signal);
      }
    }
  }
}

function describePosition(position: StartingPosition): string {
  switch (position.type) {
    case 'AT_TIMESTAMP':
      return `AT_TIMESTAMP ${new Date(position.timestamp).toISOString()}`;
    case 'AFTER_SEQUENCE_NUMBER':
      return `AFTER_SEQUENCE_NUMBER ${position.sequenceNumber}`;
    default:
      return position.type;
  }
}
