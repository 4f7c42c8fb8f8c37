import type { BucketSpec } from '../../topology/types.ts';
import type { ResourceContext, TopologyDraft } from '../resource-context.ts';
import { optionalBoolean, optionalRecord } from '../values.ts';

const DIRECT_NOTIFICATIONS = ['LambdaConfigurations', 'QueueConfigurations', 'TopicConfigurations', 'LambdaFunctionConfigurations'];

/** `AWS::S3::Bucket`; object events reach EventBridge when `NotificationConfiguration.EventBridgeConfiguration` enables them. */
export function buildBucket(resource: ResourceContext, draft: TopologyDraft): void {
  const spec: BucketSpec = {
    ...resource.resourceIdentity(),
    eventBridgeEnabled: eventBridgeEnabled(resource, resource.record('NotificationConfiguration'), 'NotificationConfiguration'),
  };
  draft.topology.buckets.push(spec);
}

/**
 * `Custom::S3BucketNotifications`: CDK configures bucket notifications (including `eventBridgeEnabled: true`)
 * through this custom resource rather than the bucket's own property; read it as if it were that property.
 */
export function buildBucketNotifications(resource: ResourceContext, draft: TopologyDraft): void {
  if (eventBridgeEnabled(resource, resource.record('NotificationConfiguration'), 'NotificationConfiguration')) {
    draft.bucketNotifications.push({ at: resource, bucketName: resource.requiredString('BucketName') });
  }
}

export function attachBucketNotifications(draft: TopologyDraft): void {
  for (const notification of draft.bucketNotifications) {
    const bucket = draft.topology.buckets.find((candidate) => candidate.name === notification.bucketName);
    if (bucket === undefined) notification.at.report(`bucket ${notification.bucketName} is not part of the app: its object events are not emulated`);
    else bucket.eventBridgeEnabled = true;
  }
}

function eventBridgeEnabled(resource: ResourceContext, configuration: Record<string, unknown> | undefined, property: string): boolean {
  if (configuration === undefined) return false;
  for (const kind of DIRECT_NOTIFICATIONS) {
    if (configuration[kind] !== undefined) {
      resource.report(`property ${property}.${kind} is not emulated: object events reach consumers only through EventBridge locally`);
    }
  }
  const eventBridge = optionalRecord(configuration['EventBridgeConfiguration'], resource.locationOf(property, 'EventBridgeConfiguration'));
  if (eventBridge === undefined) return false;
  // CDK writes `EventBridgeConfiguration: {}`; only an explicit `EventBridgeEnabled: false` turns it off.
  return optionalBoolean(eventBridge['EventBridgeEnabled'], resource.locationOf(property, 'EventBridgeConfiguration', 'EventBridgeEnabled')) !== false;
}
