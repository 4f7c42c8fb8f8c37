/**
 * Provisioning: the topology's tables, queues, Kinesis streams and buckets, created in the real local engines,
 * idempotently, with a map from the topology's ARNs to the ones the engines assigned.
 *
 * @example
 * import { provisionTopology } from './local/provision/index.ts';
 *
 * const engines = await startEngines({ persistDir });
 * const provisioned = await provisionTopology(topology, engines);
 * const realStreamArn = provisioned.arns.toEngine(table.stream.arn);
 */
export { provisionTopology, type EngineEndpoints, type ProvisionedTopology, type ProvisionTopology } from './provision-topology.ts';
export { EngineArns } from './engine-arns.ts';
export { ProvisionError } from './errors.ts';
export { createTableInput, type ProvisionedTable } from './tables.ts';
export { inRedriveOrder, queueAttributes, type ProvisionedQueue } from './queues.ts';
export type { ProvisionedStream } from './streams.ts';
export type { ProvisionedBucket } from './buckets.ts';
