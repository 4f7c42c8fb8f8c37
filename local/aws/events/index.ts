/**
 * AWS's event shapes, built once (`@eventful/local/aws-events`): the events Lambda hands a function from SQS,
 * Kinesis, DynamoDB streams, EventBridge (S3 object events and scheduled rules included), EventBridge Scheduler
 * and API Gateway HTTP APIs, and the Lambda context. The local runtime builds what it delivers with these; an
 * app's tests build their inputs with the same builders (defaults for everything, overrides for what a test
 * cares about), and `eventful invoke --sample` its generated events.
 *
 * @example
 * const event = sqsEvent([sqsRecord(eventBridgeEvent({ source: 'shop.orders', detailType: 'OrderPlaced', detail }))]);
 * await handler(event, lambdaContext({ functionName: 'reserve-inventory' }));
 */
export { DEFAULT_ACCOUNT, DEFAULT_REGION, arn, isoSeconds, type Placement } from './common.ts';
export {
  amznTraceId,
  clfTime,
  httpApiEvent,
  httpApiEventFormat1,
  httpApiEventV1,
  httpApiEventV2,
  httpApiRequestParts,
  newHttpApiRequestId,
  type HttpApiRequest,
  type HttpApiRequestParts,
} from './api-gateway.ts';
export {
  dynamoDBStreamEvent,
  dynamoDBStreamRecord,
  dynamoDBStreamRecordOf,
  type DynamoDBStreamRecordOptions,
  type DynamoDBStreamSource,
} from './dynamodb-stream.ts';
export {
  EVENTBRIDGE_EVENT_VERSION,
  eventBridgeEvent,
  s3ObjectCreatedDetail,
  s3ObjectCreatedEvent,
  s3ObjectDeletedDetail,
  s3ObjectDeletedEvent,
  scheduledRuleEvent,
  type EventBridgeEventOverrides,
  type EventParts,
  type S3ObjectCreatedDetail,
  type S3ObjectCreatedDetailOptions,
  type S3ObjectCreatedOptions,
  type S3ObjectDeletedDetail,
  type S3ObjectDeletedDetailOptions,
} from './eventbridge.ts';
export {
  kinesisEvent,
  kinesisRecord,
  kinesisRecordOf,
  kinesisTumblingWindowEvent,
  tumblingWindowFields,
  type KinesisRecordOptions,
  type KinesisSource,
  type KinesisTumblingWindowEvent,
  type KinesisWindowOptions,
  type TumblingWindowFields,
} from './kinesis.ts';
export { createLambdaContext, lambdaContext, type ContextInput, type LambdaContext, type LambdaContextOptions } from './lambda-context.ts';
export {
  newExecutionId,
  renderScheduleInput,
  SCHEDULER_EXECUTION_ID_LENGTH,
  scheduledInvocation,
  SchedulerContextAttributes,
  schedulerEvent,
  type ScheduleInvocationOptions,
  type SchedulerInvocationContext,
} from './scheduler.ts';
export { md5OfMessageAttributes, sqsEvent, sqsRecord, sqsRecordOfMessage, type MessageAttributeInput, type SqsRecordOptions, type SqsSource } from './sqs.ts';
