/**
 * What the local runtime does with each CloudFormation resource type and property: the single source for the
 * start-up report and for the README's list of what is and is not emulated.
 *
 * - supported: read into the topology and emulated. Each lists the properties it reads, those it ignores
 *   because they have no local effect (with why), and those it cannot honour (with why and how serious).
 * - inert: no local effect, with why.
 * - anything else, and any property not listed for a supported type: reported as unsupported.
 */
export type Severity = 'warning' | 'error';

export interface UnsupportedReason {
  reason: string;
  severity: Severity;
}

export interface SupportedResource {
  /** What the runtime emulates for this type, for the README. */
  summary: string;
  used: readonly string[];
  inert: Readonly<Record<string, string>>;
  unsupported: Readonly<Record<string, UnsupportedReason>>;
}

export type ResourceClassification =
  | { kind: 'supported'; support: SupportedResource }
  | { kind: 'inert'; reason: string }
  | ({ kind: 'unsupported' } & UnsupportedReason);

const warning = (reason: string): UnsupportedReason => ({ reason, severity: 'warning' });
const error = (reason: string): UnsupportedReason => ({ reason, severity: 'error' });

const NO_IAM = 'IAM is not enforced locally: every call is allowed';
const NO_RESOURCE_POLICIES = 'resource policies are not enforced locally: every call is allowed';
const NO_ENCRYPTION = 'encryption at rest is not emulated: local data is stored unencrypted';
const TAGS = 'tags have no local effect';
const DESCRIPTION = 'descriptive only';
const NO_CAPACITY = 'capacity and throughput limits are not emulated: nothing is throttled locally';
const NO_OBSERVABILITY = 'CloudWatch metrics, alarms and logs configuration are not emulated: function logs go to the local console';

export const SUPPORTED_RESOURCES: Readonly<Record<string, SupportedResource>> = {
  'AWS::Lambda::Function': {
    summary: 'Node.js functions run from their bundled code in cdk.out with the template environment, timeout and memory',
    used: [
      'Code',
      'Handler',
      'Runtime',
      'Timeout',
      'MemorySize',
      'Architectures',
      'Environment',
      'FunctionName',
      'DeadLetterConfig',
      'ReservedConcurrentExecutions',
      'LoggingConfig',
      'PackageType',
    ],
    inert: {
      Role: NO_IAM,
      Description: DESCRIPTION,
      Tags: TAGS,
      KmsKeyArn: NO_ENCRYPTION,
      TracingConfig: 'X-Ray tracing is not emulated',
      EphemeralStorage: '/tmp is the local machine disk',
      RuntimeManagementConfig: 'the local Node.js runs every function',
      CodeSigningConfigArn: 'code signing is not checked locally',
      SnapStart: 'every fresh instance has an ordinary cold start locally',
      RecursiveLoop: 'recursive loop detection is not emulated',
      PublishToLatestPublished: 'versions are not published locally: the current code always runs',
    },
    unsupported: {
      VpcConfig: warning('functions run without network isolation'),
      Layers: warning('layer contents are not loaded: code that imports from a layer (/opt) fails at init'),
      FileSystemConfigs: error('EFS file systems are not mounted locally'),
      ImageConfig: error('container image functions do not run locally'),
      CapacityProviderConfig: warning('functions run as ordinary on-demand instances locally'),
      DurableConfig: error('durable functions (checkpointed executions) are not emulated'),
      FunctionScalingConfig: warning('scaling configuration is not emulated'),
      TenancyConfig: warning('tenant isolation is not emulated'),
    },
  },
  'AWS::Lambda::EventInvokeConfig': {
    summary: 'retries, maximum event age and destinations of asynchronous invocations',
    used: ['FunctionName', 'Qualifier', 'MaximumRetryAttempts', 'MaximumEventAgeInSeconds', 'DestinationConfig'],
    inert: {},
    unsupported: {},
  },
  'AWS::Lambda::EventSourceMapping': {
    summary: 'SQS, Kinesis and DynamoDB Streams polling with batching, filters, partial batch responses and error handling',
    used: [
      'BatchSize',
      'BisectBatchOnFunctionError',
      'DestinationConfig',
      'Enabled',
      'EventSourceArn',
      'FilterCriteria',
      'FunctionName',
      'FunctionResponseTypes',
      'MaximumBatchingWindowInSeconds',
      'MaximumRecordAgeInSeconds',
      'MaximumRetryAttempts',
      'ParallelizationFactor',
      'ScalingConfig',
      'StartingPosition',
      'StartingPositionTimestamp',
      'TumblingWindowInSeconds',
    ],
    inert: {
      KmsKeyArn: NO_ENCRYPTION,
      MetricsConfig: NO_OBSERVABILITY,
      LoggingConfig: NO_OBSERVABILITY,
      Tags: TAGS,
      ProvisionedPollerConfig: NO_CAPACITY,
    },
    unsupported: {
      AmazonManagedKafkaEventSourceConfig: warning('Kafka event sources are not emulated'),
      SelfManagedEventSource: warning('Kafka event sources are not emulated'),
      SelfManagedKafkaEventSourceConfig: warning('Kafka event sources are not emulated'),
      DocumentDBEventSourceConfig: warning('DocumentDB change streams are not emulated'),
      Queues: warning('Amazon MQ event sources are not emulated'),
      Topics: warning('Kafka event sources are not emulated'),
      SourceAccessConfigurations: warning('Kafka and Amazon MQ event sources are not emulated'),
    },
  },
  'AWS::SQS::Queue': {
    summary: 'standard and FIFO queues with visibility timeout, delays, retention and redrive to a dead-letter queue',
    used: [
      'QueueName',
      'FifoQueue',
      'ContentBasedDeduplication',
      'DelaySeconds',
      'MaximumMessageSize',
      'MessageRetentionPeriod',
      'ReceiveMessageWaitTimeSeconds',
      'RedrivePolicy',
      'VisibilityTimeout',
      'DeduplicationScope',
      'FifoThroughputLimit',
    ],
    inert: {
      KmsMasterKeyId: NO_ENCRYPTION,
      KmsDataKeyReusePeriodSeconds: NO_ENCRYPTION,
      SqsManagedSseEnabled: NO_ENCRYPTION,
      RedriveAllowPolicy: NO_RESOURCE_POLICIES,
      Tags: TAGS,
    },
    unsupported: {},
  },
  'AWS::DynamoDB::Table': {
    summary: 'tables in DynamoDB Local with their keys, secondary indexes, TTL attribute and stream',
    used: [
      'TableName',
      'KeySchema',
      'AttributeDefinitions',
      'GlobalSecondaryIndexes',
      'LocalSecondaryIndexes',
      'BillingMode',
      'StreamSpecification',
      'TimeToLiveSpecification',
    ],
    inert: {
      ProvisionedThroughput: NO_CAPACITY,
      OnDemandThroughput: NO_CAPACITY,
      WarmThroughput: NO_CAPACITY,
      SSESpecification: NO_ENCRYPTION,
      PointInTimeRecoverySpecification: 'backups are not emulated',
      DeletionProtectionEnabled: 'local tables are deleted with the runtime',
      TableClass: 'storage classes have no local effect',
      ContributorInsightsSpecification: NO_OBSERVABILITY,
      ResourcePolicy: NO_RESOURCE_POLICIES,
      Tags: TAGS,
    },
    unsupported: {
      KinesisStreamSpecification: warning('item changes are not copied to the Kinesis data stream locally'),
      ImportSourceSpecification: warning('the table starts empty: the import from S3 does not run locally'),
      VectorIndexes: warning('vector indexes are not emulated'),
    },
  },
  'AWS::DynamoDB::GlobalTable': {
    summary: 'the replica in the local region, as a DynamoDB Local table with keys, indexes, TTL and stream',
    used: [
      'TableName',
      'KeySchema',
      'AttributeDefinitions',
      'GlobalSecondaryIndexes',
      'LocalSecondaryIndexes',
      'BillingMode',
      'StreamSpecification',
      'TimeToLiveSpecification',
      'Replicas',
    ],
    inert: {
      SSESpecification: NO_ENCRYPTION,
      WriteProvisionedThroughputSettings: NO_CAPACITY,
      WriteOnDemandThroughputSettings: NO_CAPACITY,
      ReadProvisionedThroughputSettings: NO_CAPACITY,
      ReadOnDemandThroughputSettings: NO_CAPACITY,
      WarmThroughput: NO_CAPACITY,
      MultiRegionConsistency: 'there is one region locally',
      GlobalTableWitnesses: 'there is one region locally',
    },
    unsupported: {
      VectorIndexes: warning('vector indexes are not emulated'),
    },
  },
  'AWS::Kinesis::Stream': {
    summary: 'streams with their shard count and retention',
    used: ['Name', 'ShardCount', 'StreamModeDetails', 'RetentionPeriodHours'],
    inert: {
      StreamEncryption: NO_ENCRYPTION,
      DesiredShardLevelMetrics: NO_OBSERVABILITY,
      WarmThroughputMiBps: NO_CAPACITY,
      Tags: TAGS,
    },
    unsupported: {
      MaxRecordSizeInKiB: warning('the per-stream maximum record size is not enforced locally'),
    },
  },
  'AWS::S3::Bucket': {
    summary: 'buckets, with object-created events to EventBridge when the bucket enables them',
    used: ['BucketName', 'NotificationConfiguration'],
    inert: {
      AccessControl: NO_RESOURCE_POLICIES,
      PublicAccessBlockConfiguration: NO_RESOURCE_POLICIES,
      OwnershipControls: NO_RESOURCE_POLICIES,
      AbacStatus: NO_IAM,
      BucketEncryption: NO_ENCRYPTION,
      CorsConfiguration: 'CORS is not applied by the local endpoint',
      LifecycleConfiguration: 'lifecycle rules do not run locally: objects never expire or change class',
      IntelligentTieringConfigurations: 'storage classes have no local effect',
      ReplicationConfiguration: 'objects are not replicated locally',
      AccelerateConfiguration: 'transfer acceleration has no local effect',
      LoggingConfiguration: NO_OBSERVABILITY,
      MetricsConfigurations: NO_OBSERVABILITY,
      InventoryConfigurations: 'inventory reports are not produced locally',
      AnalyticsConfigurations: 'storage analytics are not produced locally',
      MetadataTableConfiguration: 'S3 metadata tables are not produced locally',
      MetadataConfiguration: 'S3 metadata tables are not produced locally',
      Tags: TAGS,
    },
    unsupported: {
      VersioningConfiguration: warning('object versioning is not emulated: each write replaces the object'),
      ObjectLockEnabled: warning('object lock is not enforced locally'),
      ObjectLockConfiguration: warning('object lock is not enforced locally'),
      WebsiteConfiguration: warning('static website hosting is not served locally'),
      BucketNamePrefix: warning('the local bucket name ignores the prefix'),
      BucketNamespace: warning('the local bucket name ignores the namespace'),
    },
  },
  'AWS::Events::EventBus': {
    summary: 'custom event buses (the default bus always exists)',
    used: ['Name'],
    inert: {
      Description: DESCRIPTION,
      Policy: NO_RESOURCE_POLICIES,
      KmsKeyIdentifier: NO_ENCRYPTION,
      LogConfig: NO_OBSERVABILITY,
      // https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-rule-event-delivery.html: a bus-level DLQ receives events the bus could not encrypt or decrypt.
      DeadLetterConfig: 'the bus-level dead-letter queue receives only events that failed KMS encryption, which cannot happen locally',
      Tags: TAGS,
    },
    unsupported: {
      EventSourceName: warning('partner event sources do not deliver locally'),
    },
  },
  'AWS::Events::Rule': {
    summary: 'event-pattern and schedule rules with Lambda, SQS, Kinesis and event bus targets, input shaping, retries and DLQs',
    used: ['Name', 'Description', 'EventBusName', 'EventPattern', 'ScheduleExpression', 'State', 'Targets'],
    inert: { RoleArn: NO_IAM, Tags: TAGS },
    unsupported: {},
  },
  'AWS::Events::Archive': {
    summary: 'archives of a bus for replay',
    used: ['ArchiveName', 'SourceArn', 'EventPattern', 'RetentionDays'],
    inert: { Description: DESCRIPTION, KmsKeyIdentifier: NO_ENCRYPTION },
    unsupported: {},
  },
  'AWS::Scheduler::Schedule': {
    summary: 'rate, cron and one-time schedules invoking Lambda, SQS, Kinesis or EventBridge, with retries and DLQs',
    used: ['Name', 'GroupName', 'ScheduleExpression', 'ScheduleExpressionTimezone', 'StartDate', 'EndDate', 'State', 'FlexibleTimeWindow', 'Target'],
    inert: { Description: DESCRIPTION, KmsKeyArn: NO_ENCRYPTION },
    unsupported: {},
  },
  'AWS::Scheduler::ScheduleGroup': {
    summary: 'schedule groups (names and ARNs)',
    used: ['Name'],
    inert: { Tags: TAGS },
    unsupported: {},
  },
  'AWS::ApiGatewayV2::Api': {
    summary: 'HTTP APIs: routes to Lambda proxy integrations with payload format 1.0 or 2.0',
    used: ['Name', 'ProtocolType', 'CorsConfiguration', 'Target', 'RouteKey'],
    inert: {
      Description: DESCRIPTION,
      Tags: TAGS,
      Version: DESCRIPTION,
      DisableExecuteApiEndpoint: 'the API is served on the local API port',
      IpAddressType: 'the API is served on the local API port',
      CredentialsArn: NO_IAM,
      DisableSchemaValidation: 'applies to OpenAPI imports, which are reported separately',
      FailOnWarnings: 'applies to OpenAPI imports, which are reported separately',
      ApiKeySelectionExpression: 'API keys are not checked locally',
      RouteSelectionExpression: 'applies to WebSocket APIs, which are reported separately',
    },
    unsupported: {
      Body: warning('OpenAPI definitions are not imported: only routes declared as resources are served'),
      BodyS3Location: warning('OpenAPI definitions are not imported: only routes declared as resources are served'),
      BasePath: warning('OpenAPI definitions are not imported'),
    },
  },
  'AWS::ApiGatewayV2::Route': {
    summary: 'HTTP API routes',
    used: ['ApiId', 'RouteKey', 'Target', 'AuthorizationType', 'AuthorizerId', 'AuthorizationScopes'],
    inert: {
      OperationName: DESCRIPTION,
      ApiKeyRequired: 'API keys are not checked locally',
      RequestModels: 'applies to WebSocket APIs',
      ModelSelectionExpression: 'applies to WebSocket APIs',
      RouteResponseSelectionExpression: 'applies to WebSocket APIs',
    },
    unsupported: {
      RequestParameters: warning('route request parameters are not validated locally'),
    },
  },
  'AWS::ApiGatewayV2::Integration': {
    summary: 'Lambda proxy integrations of HTTP APIs',
    used: ['ApiId', 'IntegrationType', 'IntegrationUri', 'PayloadFormatVersion', 'TimeoutInMillis', 'IntegrationMethod'],
    inert: {
      Description: DESCRIPTION,
      CredentialsArn: NO_IAM,
      PassthroughBehavior: 'applies to WebSocket APIs',
      ContentHandlingStrategy: 'applies to WebSocket APIs',
      TemplateSelectionExpression: 'applies to WebSocket APIs',
    },
    unsupported: {
      RequestParameters: warning('parameter mapping is not applied locally'),
      ResponseParameters: warning('parameter mapping is not applied locally'),
      RequestTemplates: warning('request templates are not applied locally'),
      TlsConfig: warning('private integrations are not emulated'),
      ConnectionId: warning('private integrations (VPC links) are not emulated'),
      ConnectionType: warning('private integrations (VPC links) are not emulated'),
      IntegrationSubtype: warning('AWS service integrations are not emulated'),
    },
  },
  'AWS::ApiGatewayV2::Stage': {
    summary: 'HTTP API stages (names)',
    used: ['ApiId', 'StageName'],
    inert: {
      AutoDeploy: 'routes are served as soon as the runtime starts',
      DeploymentId: 'routes are served as soon as the runtime starts',
      Description: DESCRIPTION,
      Tags: TAGS,
      AccessLogSettings: NO_OBSERVABILITY,
      DefaultRouteSettings: NO_CAPACITY,
      RouteSettings: NO_CAPACITY,
      ClientCertificateId: 'applies to HTTP integrations, which are reported separately',
      AccessPolicyId: NO_RESOURCE_POLICIES,
    },
    unsupported: {
      StageVariables: warning('stage variables are not passed to integrations locally'),
    },
  },
  'AWS::CloudFormation::Stack': {
    summary: 'nested stacks synthesized by CDK, loaded like any other stack',
    used: ['TemplateURL', 'Parameters'],
    inert: { NotificationARNs: 'stack events are not published locally', Tags: TAGS, TimeoutInMinutes: 'nothing is deployed locally' },
    unsupported: {},
  },
  'AWS::SecretsManager::Secret': {
    summary:
      'GetSecretValue and DescribeSecret; the value is the environment variable named by the tag eventful:local-value-from-env, ' +
      'else SecretString, else the tag eventful:local-default (local/secrets)',
    used: ['Name', 'Description', 'SecretString', 'GenerateSecretString', 'Tags'],
    inert: {
      KmsKeyId: NO_ENCRYPTION,
      ReplicaRegions: 'there is one region locally',
    },
    unsupported: {},
  },
  'Custom::S3BucketNotifications': {
    summary: "CDK's bucket notifications: EventBridge delivery of object events",
    used: ['ServiceToken', 'BucketName', 'NotificationConfiguration', 'Managed', 'SkipDestinationValidation'],
    inert: {},
    unsupported: {},
  },
};

export const INERT_RESOURCES: Readonly<Record<string, string>> = {
  'AWS::IAM::Role': NO_IAM,
  'AWS::IAM::Policy': NO_IAM,
  'AWS::IAM::ManagedPolicy': NO_IAM,
  'AWS::IAM::InstanceProfile': NO_IAM,
  'AWS::Lambda::Permission': NO_RESOURCE_POLICIES,
  'AWS::SQS::QueuePolicy': NO_RESOURCE_POLICIES,
  'AWS::S3::BucketPolicy': NO_RESOURCE_POLICIES,
  'AWS::SNS::TopicPolicy': NO_RESOURCE_POLICIES,
  'AWS::Events::EventBusPolicy': NO_RESOURCE_POLICIES,
  'AWS::Logs::ResourcePolicy': NO_RESOURCE_POLICIES,
  'AWS::Lambda::Alias': 'every alias runs the function’s current code locally',
  'AWS::Lambda::Version': 'every version runs the function’s current code locally',
  'AWS::Lambda::LayerVersion': 'layers are reported on the functions that use them',
  'AWS::CloudWatch::Alarm': NO_OBSERVABILITY,
  'AWS::CloudWatch::CompositeAlarm': NO_OBSERVABILITY,
  'AWS::CloudWatch::Dashboard': NO_OBSERVABILITY,
  'AWS::Logs::LogGroup': NO_OBSERVABILITY,
  'AWS::Logs::MetricFilter': NO_OBSERVABILITY,
  'AWS::Logs::QueryDefinition': NO_OBSERVABILITY,
  'AWS::XRay::Group': 'X-Ray tracing is not emulated',
  'AWS::XRay::SamplingRule': 'X-Ray tracing is not emulated',
  'AWS::KMS::Key': NO_ENCRYPTION,
  'AWS::KMS::Alias': NO_ENCRYPTION,
  'AWS::SNS::Topic': 'SNS is not emulated; a topic only used for alarm notifications has no local effect (subscriptions are reported)',
  'AWS::EventSchemas::Registry': 'the schema registry does not affect delivery',
  'AWS::EventSchemas::Schema': 'the schema registry does not affect delivery',
  'AWS::EventSchemas::Discoverer': 'the schema registry does not affect delivery',
  'AWS::CDK::Metadata': 'CDK version reporting',
  'AWS::SSM::Parameter': 'SSM Parameter Store is not emulated: references in the template resolve, but handlers reading it at run time fail',
  'AWS::SecretsManager::SecretTargetAttachment': 'database connection details are not added to the local secret value',
  'AWS::SecretsManager::RotationSchedule': 'rotation does not run locally: the secret keeps its local value',
  'AWS::SecretsManager::ResourcePolicy': NO_RESOURCE_POLICIES,
  'AWS::ApiGatewayV2::Deployment': 'routes are served as soon as the runtime starts',
  'AWS::ApiGatewayV2::DomainName': 'APIs are served on the local API port, not on custom domains',
  'AWS::ApiGatewayV2::ApiMapping': 'APIs are served on the local API port, not on custom domains',
  'AWS::CertificateManager::Certificate': 'certificates have no local effect',
  'AWS::Route53::RecordSet': 'DNS has no local effect',
  'AWS::CloudFormation::WaitConditionHandle': 'nothing is deployed locally',
  'AWS::CloudFormation::WaitCondition': 'nothing is deployed locally',
  'Custom::S3AutoDeleteObjects': 'empties a bucket when the stack is destroyed; local buckets go with the runtime',
  'Custom::LogRetention': NO_OBSERVABILITY,
};

/** Types known not to be emulated, with a reason more precise than the generic one. */
export const UNSUPPORTED_RESOURCES: Readonly<Record<string, UnsupportedReason>> = {
  'AWS::Lambda::Url': warning('function URLs are not served locally; use an HTTP API route'),
  'AWS::SNS::Subscription': warning('SNS is not emulated: messages published to the topic do not reach this subscription'),
  'AWS::Kinesis::StreamConsumer': warning('enhanced fan-out consumers are not emulated'),
  'AWS::ApiGatewayV2::Authorizer': warning('authorizers are not enforced locally: every request reaches the integration'),
  'AWS::ApiGateway::RestApi': warning('REST APIs (API Gateway v1) are not served locally; HTTP APIs are'),
  'AWS::Pipes::Pipe': warning('EventBridge Pipes are not emulated'),
  'AWS::StepFunctions::StateMachine': warning('Step Functions are not emulated'),
  'AWS::Events::Connection': warning('API destinations are not emulated'),
  'AWS::Events::ApiDestination': warning('API destinations are not emulated'),
  'AWS::Logs::SubscriptionFilter': warning('log subscriptions are not emulated: function logs go to the local console only'),
  'Custom::CDKBucketDeployment': warning('files are not copied into the local bucket at start'),
  'Custom::AWS': warning('SDK calls made at deployment (AwsCustomResource) do not run locally'),
};

export function classifyResource(type: string): ResourceClassification {
  const support = SUPPORTED_RESOURCES[type];
  if (support !== undefined) return { kind: 'supported', support };
  const inert = INERT_RESOURCES[type];
  if (inert !== undefined) return { kind: 'inert', reason: inert };
  const known = UNSUPPORTED_RESOURCES[type];
  if (known !== undefined) return { kind: 'unsupported', ...known };
  if (type.startsWith('Custom::') || type === 'AWS::CloudFormation::CustomResource') {
    return { kind: 'unsupported', ...warning('custom resources do not run locally: whatever its handler does at deployment does not happen') };
  }
  return { kind: 'unsupported', ...warning(`${type} is not emulated locally`) };
}

/** Properties of a supported type that the runtime cannot honour: listed ones, and any it does not know. */
export function unsupportedProperties(support: SupportedResource, properties: readonly string[]): { property: string; reason: string; severity: Severity }[] {
  return properties.flatMap((property) => {
    if (support.used.includes(property) || property in support.inert) return [];
    const known = support.unsupported[property];
    return [{ property, ...(known ?? warning('the local runtime does not know this property')) }];
  });
}
