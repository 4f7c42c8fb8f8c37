import { randomUUID } from 'node:crypto';
import { randomBytesPooled as randomBytes } from '../random-bytes.ts';

/**
 * The account and region every builder places its resources in unless told otherwise: the account of AWS's own
 * documentation examples. The runtime always passes the topology's.
 */
export const DEFAULT_ACCOUNT = '123456789012';
export const DEFAULT_REGION = 'us-east-1';

/** Where a resource lives; every builder accepts these to place its ARNs. */
export interface Placement {
  account?: string;
  region?: string;
}

export const uuid = (): string => randomUUID();

/** `n` random lowercase hex characters. */
export const hex = (n: number): string =>
  randomBytes(Math.ceil(n / 2))
    .toString('hex')
    .slice(0, n);

/** `n` random characters of an uppercase alphabet, like S3 request ids. */
export function upperAlnum(n: number): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
  return [...randomBytes(n)].map((b) => alphabet[b % alphabet.length]).join('');
}

/**
 * ISO-8601 in UTC to the second, the way EventBridge, Scheduler and tumbling windows write times
 * (`2026-11-28T12:00:00Z`): milliseconds are dropped, not rounded.
 */
export function isoSeconds(instant: Date | number): string {
  const ms = typeof instant === 'number' ? instant : instant.getTime();
  return `${new Date(Math.floor(ms / 1000) * 1000).toISOString().slice(0, 19)}Z`;
}

/** An ARN in the default account and region unless placed elsewhere; `global` resources (S3 buckets) have neither. */
export function arn(service: string, resource: string, placement: Placement = {}, global = false): string {
  return `arn:aws:${service}:${global ? '' : (placement.region ?? DEFAULT_REGION)}:${global ? '' : (placement.account ?? DEFAULT_ACCOUNT)}:${resource}`;
}
