import type { ScheduleSpec } from '../../topology/types.ts';
import { SCHEDULER_DEFAULTS, SCHEDULER_RETRY_DEFAULTS } from '../aws-defaults.ts';
import type { ResourceContext, TopologyDraft } from '../resource-context.ts';
import { at, optionalNumber, optionalRecord, optionalString, requiredString } from '../values.ts';
import { deadLetterArnOf, retryPolicyOf, targetKind, targetDescription } from './targets.ts';

const SCHEDULE_TARGET_PROPERTIES = new Set([
  'Arn',
  'RoleArn',
  'Input',
  'RetryPolicy',
  'DeadLetterConfig',
  'SqsParameters',
  'KinesisParameters',
  'EventBridgeParameters',
]);

/** `AWS::Scheduler::Schedule` with a templated target (Lambda, SQS, Kinesis or EventBridge). */
export function buildSchedule(resource: ResourceContext, draft: TopologyDraft): void {
  const identity = resource.identity();
  const path = resource.path;
  const window = resource.record('FlexibleTimeWindow') ?? {};
  const maximumWindowInMinutes = optionalNumber(window['MaximumWindowInMinutes'], resource.locationOf('FlexibleTimeWindow', 'MaximumWindowInMinutes'));
  const startDate = resource.string('StartDate');
  const endDate = resource.string('EndDate');
  const spec: ScheduleSpec = {
    stackName: resource.stackName,
    logicalId: resource.logicalId,
    ...(path === undefined ? {} : { path }),
    name: identity.name,
    groupName: resource.string('GroupName') ?? SCHEDULER_DEFAULTS.groupName,
    arn: identity.arn ?? identity.name,
    expression: resource.requiredString('ScheduleExpression'),
    timezone: resource.string('ScheduleExpressionTimezone') ?? SCHEDULER_DEFAULTS.timezone,
    state: resource.string('State') === 'DISABLED' ? 'DISABLED' : SCHEDULER_DEFAULTS.state,
    ...(startDate === undefined ? {} : { startDate }),
    ...(endDate === undefined ? {} : { endDate }),
    flexibleTimeWindow: {
      mode: optionalString(window['Mode'], resource.locationOf('FlexibleTimeWindow', 'Mode')) === 'FLEXIBLE' ? 'FLEXIBLE' : 'OFF',
      ...(maximumWindowInMinutes === undefined ? {} : { maximumWindowInMinutes }),
    },
    target: scheduleTarget(resource),
  };
  draft.topology.schedules.push(spec);
}

function scheduleTarget(resource: ResourceContext): ScheduleSpec['target'] {
  const location = resource.location('Target');
  const target = resource.record('Target') ?? {};
  const arn = requiredString(target['Arn'], at(location, 'Arn'));
  const kind = targetKind(arn);
  if (kind === 'unsupported') resource.report(`target ${arn} is not emulated: ${targetDescription(arn)} are not invoked locally`);
  for (const property of Object.keys(target)) {
    if (!SCHEDULE_TARGET_PROPERTIES.has(property)) resource.report(`property Target.${property} is not emulated`);
  }
  const input = optionalString(target['Input'], at(location, 'Input'));
  const messageGroupId = optionalString(
    optionalRecord(target['SqsParameters'], at(location, 'SqsParameters'))?.['MessageGroupId'],
    at(location, 'SqsParameters'),
  );
  const partitionKey = optionalString(
    optionalRecord(target['KinesisParameters'], at(location, 'KinesisParameters'))?.['PartitionKey'],
    at(location, 'KinesisParameters'),
  );
  const eventBridge = optionalRecord(target['EventBridgeParameters'], at(location, 'EventBridgeParameters'));
  const deadLetterArn = deadLetterArnOf(target, location);
  return {
    arn,
    kind,
    ...(input === undefined ? {} : { input }),
    ...(messageGroupId === undefined ? {} : { sqsMessageGroupId: messageGroupId }),
    ...(partitionKey === undefined ? {} : { kinesisPartitionKey: partitionKey }),
    ...(eventBridge === undefined
      ? {}
      : {
          eventBridgeParameters: {
            detailType: requiredString(eventBridge['DetailType'], at(at(location, 'EventBridgeParameters'), 'DetailType')),
            source: requiredString(eventBridge['Source'], at(at(location, 'EventBridgeParameters'), 'Source')),
          },
        }),
    retryPolicy: retryPolicyOf(target, location, SCHEDULER_RETRY_DEFAULTS),
    ...(deadLetterArn === undefined ? {} : { deadLetterArn }),
  };
}
