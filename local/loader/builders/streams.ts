import type { StreamSpec } from '../../topology/types.ts';
import { KINESIS_DEFAULTS } from '../aws-defaults.ts';
import type { ResourceContext, TopologyDraft } from '../resource-context.ts';
import { optionalString } from '../values.ts';

/** `AWS::Kinesis::Stream`: provisioned unless `StreamModeDetails` says on-demand. */
export function buildStream(resource: ResourceContext, draft: TopologyDraft): void {
  const mode =
    optionalString(resource.record('StreamModeDetails')?.['StreamMode'], resource.locationOf('StreamModeDetails', 'StreamMode')) === 'ON_DEMAND'
      ? 'ON_DEMAND'
      : 'PROVISIONED';
  const spec: StreamSpec = {
    ...resource.resourceIdentity(),
    mode,
    shardCount: resource.number('ShardCount') ?? (mode === 'ON_DEMAND' ? KINESIS_DEFAULTS.onDemandShardCount : KINESIS_DEFAULTS.shardCount),
    retentionPeriodHours: resource.number('RetentionPeriodHours') ?? KINESIS_DEFAULTS.retentionPeriodHours,
  };
  draft.topology.streams.push(spec);
}
