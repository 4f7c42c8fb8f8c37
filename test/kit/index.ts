/**
 * Builders of events in the exact shapes AWS delivers them to Lambda, with sensible defaults and
 * overrides, plus a Lambda context and an in-memory idempotency table. Handler tests build their
 * inputs here instead of copying JSON blobs around.
 *
 * @example
 * const placed = createEvent(OrderPlaced, data, { correlationId: 'corr-1' });
 * const response = await handler(sqsEvent([sqsRecord(eventBridgeEvent(placed))]), lambdaContext());
 */
export { httpApiEvent, type HttpApiRequest } from './api-gateway.ts';
export { arn, TEST_ACCOUNT, TEST_REGION, type Placement } from './aws.ts';
export { dynamoDBStreamEvent, dynamoDBStreamRecord, type DynamoDBStreamRecordOptions } from './dynamodb-stream.ts';
export {
  eventBridgeEvent,
  s3ObjectCreatedEvent,
  type EventBridgeEventOverrides,
  type EventParts,
  type S3ObjectCreatedDetail,
  type S3ObjectCreatedOptions,
} from './eventbridge.ts';
export { fakeIdempotencyTable, type FakeIdempotencyTable } from './idempotency-table.ts';
export {
  kinesisEvent,
  kinesisRecord,
  kinesisTumblingWindowEvent,
  type KinesisRecordOptions,
  type KinesisTumblingWindowEvent,
  type KinesisWindowOptions,
} from './kinesis.ts';
export { lambdaContext, type LambdaContextOptions } from './lambda-context.ts';
export { captureLogs, type CapturedLogs, type LogLine } from './logs.ts';
export { scheduledInvocation, SchedulerContextAttributes, schedulerEvent, type ScheduleInvocationOptions } from './scheduler.ts';
export { md5OfMessageAttributes, sqsEvent, sqsRecord, type MessageAttributeInput, type SqsRecordOptions } from './sqs.ts';
