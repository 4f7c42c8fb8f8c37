import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { S3Client } from '@aws-sdk/client-s3';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { ActivitySummarized, createEvent } from '../../shared/events/index.ts';
import { createEventPublisher } from '../../shared/publishing/index.ts';
import { createHandler, loadConfig, logger, parseScheduleInput, tracer } from '../../shared/runtime/index.ts';
import { previousUtcDay } from './previous-utc-day.ts';
import { summarizeDay } from './summarize-day.ts';

/*
 * summarize-activity: EventBridge Scheduler, `cron(5 0 * * ? *)` UTC, Input
 * `{"scheduledTime": "<aws.scheduler.scheduled-time>"}`. Rolls up the windows of the UTC day before the
 * scheduled time into one ActivitySummarized event. The idempotency key `summary#<day>` is the same
 * for every run over one day (a Scheduler retry, a manual re-run), so consumers keep one summary a day.
 * Windows written after the run (a consumer more than 5 minutes behind at midnight) are not in it.
 *
 * Environment: STATS_TABLE, EVENT_BUS_NAME, CLAIM_CHECK_BUCKET (a summary of many products may exceed
 * the event size limit: its data then travels through S3).
 */

const { statsTable } = loadConfig({ required: ['statsTable'] });
const documents = DynamoDBDocumentClient.from(tracer.captureAWSv3Client(new DynamoDBClient({})));
const publish = createEventPublisher({ client: tracer.captureAWSv3Client(new EventBridgeClient({})), s3Client: tracer.captureAWSv3Client(new S3Client({})) });

export async function summarizeActivity(input: unknown): Promise<{ day: string; products: number; eventId: string }> {
  const { scheduledTime } = parseScheduleInput(input);
  const period = previousUtcDay(scheduledTime);
  const products = await summarizeDay(period.day, { client: documents, tableName: statsTable });
  const event = createEvent(ActivitySummarized, { periodStart: period.start, periodEnd: period.end, products }, { idempotencyKey: `summary#${period.day}` });
  await publish([event]);
  logger.info('Activity summarized', { day: period.day, products: products.length, eventId: event.detail.metadata.eventId });
  return { day: period.day, products: products.length, eventId: event.detail.metadata.eventId };
}

export const handler = createHandler(summarizeActivity);
