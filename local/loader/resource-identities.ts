import { arns, eventBusNameOf, functionNameOf, queueUrl, type ArnEnvironment } from './arns.ts';
import { IntrinsicFailure } from './errors.ts';
import { generatedName, stableToken, stableUuid, type NameRule } from './physical-names.ts';

export interface IdentityInput extends ArnEnvironment {
  stackName: string;
  logicalId: string;
  endpointUrl: string;
  /** A top-level property of the resource, resolved; `undefined` when absent. */
  property(name: string): unknown;
}

/** What `Ref` and `Fn::GetAtt` return for one resource, as CloudFormation documents per type. */
export interface Identity {
  /** The physical name or id. */
  name: string;
  arn?: string;
  ref: unknown;
  attributes: Record<string, unknown>;
}

type IdentityRule = (input: IdentityInput) => Identity;

const LOWER_ALPHANUMERIC = 'abcdefghijklmnopqrstuvwxyz0123456789';

/**
 * `Ref` and `Fn::GetAtt` per resource type, from each type's "Return values" section in the CloudFormation
 * reference (e.g. https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-sqs-queue.html#aws-resource-sqs-queue-return-values).
 * Name limits are each service's own.
 */
export const RESOURCE_IDENTITIES: Record<string, IdentityRule> = {
  'AWS::Lambda::Function': (input) => {
    const name = physicalName(input, 'FunctionName', { maxLength: 64 });
    const arn = arns.lambdaFunction(input, name);
    return { name, arn, ref: name, attributes: { Arn: arn } };
  },
  'AWS::Lambda::Alias': (input) => {
    const name = requiredString(input, 'Name');
    const arn = `${arns.lambdaFunction(input, functionNameOf(requiredString(input, 'FunctionName')))}:${name}`;
    return { name, arn, ref: arn, attributes: { AliasArn: arn } };
  },
  'AWS::Lambda::Version': (input) => {
    // Locally every published version runs the function's current code; it is always version 1.
    const functionArn = arns.lambdaFunction(input, functionNameOf(requiredString(input, 'FunctionName')));
    const arn = `${functionArn}:1`;
    return { name: '1', arn, ref: arn, attributes: { Version: '1', FunctionArn: functionArn } };
  },
  'AWS::Lambda::EventSourceMapping': (input) => {
    const uuid = stableUuid(`${input.stackName}/${input.logicalId}`);
    const arn = arns.eventSourceMapping(input, uuid);
    return { name: uuid, arn, ref: uuid, attributes: { Id: uuid, EventSourceMappingArn: arn } };
  },
  'AWS::SQS::Queue': (input) => {
    const fifo = isTrue(input.property('FifoQueue'));
    const name = physicalName(input, 'QueueName', { maxLength: 80, ...(fifo ? { ending: '.fifo' } : {}) });
    const arn = arns.sqsQueue(input, name);
    const url = queueUrl(input.endpointUrl, input.accountId, name);
    return { name, arn, ref: url, attributes: { Arn: arn, QueueName: name, QueueUrl: url } };
  },
  'AWS::DynamoDB::Table': (input) => table(input),
  'AWS::DynamoDB::GlobalTable': (input) => {
    const identity = table(input);
    return { ...identity, attributes: { ...identity.attributes, TableId: stableUuid(`${input.stackName}/${input.logicalId}`) } };
  },
  'AWS::Kinesis::Stream': (input) => {
    const name = physicalName(input, 'Name', { maxLength: 128 });
    const arn = arns.kinesisStream(input, name);
    return { name, arn, ref: name, attributes: { Arn: arn } };
  },
  'AWS::S3::Bucket': (input) => {
    const name = physicalName(input, 'BucketName', { maxLength: 63, lowercase: true });
    const arn = arns.s3Bucket(input, name);
    return {
      name,
      arn,
      ref: name,
      attributes: {
        Arn: arn,
        DomainName: `${name}.s3.amazonaws.com`,
        RegionalDomainName: `${name}.s3.${input.region}.amazonaws.com`,
        DualStackDomainName: `${name}.s3.dualstack.${input.region}.amazonaws.com`,
        WebsiteURL: `http://${name}.s3-website-${input.region}.amazonaws.com`,
      },
    };
  },
  'AWS::Events::EventBus': (input) => {
    const name = physicalName(input, 'Name', { maxLength: 256 });
    const arn = arns.eventBus(input, name);
    return { name, arn, ref: name, attributes: { Arn: arn, Name: name } };
  },
  'AWS::Events::Rule': (input) => {
    const name = physicalName(input, 'Name', { maxLength: 64 });
    const busName = eventBusNameOf(optionalString(input, 'EventBusName') ?? 'default');
    const arn = arns.eventRule(input, busName, name);
    // Rules on a custom bus answer `Ref` with `<bus>|<rule>`: https://github.com/aws-cloudformation/cloudformation-coverage-roadmap/issues/1131
    return { name, arn, ref: busName === 'default' ? name : `${busName}|${name}`, attributes: { Arn: arn } };
  },
  'AWS::Events::Archive': (input) => {
    const name = physicalName(input, 'ArchiveName', { maxLength: 48 });
    const arn = arns.eventArchive(input, name);
    return { name, arn, ref: name, attributes: { Arn: arn, ArchiveName: name } };
  },
  'AWS::Scheduler::Schedule': (input) => {
    const name = physicalName(input, 'Name', { maxLength: 64 });
    const arn = arns.schedule(input, optionalString(input, 'GroupName') ?? 'default', name);
    return { name, arn, ref: name, attributes: { Arn: arn } };
  },
  'AWS::Scheduler::ScheduleGroup': (input) => {
    const name = physicalName(input, 'Name', { maxLength: 64 });
    const arn = arns.scheduleGroup(input, name);
    return { name, arn, ref: name, attributes: { Arn: arn, State: 'ACTIVE' } };
  },
  'AWS::ApiGatewayV2::Api': (input) => {
    const apiId = generatedId(input, 10);
    const name = optionalString(input, 'Name') ?? apiId;
    return {
      name,
      arn: arns.httpApi(input, apiId),
      ref: apiId,
      attributes: { ApiId: apiId, ApiEndpoint: `https://${apiId}.execute-api.${input.region}.amazonaws.com` },
    };
  },
  'AWS::ApiGatewayV2::Integration': (input) => idOnly(generatedId(input, 7), 'IntegrationId'),
  'AWS::ApiGatewayV2::Route': (input) => idOnly(generatedId(input, 7), 'RouteId'),
  'AWS::ApiGatewayV2::Authorizer': (input) => idOnly(generatedId(input, 6), 'AuthorizerId'),
  'AWS::ApiGatewayV2::Deployment': (input) => idOnly(generatedId(input, 6), 'DeploymentId'),
  'AWS::ApiGatewayV2::Stage': (input) => idOnly(requiredString(input, 'StageName')),
  'AWS::IAM::Role': (input) => {
    const name = physicalName(input, 'RoleName', { maxLength: 64 });
    const arn = arns.iamRole(input, name);
    return { name, arn, ref: name, attributes: { Arn: arn, RoleId: `AROA${stableToken(arn, 17)}` } };
  },
  'AWS::IAM::ManagedPolicy': (input) => {
    const name = physicalName(input, 'ManagedPolicyName', { maxLength: 128 });
    const arn = `arn:aws:iam::${input.accountId}:policy${optionalString(input, 'Path') ?? '/'}${name}`;
    return { name, arn, ref: arn, attributes: { PolicyArn: arn } };
  },
  'AWS::IAM::Policy': (input) => idOnly(physicalName(input, 'PolicyName', { maxLength: 128 })),
  'AWS::SNS::Topic': (input) => {
    const fifo = isTrue(input.property('FifoTopic'));
    const name = physicalName(input, 'TopicName', { maxLength: 256, ...(fifo ? { ending: '.fifo' } : {}) });
    const arn = arns.snsTopic(input, name);
    return { name, arn, ref: arn, attributes: { TopicArn: arn, TopicName: name } };
  },
  'AWS::Logs::LogGroup': (input) => {
    const name = physicalName(input, 'LogGroupName', { maxLength: 512 });
    const arn = arns.logGroup(input, name);
    return { name, arn, ref: name, attributes: { Arn: arn } };
  },
  'AWS::KMS::Key': (input) => {
    const keyId = stableUuid(`${input.stackName}/${input.logicalId}`);
    const arn = arns.kmsKey(input, keyId);
    return { name: keyId, arn, ref: keyId, attributes: { Arn: arn, KeyId: keyId } };
  },
  'AWS::KMS::Alias': (input) => idOnly(requiredString(input, 'AliasName')),
  'AWS::SSM::Parameter': (input) => {
    const name = physicalName(input, 'Name', { maxLength: 2048 });
    return { name, arn: arns.ssmParameter(input, name), ref: name, attributes: { Type: input.property('Type'), Value: input.property('Value') } };
  },
  'AWS::SecretsManager::Secret': (input) => {
    const name = physicalName(input, 'Name', { maxLength: 512 });
    // Secrets Manager appends six random characters to a secret's ARN.
    const arn = arns.secret(input, `${name}-${stableToken(name, 6, LOWER_ALPHANUMERIC)}`);
    return { name, arn, ref: arn, attributes: { Id: arn } };
  },
  'AWS::CloudWatch::Alarm': (input) => {
    const name = physicalName(input, 'AlarmName', { maxLength: 255 });
    const arn = arns.cloudWatchAlarm(input, name);
    return { name, arn, ref: name, attributes: { Arn: arn } };
  },
};

function table(input: IdentityInput): Identity {
  const name = physicalName(input, 'TableName', { maxLength: 255 });
  const arn = arns.dynamodbTable(input, name);
  // `StreamArn` exists only for a table with a stream, as on AWS.
  const streams = input.property('StreamSpecification') === undefined ? {} : { StreamArn: arns.dynamodbStream(input, name) };
  return { name, arn, ref: name, attributes: { Arn: arn, ...streams } };
}

function idOnly(id: string, attribute?: string): Identity {
  return { name: id, ref: id, attributes: attribute === undefined ? {} : { [attribute]: id } };
}

/** The explicit name property if the template sets one, else the name CloudFormation would generate. */
function physicalName(input: IdentityInput, property: string, rule: NameRule): string {
  return optionalString(input, property) ?? generatedName(input.stackName, input.logicalId, rule);
}

function generatedId(input: IdentityInput, length: number): string {
  return stableToken(`${input.stackName}/${input.logicalId}`, length, LOWER_ALPHANUMERIC);
}

function optionalString(input: IdentityInput, property: string): string | undefined {
  const value = input.property(property);
  if (value === undefined) return undefined;
  if (typeof value !== 'string') throw new IntrinsicFailure(`${input.logicalId}.${property} must be a string to name the resource`);
  return value;
}

function requiredString(input: IdentityInput, property: string): string {
  const value = optionalString(input, property);
  if (value === undefined) throw new IntrinsicFailure(`${input.logicalId} has no ${property}`);
  return value;
}

/** Templates write booleans as JSON booleans or as the strings `"true"` / `"false"`. */
export function isTrue(value: unknown): boolean {
  return value === true || value === 'true';
}
