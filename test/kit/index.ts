/**
 * The app's test kit: events in the exact shapes AWS delivers them to Lambda, with sensible defaults and
 * overrides, a Lambda context, an in-memory idempotency table and log capture. The event builders are the local
 * runtime's own (`@eventful/local/aws-events`), so a handler test's input is what the runtime delivers.
 *
 * @example
 * const placed = createEvent(OrderPlaced, data, { correlationId: 'corr-1' });
 * const response = await handler(sqsEvent([sqsRecord(eventBridgeEvent(placed))]), lambdaContext());
 */
export {
  arn,
  DEFAULT_ACCOUNT as TEST_ACCOUNT,
  DEFAULT_REGION as TEST_REGION,
  dynamoDBStreamEvent,
  dynamoDBStreamRecord,
  eventBridgeEvent,
  httpApiEvent,
  kinesisEvent,
  kinesisRecord,
  kinesisTumblingWindowEvent,
  lambdaContext,
  md5OfMessageAttributes,
  s3ObjectCreatedEvent,
  scheduledInvocation,
  SchedulerContextAttributes,
  schedulerEvent,
  sqsEvent,
  sqsRecord,
  type DynamoDBStreamRecordOptions,
  type EventBridgeEventOverrides,
  type EventParts,
  type HttpApiRequest,
  type KinesisRecordOptions,
  type KinesisTumblingWindowEvent,
  type KinesisWindowOptions,
  type LambdaContextOptions,
  type MessageAttributeInput,
  type Placement,
  type S3ObjectCreatedDetail,
  type S3ObjectCreatedOptions,
  type ScheduleInvocationOptions,
  type SqsRecordOptions,
} from '@eventful/local/aws-events';
export { fakeIdempotencyTable, type FakeIdempotencyTable } from './idempotency-table.ts';
export { captureLogs, type CapturedLogs, type LogLine } from './logs.ts';
