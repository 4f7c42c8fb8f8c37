import type { ArchiveSpec, RuleSpec } from '../../topology/types.ts';
import { eventBusNameOf } from '../arns.ts';
import { ARCHIVE_DEFAULTS } from '../aws-defaults.ts';
import type { ResourceContext, TopologyDraft } from '../resource-context.ts';
import { jsonObject } from '../values.ts';
import { ruleTarget } from './targets.ts';

/** `AWS::Events::EventBus`. The account's `default` bus is not a resource: the EventBridge service always has it. */
export function buildEventBus(resource: ResourceContext, draft: TopologyDraft): void {
  draft.topology.eventBuses.push(resource.resourceIdentity());
}

/** `AWS::Events::Rule`: pattern and/or schedule rules; `EventPattern` may be an object or its JSON text. */
export function buildRule(resource: ResourceContext, draft: TopologyDraft): void {
  const eventPattern = jsonObject(resource.prop('EventPattern'), resource.location('EventPattern'));
  const scheduleExpression = resource.string('ScheduleExpression');
  const description = resource.string('Description');
  const spec: RuleSpec = {
    ...resource.resourceIdentity(),
    eventBusName: eventBusNameOf(resource.string('EventBusName') ?? 'default'),
    ...(eventPattern === undefined ? {} : { eventPattern }),
    ...(scheduleExpression === undefined ? {} : { scheduleExpression }),
    // ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS is enabled too; CloudTrail events never occur locally.
    state: resource.string('State') === 'DISABLED' ? 'DISABLED' : 'ENABLED',
    ...(description === undefined ? {} : { description }),
    targets: (resource.list('Targets') ?? []).map((item, index) => ruleTarget(resource, item, resource.locationOf('Targets', index))),
  };
  draft.topology.rules.push(spec);
}

/** `AWS::Events::Archive`. */
export function buildArchive(resource: ResourceContext, draft: TopologyDraft): void {
  const eventPattern = jsonObject(resource.prop('EventPattern'), resource.location('EventPattern'));
  const spec: ArchiveSpec = {
    ...resource.resourceIdentity(),
    sourceArn: resource.requiredString('SourceArn'),
    ...(eventPattern === undefined ? {} : { eventPattern }),
    retentionDays: resource.number('RetentionDays') ?? ARCHIVE_DEFAULTS.retentionDays,
  };
  draft.topology.archives.push(spec);
}
