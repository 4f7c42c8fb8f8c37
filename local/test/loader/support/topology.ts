import type { LocalTopology } from '../../../topology/types.ts';

export const ENDPOINT = 'http://localhost:4566';
export const ACCOUNT = '000000000000';
export const REGION = 'us-east-1';

/** The spec whose construct path is `path` (e.g. `Core/OrdersQueue/Resource`); fails the test when there is none. */
export function byPath<T extends { path?: string }>(specs: readonly T[], path: string): T {
  const spec = specs.find((candidate) => candidate.path === path);
  if (spec === undefined) throw new Error(`no spec at ${path}; have: ${specs.map((candidate) => candidate.path).join(', ')}`);
  return spec;
}

export function unsupportedOf(topology: LocalTopology, logicalIdPrefix: string): LocalTopology['unsupported'] {
  return topology.unsupported.filter(({ logicalId }) => logicalId.startsWith(logicalIdPrefix));
}
