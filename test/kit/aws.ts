import { randomBytes, randomUUID } from 'node:crypto';

/** The account and region every builder defaults to. Override per builder when a test cares. */
export const TEST_ACCOUNT = '123456789012';
export const TEST_REGION = 'us-east-1';

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

/** ISO-8601 in UTC without milliseconds, the way EventBridge writes `time` (`2026-11-28T12:00:00Z`). */
export const isoSeconds = (date: Date): string => `${date.toISOString().slice(0, 19)}Z`;

/** An ARN in the test account and region unless placed elsewhere. */
export function arn(service: string, resource: string, placement: Placement = {}, global = false): string {
  return `arn:aws:${service}:${global ? '' : (placement.region ?? TEST_REGION)}:${global ? '' : (placement.account ?? TEST_ACCOUNT)}:${resource}`;
}
