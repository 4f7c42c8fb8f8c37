import { ActivityEvent, activityEventId, activityRequestId, type StreamActivityRecord } from '../../shared/activity/index.ts';
import { toProblems, type ValidationProblem } from '../../shared/events/index.ts';
import type { KinesisRecordInput, PutKinesisRecordsResult } from '../../shared/publishing/index.ts';

/** An event of the request that is not on the stream, by its position in `events`. */
export interface RejectedEvent {
  index: number;
  reason: string;
  /** For an invalid event: each problem, with its path from the request body (`events[3].sku`). */
  errors?: ValidationProblem[];
}

/** The body of the `202` answer. */
export interface IngestResult {
  accepted: number;
  rejected: RejectedEvent[];
}

/** The answer, and how many valid events the stream did not take (for logs and metrics). */
export interface IngestOutcome {
  result: IngestResult;
  notWritten: number;
}

export interface IngestDependencies {
  /** Writes records to the activity stream, retrying only failed records (`putKinesisRecords`). */
  putRecords: (records: readonly KinesisRecordInput[]) => Promise<PutKinesisRecordsResult>;
  /** The request's `Idempotency-Key`, when the client sent one: the event ids derive from it and the events. */
  idempotencyKey?: string | undefined;
}

/**
 * Validates each event on its own, writes the valid ones to the activity stream (partition key: the
 * user id, so each user's events stay in order on one shard) with an `eventId` each, and reports every
 * event that is not on the stream: invalid, or still failing after the writer's retries.
 *
 * The `eventId` of the event at index i is `<request id>:<i>` (shared/activity/activity-event-id.ts): with an
 * Idempotency-Key, a retry of the same request writes byte-identical records (same ids, same partition keys, so
 * the same shard in the same order), and the window aggregator counts each id once.
 */
export async function ingestActivity(events: readonly unknown[], dependencies: IngestDependencies): Promise<IngestOutcome> {
  const requestId = activityRequestId(dependencies.idempotencyKey, events);
  const rejected: RejectedEvent[] = [];
  const valid: { index: number; record: StreamActivityRecord }[] = [];

  events.forEach((event, index) => {
    const parsed = ActivityEvent.safeParse(event);
    if (parsed.success) {
      valid.push({ index, record: { ...parsed.data, eventId: activityEventId(requestId, index) } });
      return;
    }
    const errors = toProblems(parsed.error, `events[${index}]`);
    const local = toProblems(parsed.error).map((p) => `${p.path || '(event)'}: ${p.message}`);
    rejected.push({ index, reason: `Invalid event: ${local.join('; ')}`, errors });
  });

  let notWritten = 0;
  if (valid.length > 0) {
    const { failed } = await dependencies.putRecords(valid.map(({ record }) => ({ data: record, partitionKey: record.userId })));
    notWritten = failed.length;
    for (const failure of failed) {
      const event = valid[failure.index];
      if (!event) continue;
      rejected.push({ index: event.index, reason: `Not written to the activity stream: ${failure.errorCode}: ${failure.errorMessage}` });
    }
  }

  rejected.sort((a, b) => a.index - b.index);
  return { result: { accepted: events.length - rejected.length, rejected }, notWritten };
}
