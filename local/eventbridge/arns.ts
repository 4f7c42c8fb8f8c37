import { DEFAULT_EVENT_BUS } from './constants.ts';

/** Where the local account lives. */
export interface Placement {
  accountId: string;
  region: string;
}

const eventsArn = (where: Placement, resource: string): string => `arn:aws:events:${where.region}:${where.accountId}:${resource}`;

export const eventBusArn = (where: Placement, name: string): string => eventsArn(where, `event-bus/${name}`);

/** Rules on the default bus are `rule/<name>`; on a custom bus `rule/<bus>/<name>`. */
export const ruleArn = (where: Placement, busName: string, name: string): string =>
  eventsArn(where, busName === DEFAULT_EVENT_BUS ? `rule/${name}` : `rule/${busName}/${name}`);

export const archiveArn = (where: Placement, name: string): string => eventsArn(where, `archive/${name}`);

export const replayArn = (where: Placement, name: string): string => eventsArn(where, `replay/${name}`);

/** `arn:aws:s3:::<bucket>`: bucket ARNs name no region or account. */
export const bucketArn = (bucket: string): string => `arn:aws:s3:::${bucket}`;

/**
 * The bus an `EventBusName` parameter names: a name, or an ARN (whose last segment is the name).
 * `undefined` or empty means the default bus.
 */
export function busNameOf(nameOrArn: string | undefined): string {
  if (!nameOrArn) return DEFAULT_EVENT_BUS;
  if (!nameOrArn.startsWith('arn:')) return nameOrArn;
  const resource = nameOrArn.split(':').slice(5).join(':');
  return resource.startsWith('event-bus/') ? resource.slice('event-bus/'.length) : nameOrArn;
}

/** The last path segment of an ARN's resource, e.g. the archive name of `…:archive/orders`. */
export function resourceNameOf(arn: string, type: string): string | undefined {
  const resource = arn.split(':').slice(5).join(':');
  return resource.startsWith(`${type}/`) ? resource.slice(type.length + 1) : undefined;
}
