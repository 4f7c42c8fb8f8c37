import type { LocalTopology } from '../topology/types.ts';
import type { EngineEndpoints } from '../provision/index.ts';

export type HealthTopology = Pick<LocalTopology, 'accountId' | 'region'> &
  Partial<Pick<LocalTopology, 'tables' | 'queues' | 'streams' | 'buckets' | 'functions' | 'eventBuses' | 'rules'>>;

/** `GET /_eventful/health`: for readiness probes and people; engines and what the topology holds. */
export function healthReport(endpoint: string, engines: EngineEndpoints, topology: HealthTopology) {
  const names = (items: { name: string }[] | undefined) => (items ?? []).map((item) => item.name);
  return {
    status: 'ok',
    endpoint,
    accountId: topology.accountId,
    region: topology.region,
    engines: {
      dynamodb: engines.dynamodb.endpoint,
      kinesis: engines.kinesis.endpoint,
      sqs: engines.sqs.endpoint,
      s3: engines.s3.endpoint,
    },
    topology: {
      tables: names(topology.tables),
      queues: names(topology.queues),
      streams: names(topology.streams),
      buckets: names(topology.buckets),
      functions: names(topology.functions),
      eventBuses: names(topology.eventBuses),
      rules: (topology.rules ?? []).length,
    },
  };
}
