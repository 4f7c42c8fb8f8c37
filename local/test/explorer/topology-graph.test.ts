import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { displayName, topologyGraph, type TopologyGraph } from '../../explorer/topology-graph.ts';
import { loadTopology } from '../../loader/index.ts';
import { FIXTURE_NAMES, synthesizeRuntimeFixture } from '../runtime/fixtures/runtime-fixture-app.ts';

describe('displayName', () => {
  it.each([
    ['Eventful/Orders/Inventory/ReserveInventory/Function/Resource', 'Orders/Inventory/ReserveInventory'],
    ['Eventful/Orders/Inventory/Queue/DeadLetter/Queue/Resource', 'Orders/Inventory/Queue/DeadLetter'],
    ['Eventful/Orders/EventStore/Events/Default/Resource', 'Orders/EventStore/Events'],
    ['Eventful/Platform/Backbone/OrderPlacedToInventory/Rule/Resource', 'Platform/Backbone/OrderPlacedToInventory'],
    ['Stack/Resource', 'Resource'],
  ])('names %s as %s', (path, expected) => {
    // Act + Assess
    expect(displayName({ path, logicalId: 'L', name: 'physical' })).toBe(expected);
  });

  it('falls back on the physical name without a construct path', () => {
    // Act + Assess
    expect(displayName({ logicalId: 'L', name: 'physical' })).toBe('physical');
  });
});

describe('topologyGraph of a synthesized app', () => {
  let assemblyDir: string;
  let graph: TopologyGraph;
  const node = (name: string) => {
    const found = graph.nodes.find((n) => n.name === name);
    if (!found) throw new Error(`no node ${name} among ${graph.nodes.map((n) => n.name).join(', ')}`);
    return found;
  };
  const edgesBetween = (from: string, to: string) => graph.edges.filter((e) => e.from === node(from).id && e.to === node(to).id).map((e) => e.kind);

  beforeAll(async () => {
    assemblyDir = synthesizeRuntimeFixture();
    graph = topologyGraph(await loadTopology({ assemblyDir, endpointUrl: 'http://127.0.0.1:4566' }));
  }, 60_000);

  afterAll(() => {
    if (assemblyDir) rmSync(assemblyDir, { recursive: true, force: true });
  });

  it('has a node for each resource, named by its construct path', () => {
    // Assess
    expect(graph.nodes.map((n) => `${n.kind} ${n.name}`).sort()).toEqual(
      [
        'archive Bus/Archive',
        'bus Bus',
        'bus default (bus)',
        'function Writer',
        'queue Audit',
        'queue Scheduled',
        'queue Work',
        'queue WorkDlq',
        'rule AuditRule',
        'rule Nightly',
        'rule WorkRule',
        'table Orders',
      ].sort(),
    );
    expect(node('Writer').physicalName).toBe(FIXTURE_NAMES.writer);
  });

  it('draws rule targets, the event source mapping, the redrive policy and what a function writes to', () => {
    // Assess
    expect(edgesBetween('Bus', 'WorkRule')).toEqual(['rule']);
    expect(edgesBetween('WorkRule', 'Work')).toEqual(['target']);
    expect(edgesBetween('Work', 'Writer')).toEqual(['esm']);
    expect(edgesBetween('Work', 'WorkDlq')).toEqual(['dead-letter']);
    expect(edgesBetween('Writer', 'Orders')).toEqual(['uses']);
    expect(edgesBetween('Bus', 'Bus/Archive')).toEqual(['archive']);
  });

  it('marks the queues that receive failures as dead letters, and only those', () => {
    // Assess
    expect(graph.nodes.filter((n) => n.deadLetter).map((n) => n.name)).toEqual(['WorkDlq']);
  });

  it('keeps the pattern of each rule for the page to show', () => {
    // Assess
    expect(JSON.parse(node('WorkRule').detail ?? '')).toEqual({ 'detail-type': ['OrderPlaced'], detail: { orderId: [{ prefix: 'o-' }] } });
    expect(node('Nightly').detail).toBe('rate(1 day)');
  });
});
