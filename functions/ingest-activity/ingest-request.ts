import * as z from '../../shared/validation/zod.ts';
import { PUT_RECORDS_MAX_RECORDS } from '../../shared/publishing/index.ts';

/**
 * Events per request (docs/openapi.yaml, `ActivityRequest`: 1 to 500). 500 is also what one Kinesis `PutRecords` call takes,
 * so a request is at most one call (before retries).
 */
export const MAX_EVENTS_PER_REQUEST = PUT_RECORDS_MAX_RECORDS;

/**
 * The body of `POST /activity`. Only the envelope is checked here: each event is validated on its own,
 * so one bad event is rejected alone instead of failing the request.
 */
export const IngestRequest = z.object({
  events: z
    .array(z.unknown())
    .check(z.minLength(1, 'expected at least 1 event'), z.maxLength(MAX_EVENTS_PER_REQUEST, `expected at most ${MAX_EVENTS_PER_REQUEST} events`)),
});
export type IngestRequest = z.infer<typeof IngestRequest>;
