/**
 * The local topology: what the template loader reads out of `cdk.out`, with every intrinsic
 * resolved to local names, ARNs and URLs. Emulated services are built from this and nothing
 * else, so what runs locally is what `cdk deploy` ships.
 *
 * Property names follow CloudFormation's where one exists, in camelCase; durations are in the
 * unit CloudFormation uses, named in the property.
 */
export interface LocalTopology {
  accountId: string;
  region: string;
  functions: FunctionSpec[];
  queues: QueueSpec[];
  tables: TableSpec[];
  streams: StreamSpec[];
  buckets: BucketSpec[];
  eventBuses: EventBusSpec[];
  rules: RuleSpec[];
  archives: ArchiveSpec[];
  eventSourceMappings: EventSourceMappingSpec[];
  schedules: ScheduleSpec[];
  httpApis: HttpApiSpec[];
  secrets: SecretSpec[];
  /** Resources or properties the runtime does not emulate; reported at start, never ignored silently. */
  unsupported: Unsupported[];
}

export interface Unsupported {
  stackName: string;
  logicalId: string;
  /** The construct path (`aws:cdk:path`) when known. */
  path?: string;
  type: string;
  /** e.g. `property VpcConfig is not emulated: functions run without network isolation`. */
  reason: string;
  /** `warning` runs anyway with the stated difference; `error` refuses to start. */
  severity: 'warning' | 'error';
}

/** What the loader resolved a resource to: its identity in this local account. */
export interface ResourceIdentity {
  stackName: string;
  logicalId: string;
  /** The construct path (`aws:cdk:path` metadata) when present, for logs people can read. */
  path?: string;
  name: string;
  arn: string;
}

export interface DestinationConfig {
  onFailure?: string;
  onSuccess?: string;
}

export interface FunctionSpec extends ResourceIdentity {
  /** `index.handler`: file (without extension) and export name inside `codeDir`. */
  handler: string;
  /** Absolute path of the function's asset directory in `cdk.out`. */
  codeDir: string;
  runtime: string;
  architecture: 'arm64' | 'x86_64';
  timeoutSeconds: number;
  memoryMb: number;
  environment: Record<string, string>;
  /** `AWS::Lambda::EventInvokeConfig` (asynchronous invocations). AWS defaults: 2 retries, 6 hours. */
  asyncConfig: { maximumRetryAttempts: number; maximumEventAgeSeconds: number; destinations: DestinationConfig };
  /** Legacy `DeadLetterConfig.TargetArn` for failed asynchronous invocations. */
  deadLetterArn?: string;
  reservedConcurrency?: number;
  logGroupName: string;
  /** What GetFunctionConfiguration describes and the runtime does not act on (`Role` resolved, `Description`, …). */
  configuration?: {
    role?: string;
    description?: string;
    /** `TracingConfig.Mode`. @default PassThrough */
    tracingMode?: string;
    /** `LoggingConfig`: `LogFormat`, `ApplicationLogLevel`, `SystemLogLevel`. */
    logging?: { logFormat?: string; applicationLogLevel?: string; systemLogLevel?: string };
    /** `EphemeralStorage.Size` in MB. @default 512 */
    ephemeralStorageMb?: number;
  };
}

export interface QueueSpec extends ResourceIdentity {
  url: string;
  fifo: boolean;
  contentBasedDeduplication: boolean;
  visibilityTimeoutSeconds: number;
  messageRetentionSeconds: number;
  delaySeconds: number;
  receiveMessageWaitTimeSeconds: number;
  maximumMessageSizeBytes: number;
  redrivePolicy?: { deadLetterTargetArn: string; maxReceiveCount: number };
}

export interface KeyElement {
  attributeName: string;
  keyType: 'HASH' | 'RANGE';
}

/** Index `projection`s keep CreateTable's shape: `{ ProjectionType, NonKeyAttributes? }`. */
export interface TableSpec extends ResourceIdentity {
  keySchema: KeyElement[];
  attributeDefinitions: { attributeName: string; attributeType: 'S' | 'N' | 'B' }[];
  globalSecondaryIndexes: { indexName: string; keySchema: KeyElement[]; projection: Record<string, unknown> }[];
  localSecondaryIndexes: { indexName: string; keySchema: KeyElement[]; projection: Record<string, unknown> }[];
  billingMode: 'PAY_PER_REQUEST' | 'PROVISIONED';
  stream?: { viewType: 'KEYS_ONLY' | 'NEW_IMAGE' | 'OLD_IMAGE' | 'NEW_AND_OLD_IMAGES'; arn: string };
  timeToLiveAttribute?: string;
}

export interface StreamSpec extends ResourceIdentity {
  mode: 'PROVISIONED' | 'ON_DEMAND';
  shardCount: number;
  retentionPeriodHours: number;
}

export interface BucketSpec extends ResourceIdentity {
  /** `NotificationConfiguration.EventBridgeConfiguration`: object events go to the default bus. */
  eventBridgeEnabled: boolean;
}

export interface EventBusSpec extends ResourceIdentity {}

export interface RuleSpec extends ResourceIdentity {
  eventBusName: string;
  /** Parsed `EventPattern` (absent for scheduled rules). */
  eventPattern?: Record<string, unknown>;
  scheduleExpression?: string;
  state: 'ENABLED' | 'DISABLED';
  description?: string;
  targets: TargetSpec[];
}

export type TargetKind = 'lambda' | 'sqs' | 'kinesis' | 'event-bus' | 'unsupported';

export interface TargetSpec {
  id: string;
  arn: string;
  kind: TargetKind;
  /** Exactly one of these shapes the delivered payload (AWS allows at most one). */
  input?: string;
  inputPath?: string;
  inputTransformer?: { inputPathsMap?: Record<string, string>; inputTemplate: string };
  kinesisPartitionKeyPath?: string;
  sqsMessageGroupId?: string;
  /** AWS defaults: 185 retries over 24 hours. */
  retryPolicy: { maximumRetryAttempts: number; maximumEventAgeInSeconds: number };
  deadLetterArn?: string;
}

export interface ArchiveSpec extends ResourceIdentity {
  sourceArn: string;
  eventPattern?: Record<string, unknown>;
  /** 0 = indefinitely, as on AWS. */
  retentionDays: number;
}

export type EventSourceKind = 'sqs' | 'kinesis' | 'dynamodb';

export interface EventSourceMappingSpec {
  stackName: string;
  logicalId: string;
  path?: string;
  uuid: string;
  kind: EventSourceKind;
  functionName: string;
  eventSourceArn: string;
  enabled: boolean;
  batchSize: number;
  maximumBatchingWindowSeconds: number;
  /** Filter criteria patterns, parsed (EventBridge pattern syntax over the record). */
  filterPatterns: Record<string, unknown>[];
  reportBatchItemFailures: boolean;
  /** SQS only. */
  maximumConcurrency?: number;
  /** Streams only. */
  startingPosition?: 'TRIM_HORIZON' | 'LATEST' | 'AT_TIMESTAMP';
  startingPositionTimestamp?: number;
  bisectBatchOnFunctionError?: boolean;
  /** -1 = infinite, as on AWS. */
  maximumRetryAttempts?: number;
  /** -1 = infinite, as on AWS. */
  maximumRecordAgeInSeconds?: number;
  parallelizationFactor?: number;
  tumblingWindowInSeconds?: number;
  onFailureDestination?: string;
}

export interface ScheduleSpec {
  stackName: string;
  logicalId: string;
  path?: string;
  name: string;
  groupName: string;
  arn: string;
  /** `rate(5 minutes)`, `cron(0 3 * * ? *)` or `at(2026-12-01T00:00:00)`. */
  expression: string;
  timezone: string;
  state: 'ENABLED' | 'DISABLED';
  startDate?: string;
  endDate?: string;
  flexibleTimeWindow: { mode: 'OFF' | 'FLEXIBLE'; maximumWindowInMinutes?: number };
  target: {
    arn: string;
    kind: TargetKind;
    input?: string;
    /** SQS FIFO targets: `SqsParameters.MessageGroupId`. */
    sqsMessageGroupId?: string;
    /** Kinesis targets: `KinesisParameters.PartitionKey` (a fixed key, unlike rule targets' path). */
    kinesisPartitionKey?: string;
    /** EventBridge `PutEvents` targets: the event's `detail-type` and `source`; `input` is its detail. */
    eventBridgeParameters?: { detailType: string; source: string };
    /** AWS defaults: 185 retries over 24 hours. */
    retryPolicy: { maximumRetryAttempts: number; maximumEventAgeInSeconds: number };
    deadLetterArn?: string;
  };
}

/**
 * `AWS::SecretsManager::Secret`. `arn` is what `Ref` gives (with Secrets Manager's six-character suffix); the
 * local value rules (environment variable tag, `SecretString`, default tag) live in `local/secrets`.
 */
export interface SecretSpec extends ResourceIdentity {
  description?: string;
  /** `Tags`, key → value. */
  tags: Record<string, string>;
  /** `SecretString`, when the template sets the value itself. */
  secretString?: string;
  /** `GenerateSecretString`: on AWS the value is generated at deployment. */
  generated: boolean;
}

export interface HttpApiSpec extends ResourceIdentity {
  apiId: string;
  routes: {
    /** `POST /orders`, `GET /orders/{orderId}`, `$default`. */
    routeKey: string;
    functionArn: string;
    payloadFormatVersion: '1.0' | '2.0';
    timeoutMillis: number;
  }[];
  /** `CorsConfiguration` with camelCase keys (`allowOrigins`, `allowMethods`, `allowHeaders`, `exposeHeaders`, `maxAge`, `allowCredentials`). */
  cors?: Record<string, unknown>;
  /** Stage names (`$default` serves at the root; any other stage serves under `/<stage>`). */
  stages?: string[];
}
