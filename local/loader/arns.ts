/**
 * Identifiers in each service's real format, with the local account and region, so handler code that parses or
 * compares them behaves as on AWS.
 */
export interface ArnEnvironment {
  region: string;
  accountId: string;
}

/**
 * The label in a DynamoDB stream ARN is the stream's creation time on AWS. Locally it is fixed so ARNs are stable
 * across runs; services should find a table's stream by the table name, not by this label.
 */
export const LOCAL_STREAM_LABEL = '2020-01-01T00:00:00.000';

export const arns = {
  lambdaFunction: ({ region, accountId }: ArnEnvironment, name: string) => `arn:aws:lambda:${region}:${accountId}:function:${name}`,
  eventSourceMapping: ({ region, accountId }: ArnEnvironment, uuid: string) => `arn:aws:lambda:${region}:${accountId}:event-source-mapping:${uuid}`,
  sqsQueue: ({ region, accountId }: ArnEnvironment, name: string) => `arn:aws:sqs:${region}:${accountId}:${name}`,
  dynamodbTable: ({ region, accountId }: ArnEnvironment, name: string) => `arn:aws:dynamodb:${region}:${accountId}:table/${name}`,
  dynamodbStream: (environment: ArnEnvironment, tableName: string, label = LOCAL_STREAM_LABEL) =>
    `${arns.dynamodbTable(environment, tableName)}/stream/${label}`,
  kinesisStream: ({ region, accountId }: ArnEnvironment, name: string) => `arn:aws:kinesis:${region}:${accountId}:stream/${name}`,
  // S3 bucket ARNs carry neither region nor account.
  s3Bucket: (_environment: ArnEnvironment, name: string) => `arn:aws:s3:::${name}`,
  eventBus: ({ region, accountId }: ArnEnvironment, name: string) => `arn:aws:events:${region}:${accountId}:event-bus/${name}`,
  /** Rules on the default bus keep the short form; rules on a custom bus include it. */
  eventRule: ({ region, accountId }: ArnEnvironment, busName: string, ruleName: string) =>
    `arn:aws:events:${region}:${accountId}:rule/${busName === 'default' ? '' : `${busName}/`}${ruleName}`,
  eventArchive: ({ region, accountId }: ArnEnvironment, name: string) => `arn:aws:events:${region}:${accountId}:archive/${name}`,
  schedule: ({ region, accountId }: ArnEnvironment, group: string, name: string) => `arn:aws:scheduler:${region}:${accountId}:schedule/${group}/${name}`,
  scheduleGroup: ({ region, accountId }: ArnEnvironment, name: string) => `arn:aws:scheduler:${region}:${accountId}:schedule-group/${name}`,
  httpApi: ({ region }: ArnEnvironment, apiId: string) => `arn:aws:apigateway:${region}::/apis/${apiId}`,
  iamRole: ({ accountId }: ArnEnvironment, name: string) => `arn:aws:iam::${accountId}:role/${name}`,
  snsTopic: ({ region, accountId }: ArnEnvironment, name: string) => `arn:aws:sns:${region}:${accountId}:${name}`,
  logGroup: ({ region, accountId }: ArnEnvironment, name: string) => `arn:aws:logs:${region}:${accountId}:log-group:${name}:*`,
  kmsKey: ({ region, accountId }: ArnEnvironment, keyId: string) => `arn:aws:kms:${region}:${accountId}:key/${keyId}`,
  ssmParameter: ({ region, accountId }: ArnEnvironment, name: string) =>
    `arn:aws:ssm:${region}:${accountId}:parameter${name.startsWith('/') ? '' : '/'}${name}`,
  secret: ({ region, accountId }: ArnEnvironment, nameWithSuffix: string) => `arn:aws:secretsmanager:${region}:${accountId}:secret:${nameWithSuffix}`,
  cloudFormationStack: ({ region, accountId }: ArnEnvironment, name: string, uuid: string) =>
    `arn:aws:cloudformation:${region}:${accountId}:stack/${name}/${uuid}`,
  cloudWatchAlarm: ({ region, accountId }: ArnEnvironment, name: string) => `arn:aws:cloudwatch:${region}:${accountId}:alarm:${name}`,
};

/** The SQS queue URL in the path style the SDKs accept from any endpoint: `<endpoint>/<account>/<name>`. */
export function queueUrl(endpointUrl: string, accountId: string, name: string): string {
  return `${endpointUrl.replace(/\/+$/, '')}/${accountId}/${name}`;
}

export interface ParsedArn {
  service: string;
  region: string;
  accountId: string;
  /** Everything after the account: `function:name`, `stream/name`, `table/t/stream/label`, `my-queue`. */
  resource: string;
}

export function parseArn(arn: string): ParsedArn | undefined {
  const match = /^arn:[^:]+:([^:]+):([^:]*):([^:]*):(.+)$/.exec(arn);
  if (match === null) return undefined;
  const [, service = '', region = '', accountId = '', resource = ''] = match;
  return { service, region, accountId, resource };
}

/**
 * A Lambda function name from any form the APIs accept: name, full ARN, partial ARN (`123456789012:function:name`),
 * each optionally with a version or alias. https://docs.aws.amazon.com/lambda/latest/api/API_CreateEventSourceMapping.html
 */
export function functionNameOf(nameOrArn: string): string {
  const full = /^arn:[^:]+:lambda:[^:]*:[^:]*:function:([^:]+)/.exec(nameOrArn);
  const partial = /^[0-9]{12}:function:([^:]+)/.exec(nameOrArn);
  return full?.[1] ?? partial?.[1] ?? nameOrArn.split(':')[0] ?? nameOrArn;
}

/** An event bus name from `EventBusName`, which accepts a name or an ARN. */
export function eventBusNameOf(nameOrArn: string): string {
  const parsed = parseArn(nameOrArn);
  return parsed?.service === 'events' && parsed.resource.startsWith('event-bus/') ? parsed.resource.slice('event-bus/'.length) : nameOrArn;
}
