import { BatchProcessor, EventType, processPartialResponse, SqsFifoPartialProcessorAsync } from '@aws-lambda-powertools/batch';
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { withCorrelationId } from './correlation-id.ts';
import { createDeadLetterChannel, type DeadLetterOptions } from './dead-letter-channel.ts';
import { createEventParser, type Accepted, type EventOf, type EventParser, type EventSourceKind, type ParseOptions } from './event-parser.ts';
import { logger } from './observability.ts';

/** What a per-event function receives besides the event. */
export interface ConsumerContext<TReceived> {
  /** The raw record (or event) the catalog event was parsed from: attributes, sequence numbers, … */
  received: TReceived;
  /** The Lambda context of the invocation. */
  lambdaContext: Context;
}

/** A function handling one parsed catalog event. Throwing marks its record as failed. */
export type EventFunction<E, TReceived, TResult = unknown> = (event: E, context: ConsumerContext<TReceived>) => Promise<TResult> | TResult;

export interface SqsBatchOptions extends ParseOptions {
  /**
   * Send a message that can never succeed (invalid, or failing with a poison error) to this
   * dead-letter queue at once, with the reason in its attributes, and count it as processed;
   * other failures are retried as usual. See {@link createDeadLetterChannel}.
   * @default none: every failure is retried until the queue's redrive policy moves the message
   */
  deadLetter?: DeadLetterOptions;
}

type Json = Record<string, unknown>;

/** Best-effort correlation id of a record that may fail to parse, so even its failure is correlated. */
function correlationIdOfDetail(detail: unknown): string | undefined {
  const metadata = typeof detail === 'object' && detail !== null ? (detail as Json).metadata : undefined;
  const id = typeof metadata === 'object' && metadata !== null ? (metadata as Json).correlationId : undefined;
  return typeof id === 'string' && id !== '' ? id : undefined;
}

/** What becomes of a failed record, for the failure's log line. */
const REPORTED = (): string => 'reporting it as a batch item failure';

/**
 * Parses one record and runs `fn` on it with the record's correlation id on every log line.
 * A failure (invalid record, unresolvable claim check, error in `fn`) is logged with its reason and
 * rethrown, for Powertools batch to report the record in `batchItemFailures`: it is retried and,
 * after the source's retries, ends in the DLQ or on-failure destination; or, through a dead-letter
 * channel, a poison record goes to the DLQ at once (`fate` says which, on the log line). Never swallowed.
 */
function recordHandler<E, TRecord>(
  kind: EventSourceKind,
  parser: EventParser<E>,
  fn: EventFunction<E, TRecord>,
  itemIdentifierOf: (record: TRecord) => string | undefined,
  fate: (error: unknown) => string = REPORTED,
) {
  return async (record: TRecord, lambdaContext: Context): Promise<unknown> => {
    const itemIdentifier = itemIdentifierOf(record);
    let envelope;
    try {
      envelope = parser.envelope(kind, record);
    } catch (error) {
      logger.error(`Record rejected: ${fate(error)}`, { itemIdentifier, error });
      throw error;
    }
    return withCorrelationId(correlationIdOfDetail(envelope.detail), async () => {
      try {
        const event = await parser.toEvent(envelope);
        logger.debug('Handling record', { itemIdentifier, detailType: envelope.detailType });
        return await fn(event, { received: record, lambdaContext });
      } catch (error) {
        logger.error(`Record failed: ${fate(error)}`, { itemIdentifier, detailType: envelope.detailType, error });
        throw error;
      }
    });
  };
}

function logOutcome(total: number, response: { batchItemFailures: unknown[] }): void {
  const failed = response.batchItemFailures.length;
  if (failed > 0) logger.warn('Batch processed with failures', { total, failed });
}

/*
 * Records are processed one at a time (processInParallel: false): FIFO groups are ordered, and each
 * record's correlation id must be the one on the log lines written while it is handled. Partial batch responses need ReportBatchItemFailures on the mapping:
 * https://docs.aws.amazon.com/lambda/latest/dg/services-sqs-errorhandling.html#services-sqs-batchfailurereporting
 */

/**
 * A Lambda handler for an SQS event source whose messages are EventBridge events (a bus rule
 * targeting the queue). Returns a partial batch response: only failed messages are retried.
 * FIFO queues (ARN ending in `.fifo`) stop at the first failure, so ordering holds.
 *
 * @example
 * export const handler = createHandler(
 *   sqsBatchHandler(OrderPlaced, async (event) => reserveStock(event.detail.data)),
 * );
 */
export function sqsBatchHandler<const A extends Accepted>(
  accepted: A,
  fn: EventFunction<EventOf<A>, SQSRecord>,
  options: SqsBatchOptions = {},
): (event: SQSEvent, context: Context) => Promise<SQSBatchResponse> {
  const deadLetter = options.deadLetter && createDeadLetterChannel(options.deadLetter);
  const fate = deadLetter ? (error: unknown) => (deadLetter.isPoison(error) ? 'sending it to the dead-letter queue' : REPORTED()) : REPORTED;
  const handle = recordHandler('sqs', createEventParser(accepted, options), fn, (record: SQSRecord) => record.messageId, fate);
  const standard = new BatchProcessor(EventType.SQS);
  const fifo = new SqsFifoPartialProcessorAsync();
  // When every record fails, the invocation fails (FullBatchFailureError): a function error shows in
  // the `Errors` metric and its alarm, where a batch reported as all failed would not.
  const throwOnFullBatchFailure = true;

  return async (event, context) => {
    const recordFn = deadLetter
      ? (record: SQSRecord) => deadLetter.guard(record, () => handle(record, context))
      : (record: SQSRecord) => handle(record, context);
    const response = event.Records[0]?.eventSourceARN.endsWith('.fifo')
      ? await processPartialResponse(event, recordFn, fifo, { context, throwOnFullBatchFailure })
      : await processPartialResponse(event, recordFn, standard, { context, throwOnFullBatchFailure, processInParallel: false });
    logOutcome(event.Records.length, response);
    return response;
  };
}
