export { startEngines, type Engines, type EnginesOptions } from './start-engines.ts';
export { startDynamoDbLocal, type DynamoDbLocalOptions, type RunningDynamoDbLocal } from './dynamodb-local.ts';
export { startKinesis, type KinesisOptions } from './kinesis.ts';
export { startSqsS3, type RunningSqsS3, type SqsS3Options } from './sqs-s3.ts';
export type { S3ObjectEvent, S3ObjectEventListener } from './s3-object-events.ts';
export { EngineNotReadyError, EngineStartError, JavaNotFoundError, MIN_JAVA_VERSION } from './errors.ts';
export { findJava, type JavaRuntime } from './java.ts';
export { KINESIS_LIMITS } from './kinesis-limits.ts';
export type { EngineLog, EngineLogEntry, EngineName, EngineWrite, RunningEngine } from './types.ts';
