import type { LocalTopology, ResourceIdentity } from '../topology/types.ts';

export type NodeKind = 'route' | 'function' | 'bus' | 'rule' | 'queue' | 'stream' | 'table' | 'bucket' | 'schedule' | 'archive';

export interface GraphNode {
  /** The resource's ARN (a route: `route:<api>:<route key>`). */
  id: string;
  kind: NodeKind;
  /** The construct path without the stack and CDK's default child names (`Orders/Inventory/ReserveInventory`). */
  name: string;
  physicalName: string;
  /** Rules: the pattern or schedule; queues: DLQ settings; schedules: the expression. */
  detail?: string;
  /** Queues: a dead-letter queue or on-failure destination of something in the app. */
  deadLetter?: boolean;
  url?: string;
}

export type EdgeKind = 'route' | 'rule' | 'target' | 'esm' | 'dead-letter' | 'on-failure' | 'on-success' | 'archive' | 'uses' | 'schedule' | 'notification';

export interface GraphEdge {
  from: string;
  to: string;
  kind: EdgeKind;
  label?: string;
}

export interface TopologyGraph {
  nodes: GraphNode[];
  edges: GraphEdge[];
}

/** Children CDK names by default under a construct: dropped from the names shown. */
const DEFAULT_CHILDREN = new Set(['Default', 'Function', 'Queue', 'Rule', 'Table', 'Stream', 'Bucket', 'Archive', 'Schedule', 'Api']);

/**
 * The name a person knows a resource by: its construct path (`aws:cdk:path`) without the stack and without the
 * default children CDK adds (`Eventful/Orders/Inventory/Queue/Queue/Resource` → `Orders/Inventory/Queue`),
 * else its physical name.
 */
export function displayName(resource: { path?: string; name?: string; logicalId: string }): string {
  if (!resource.path) return resource.name ?? resource.logicalId;
  const parts = resource.path.split('/').slice(1);
  if (parts.length > 1 && parts.at(-1) === 'Resource') parts.pop();
  // One default child at most: `Bus/Archive/Archive` is the archive `Bus/Archive`.
  if (parts.length > 1 && DEFAULT_CHILDREN.has(parts.at(-1) as string)) parts.pop();
  return parts.join('/');
}

/**
 * The app as a graph, from the synthesized template: routes, functions, buses, rules (with their patterns), queues
 * and their DLQs, streams, tables, buckets, schedules, archives; edges for routes, rule targets, event source
 * mappings, destinations and dead-letter queues, and the resources a function is given in its environment.
 */
export function topologyGraph(topology: LocalTopology): TopologyGraph {
  const nodes = new Map<string, GraphNode>();
  const edges: GraphEdge[] = [];
  const add = (node: GraphNode) => nodes.set(node.id, node);
  const identity = (resource: ResourceIdentity) => ({ id: resource.arn, name: displayName(resource), physicalName: resource.name });
  const edge = (from: string | undefined, to: string | undefined, kind: EdgeKind, label?: string) => {
    if (from && to && from !== to) edges.push({ from, to, kind, ...(label ? { label } : {}) });
  };

  for (const fn of topology.functions) add({ ...identity(fn), kind: 'function', detail: `${fn.runtime}, ${fn.timeoutSeconds} s, ${fn.memoryMb} MB` });
  for (const queue of topology.queues) add({ ...identity(queue), kind: 'queue', url: queue.url, ...(queue.fifo ? { detail: 'FIFO' } : {}) });
  for (const table of topology.tables) add({ ...identity(table), kind: 'table', ...(table.stream ? { detail: `stream: ${table.stream.viewType}` } : {}) });
  for (const stream of topology.streams) add({ ...identity(stream), kind: 'stream', detail: `${stream.shardCount} shard(s)` });
  for (const bucket of topology.buckets)
    add({ ...identity(bucket), kind: 'bucket', ...(bucket.eventBridgeEnabled ? { detail: 'events to EventBridge' } : {}) });
  for (const bus of topology.eventBuses) add({ ...identity(bus), kind: 'bus' });
  const busArn = (name: string) => {
    const found = topology.eventBuses.find((bus) => bus.name === name || bus.arn === name);
    if (found) return found.arn;
    const arn = `arn:aws:events:${topology.region}:${topology.accountId}:event-bus/${name}`;
    if (!nodes.has(arn)) add({ id: arn, kind: 'bus', name: `${name} (bus)`, physicalName: name });
    return arn;
  };

  for (const api of topology.httpApis) {
    for (const route of api.routes) {
      const id = `route:${api.apiId}:${route.routeKey}`;
      add({ id, kind: 'route', name: route.routeKey, physicalName: `${api.name} ${route.routeKey}` });
      edge(id, route.functionArn, 'route');
    }
  }
  for (const rule of topology.rules) {
    const detail = rule.eventPattern ? JSON.stringify(rule.eventPattern) : rule.scheduleExpression;
    add({ ...identity(rule), kind: 'rule', ...(detail ? { detail } : {}) });
    edge(busArn(rule.eventBusName), rule.arn, 'rule');
    for (const target of rule.targets) {
      edge(rule.arn, target.arn, 'target', target.id);
      edge(target.arn, target.deadLetterArn, 'dead-letter', 'delivery failed');
    }
  }
  for (const archive of topology.archives) {
    add({ ...identity(archive), kind: 'archive', ...(archive.eventPattern ? { detail: JSON.stringify(archive.eventPattern) } : {}) });
    edge(archive.sourceArn, archive.arn, 'archive');
  }
  for (const queue of topology.queues) {
    if (queue.redrivePolicy) edge(queue.arn, queue.redrivePolicy.deadLetterTargetArn, 'dead-letter', `after ${queue.redrivePolicy.maxReceiveCount} receives`);
  }
  for (const mapping of topology.eventSourceMappings) {
    const fn = topology.functions.find((f) => f.name === mapping.functionName);
    const table = topology.tables.find((t) => t.stream?.arn === mapping.eventSourceArn);
    edge(table?.arn ?? mapping.eventSourceArn, fn?.arn, 'esm', mapping.kind === 'dynamodb' ? 'stream' : `batch ${mapping.batchSize}`);
    edge(fn?.arn, mapping.onFailureDestination, 'on-failure', 'batch failed');
  }
  for (const fn of topology.functions) {
    edge(fn.arn, fn.asyncConfig.destinations.onFailure, 'on-failure', 'async failed');
    edge(fn.arn, fn.asyncConfig.destinations.onSuccess, 'on-success');
    edge(fn.arn, fn.deadLetterArn, 'dead-letter', 'async failed');
    const used = new Set(Object.values(fn.environment));
    for (const resource of [...topology.tables, ...topology.queues, ...topology.streams, ...topology.buckets, ...topology.eventBuses]) {
      const url = 'url' in resource && typeof resource.url === 'string' ? resource.url : undefined;
      if (used.has(resource.name) || used.has(resource.arn) || (url !== undefined && used.has(url))) edge(fn.arn, resource.arn, 'uses');
    }
  }
  for (const schedule of topology.schedules) {
    add({ id: schedule.arn, kind: 'schedule', name: displayName(schedule), physicalName: schedule.name, detail: schedule.expression });
    edge(schedule.arn, schedule.target.arn, 'schedule');
    edge(schedule.arn, schedule.target.deadLetterArn, 'dead-letter', 'schedule failed');
  }
  for (const bucket of topology.buckets) if (bucket.eventBridgeEnabled) edge(bucket.arn, busArn('default'), 'notification', 'object events');

  const deadLetterKinds = new Set<EdgeKind>(['dead-letter', 'on-failure']);
  for (const { to, kind } of edges) {
    const node = nodes.get(to);
    if (node?.kind === 'queue' && deadLetterKinds.has(kind)) node.deadLetter = true;
  }
  const known = edges.filter((e) => nodes.has(e.from) && nodes.has(e.to));
  return { nodes: [...nodes.values()], edges: known };
}
