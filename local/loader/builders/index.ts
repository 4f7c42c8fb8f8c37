import type { CodeLocations } from '../function-code.ts';
import type { ResourceContext, TopologyDraft } from '../resource-context.ts';
import { attachBucketNotifications, buildBucket, buildBucketNotifications } from './buckets.ts';
import { buildArchive, buildEventBus, buildRule } from './event-buses.ts';
import { buildEventSourceMapping } from './event-source-mappings.ts';
import { attachInvokeConfigs, buildEventInvokeConfig, buildFunction } from './functions.ts';
import { assembleHttpApis, buildHttpApi, buildHttpIntegration, buildHttpRoute, buildHttpStage } from './http-apis.ts';
import { buildQueue } from './queues.ts';
import { buildSchedule } from './schedules.ts';
import { buildSecret } from './secrets.ts';
import { buildStream } from './streams.ts';
import { buildTable } from './tables.ts';

export type Builder = (resource: ResourceContext, draft: TopologyDraft, code: CodeLocations) => void | Promise<void>;

const nothingToBuild: Builder = () => undefined;

/** One builder per supported type (see resource-support.ts). */
export const BUILDERS: Readonly<Record<string, Builder>> = {
  'AWS::Lambda::Function': buildFunction,
  'AWS::Lambda::EventInvokeConfig': buildEventInvokeConfig,
  'AWS::Lambda::EventSourceMapping': buildEventSourceMapping,
  'AWS::SQS::Queue': buildQueue,
  'AWS::DynamoDB::Table': buildTable,
  'AWS::DynamoDB::GlobalTable': buildTable,
  'AWS::Kinesis::Stream': buildStream,
  'AWS::S3::Bucket': buildBucket,
  'Custom::S3BucketNotifications': buildBucketNotifications,
  'AWS::Events::EventBus': buildEventBus,
  'AWS::Events::Rule': buildRule,
  'AWS::Events::Archive': buildArchive,
  'AWS::Scheduler::Schedule': buildSchedule,
  // Groups only name schedules; their identity is all the topology needs.
  'AWS::Scheduler::ScheduleGroup': nothingToBuild,
  'AWS::ApiGatewayV2::Api': buildHttpApi,
  'AWS::ApiGatewayV2::Integration': buildHttpIntegration,
  'AWS::ApiGatewayV2::Route': buildHttpRoute,
  'AWS::ApiGatewayV2::Stage': buildHttpStage,
  'AWS::SecretsManager::Secret': buildSecret,
  // Nested stacks are loaded as stacks of their own before any resource is built.
  'AWS::CloudFormation::Stack': nothingToBuild,
};

/** What can only be attached once every resource has been read. */
export function completeDraft(draft: TopologyDraft): void {
  attachInvokeConfigs(draft);
  attachBucketNotifications(draft);
  assembleHttpApis(draft);
}
