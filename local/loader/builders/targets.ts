import type { TargetKind, TargetSpec } from '../../topology/types.ts';
import { parseArn } from '../arns.ts';
import { EVENTBRIDGE_TARGET_RETRY_DEFAULTS } from '../aws-defaults.ts';
import type { TemplateLocation } from '../errors.ts';
import type { ResourceContext } from '../resource-context.ts';
import { at, optionalNumber, optionalRecord, optionalString, requiredString } from '../values.ts';

/** The kind of target an ARN names, from its service and resource type. */
export function targetKind(arn: string): TargetKind {
  const parsed = parseArn(arn);
  if (parsed === undefined) return 'unsupported';
  if (parsed.service === 'lambda' && parsed.resource.startsWith('function:')) return 'lambda';
  if (parsed.service === 'sqs') return 'sqs';
  if (parsed.service === 'kinesis' && parsed.resource.startsWith('stream/')) return 'kinesis';
  if (parsed.service === 'events' && parsed.resource.startsWith('event-bus/')) return 'event-bus';
  return 'unsupported';
}

/** What kind of target an unsupported ARN names, for messages: `sns targets`, `universal targets (aws-sdk:sqs:sendMessage)`. */
export function targetDescription(arn: string): string {
  const parsed = parseArn(arn);
  if (parsed === undefined) return 'targets that are not ARNs';
  return parsed.service === 'scheduler' && parsed.resource.startsWith('aws-sdk:') ? `universal targets (${parsed.resource})` : `${parsed.service} targets`;
}

const RULE_TARGET_PROPERTIES = new Set([
  'Id',
  'Arn',
  'RoleArn',
  'Input',
  'InputPath',
  'InputTransformer',
  'KinesisParameters',
  'SqsParameters',
  'RetryPolicy',
  'DeadLetterConfig',
]);

/** One entry of `AWS::Events::Rule` `Targets`. https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-properties-events-rule-target.html */
export function ruleTarget(resource: ResourceContext, item: unknown, location: TemplateLocation): TargetSpec {
  const target = optionalRecord(item, location) ?? {};
  const id = requiredString(target['Id'], at(location, 'Id'));
  const arn = requiredString(target['Arn'], at(location, 'Arn'));
  const kind = targetKind(arn);
  if (kind === 'unsupported') {
    resource.report(`target ${id} (${arn}) is not emulated: ${targetDescription(arn)} do not receive events locally`);
  }
  for (const property of Object.keys(target)) {
    if (!RULE_TARGET_PROPERTIES.has(property)) resource.report(`property ${location.propertyPath}.${property} is not emulated`);
  }
  const transformer = optionalRecord(target['InputTransformer'], at(location, 'InputTransformer'));
  const pathsMap = optionalRecord(transformer?.['InputPathsMap'], at(at(location, 'InputTransformer'), 'InputPathsMap'));
  const input = optionalString(target['Input'], at(location, 'Input'));
  const inputPath = optionalString(target['InputPath'], at(location, 'InputPath'));
  const partitionKeyPath = optionalString(
    optionalRecord(target['KinesisParameters'], at(location, 'KinesisParameters'))?.['PartitionKeyPath'],
    at(location, 'KinesisParameters'),
  );
  const messageGroupId = optionalString(
    optionalRecord(target['SqsParameters'], at(location, 'SqsParameters'))?.['MessageGroupId'],
    at(location, 'SqsParameters'),
  );
  const deadLetterArn = deadLetterArnOf(target, location);
  return {
    id,
    arn,
    kind,
    ...(input === undefined ? {} : { input }),
    ...(inputPath === undefined ? {} : { inputPath }),
    ...(transformer === undefined
      ? {}
      : {
          inputTransformer: {
            ...(pathsMap === undefined ? {} : { inputPathsMap: Object.fromEntries(Object.entries(pathsMap).map(([key, path]) => [key, String(path)])) }),
            inputTemplate: requiredString(transformer['InputTemplate'], at(at(location, 'InputTransformer'), 'InputTemplate')),
          },
        }),
    ...(partitionKeyPath === undefined ? {} : { kinesisPartitionKeyPath: partitionKeyPath }),
    ...(messageGroupId === undefined ? {} : { sqsMessageGroupId: messageGroupId }),
    retryPolicy: retryPolicyOf(target, location, EVENTBRIDGE_TARGET_RETRY_DEFAULTS),
    ...(deadLetterArn === undefined ? {} : { deadLetterArn }),
  };
}

export function retryPolicyOf(
  target: Record<string, unknown>,
  location: TemplateLocation,
  defaults: { maximumRetryAttempts: number; maximumEventAgeInSeconds: number },
): TargetSpec['retryPolicy'] {
  const policy = optionalRecord(target['RetryPolicy'], at(location, 'RetryPolicy')) ?? {};
  return {
    maximumRetryAttempts:
      optionalNumber(policy['MaximumRetryAttempts'], at(at(location, 'RetryPolicy'), 'MaximumRetryAttempts')) ?? defaults.maximumRetryAttempts,
    maximumEventAgeInSeconds:
      optionalNumber(policy['MaximumEventAgeInSeconds'], at(at(location, 'RetryPolicy'), 'MaximumEventAgeInSeconds')) ?? defaults.maximumEventAgeInSeconds,
  };
}

export function deadLetterArnOf(target: Record<string, unknown>, location: TemplateLocation): string | undefined {
  const config = optionalRecord(target['DeadLetterConfig'], at(location, 'DeadLetterConfig'));
  return optionalString(config?.['Arn'], at(at(location, 'DeadLetterConfig'), 'Arn'));
}
