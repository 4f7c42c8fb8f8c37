import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { KinesisClient } from '@aws-sdk/client-kinesis';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { json, parseJsonBody, type HttpResponse } from '../../shared/http/index.ts';
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
 * Environment: ACTIVITY_STREAM_NAME (stream name or ARN).
 */

const config = loadIngestActivityConfig();
const kinesis = tracer.captureAWSv3Client(new KinesisClient({}));

export async function ingest(event: APIGatewayProxyEventV2): Promise<HttpResponse> {
  const parsed = parseJsonBody(event, IngestRequest);
  if (!parsed.success) return parsed.response;

  const { result, notWritten } = await ingestActivity(parsed.data.events, {
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
