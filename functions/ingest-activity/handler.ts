import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { KinesisClient } from '@aws-sdk/client-kinesis';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { badRequest, checkIdempotencyKey, header, IDEMPOTENCY_KEY_HEADER, json, parseJsonBody, type HttpResponse } from '../../shared/http/index.ts';
import { putKinesisRecords } from '../../shared/publishing/index.ts';
import { createHandler, logger, metrics, tracer } from '../../shared/runtime/index.ts';
import { loadIngestActivityConfig } from './config.ts';
import { ingestActivity } from './ingest-activity.ts';
import { IngestRequest } from './ingest-request.ts';

/*
 * ingest-activity: HTTP API `POST /activity` with `{"events": [...]}` (1 to 500).
 * 202 {"accepted": n, "rejected": [{"index", "reason", "errors"?}]}: each event is validated on its
 * own; valid ones go to the activity stream, partitioned by user. A request that is not JSON, has no
 * `events` list, or has 0 or more than 500 events is a 400 and nothing is written.
 *
 * `Idempotency-Key` (optional; 1 to 255 printable ASCII characters, else a 400 naming the header): the
 * event ids derive from the key, the events and each event's index, so a client that retries after a
 * 5xx or a lost answer (with the same key and body) writes the same records again, and the window
 * aggregator counts each event once. The same key with a different body is a different request: its
 * events are new ones (202), as nothing of a request is stored here to compare it with.
 *
 * Environment: ACTIVITY_STREAM_NAME (stream name or ARN).
 */

const config = loadIngestActivityConfig();
const kinesis = tracer.captureAWSv3Client(new KinesisClient({}));

export async function ingest(event: APIGatewayProxyEventV2): Promise<HttpResponse> {
  const key = checkIdempotencyKey(header(event, IDEMPOTENCY_KEY_HEADER));
  if (!key.valid) return badRequest(`The ${IDEMPOTENCY_KEY_HEADER} header is invalid`, [key.problem]);
  const parsed = parseJsonBody(event, IngestRequest);
  if (!parsed.success) return parsed.response;

  const { result, notWritten } = await ingestActivity(parsed.data.events, {
    idempotencyKey: key.key,
    putRecords: (records) => putKinesisRecords(records, { client: kinesis, ...config.stream }),
  });

  metrics.addMetric('ActivityAccepted', MetricUnit.Count, result.accepted);
  metrics.addMetric('ActivityRejected', MetricUnit.Count, result.rejected.length);
  if (notWritten > 0) {
    // Each is in `rejected` with its reason, for the client to resend; an operator sees it here.
    logger.error('Activity events not written to the stream after retries', { notWritten, first: result.rejected.find((r) => !r.errors)?.reason });
  }
  return json(202, result);
}

export const handler = createHandler(ingest);
