import type { ArchiveSpec, BucketSpec, EventBusSpec, RuleSpec, TargetSpec } from '../../../topology/types.ts';
import type { EventBridgeTopology } from '../../../eventbridge/index.ts';
import { arn, DEFAULT_ACCOUNT as TEST_ACCOUNT, DEFAULT_REGION as TEST_REGION } from '../../../aws/events/index.ts';

/*
 * Builders of the topology the template loader hands the EventBridge service, with AWS's defaults.
 */

export const ORDERS_QUEUE = arn('sqs', 'orders');
export const BILLING_FUNCTION = arn('lambda', 'function:billing');
export const CLICKS_STREAM = arn('kinesis', 'stream/clicks');
export const DEAD_LETTERS = arn('sqs', 'dead-letters');
export const AUDIT_BUS = arn('events', 'event-bus/audit');

export function topology(parts: Partial<EventBridgeTopology> = {}): EventBridgeTopology {
  return { accountId: TEST_ACCOUNT, region: TEST_REGION, eventBuses: [], rules: [], archives: [], buckets: [], ...parts };
}

const identity = (name: string, resourceArn: string) => ({ stackName: 'Eventful', logicalId: name.replaceAll(/[^A-Za-z0-9]/g, ''), name, arn: resourceArn });

export function bus(name: string): EventBusSpec {
  return identity(name, arn('events', `event-bus/${name}`));
}

export function rule(name: string, options: Partial<Omit<RuleSpec, 'name'>> & { targets: TargetSpec[] }): RuleSpec {
  const eventBusName = options.eventBusName ?? 'default';
  return {
    ...identity(name, arn('events', eventBusName === 'default' ? `rule/${name}` : `rule/${eventBusName}/${name}`)),
    eventBusName,
    state: 'ENABLED',
    ...options,
  };
}

export function target(id: string, targetArn: string, options: Partial<Omit<TargetSpec, 'id' | 'arn'>> = {}): TargetSpec {
  const service = targetArn.split(':')[2];
  const kind =
    service === 'lambda' ? 'lambda' : service === 'sqs' ? 'sqs' : service === 'kinesis' ? 'kinesis' : service === 'events' ? 'event-bus' : 'unsupported';
  return { id, arn: targetArn, kind, retryPolicy: { maximumRetryAttempts: 185, maximumEventAgeInSeconds: 86_400 }, ...options };
}

export function archive(name: string, options: Partial<Omit<ArchiveSpec, 'name'>> = {}): ArchiveSpec {
  return { ...identity(name, arn('events', `archive/${name}`)), sourceArn: arn('events', 'event-bus/default'), retentionDays: 0, ...options };
}

export function bucket(name: string, eventBridgeEnabled: boolean): BucketSpec {
  return { ...identity(name, `arn:aws:s3:::${name}`), eventBridgeEnabled };
}
