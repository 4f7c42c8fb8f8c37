import type { S3Client } from '@aws-sdk/client-s3';
import { readClaimCheck } from '../publishing/claim-check-store.ts';
import { resolveClaimCheck } from '../publishing/resolve-claim-check.ts';
import { tracer } from './observability.ts';

/**
 * Turns a received `detail` into one whose `data` is inline. A claim-checked detail
 * (`data: null`, `metadata.claimCheck: { bucket, key, sizeBytes }`) has its payload fetched;
 * any other detail is returned as is. Injectable, so tests and other stores can replace S3.
 */
export type ClaimCheckResolver = (detail: unknown) => Promise<unknown>;

// Imported and created on first use: most functions never receive a claim-checked event and should not pay for
// loading the S3 client at init (tens of milliseconds; README, "Cold start").
let defaultClient: Promise<S3Client> | undefined;
const defaultS3Client = (): Promise<S3Client> =>
  (defaultClient ??= import('@aws-sdk/client-s3').then(({ S3Client }) => tracer.captureAWSv3Client(new S3Client({}))));

/**
 * A {@link ClaimCheckResolver} reading the payload from S3 with the publishing layer's
 * {@link resolveClaimCheck}, so what producers write and consumers read is defined in one place.
 * `metadata.claimCheck` is kept, so the handler can still tell that the payload travelled out of band.
 *
 * @param client defaults to one traced `S3Client` per execution environment, created on first use.
 * @throws ClaimCheckError when the object cannot be read or is not JSON.
 * @example
 * const resolve = s3ClaimCheckResolver(new S3Client({ region: 'eu-west-1' }));
 * const detail = await resolve(event.detail);
 */
export function s3ClaimCheckResolver(client: S3Client | (() => S3Client | Promise<S3Client>) = defaultS3Client): ClaimCheckResolver {
  const s3 = typeof client === 'function' ? client : () => client;
  // A store that opens the client only when a claim check is actually read.
  const store = { get: async (reference: Parameters<typeof readClaimCheck>[1]) => readClaimCheck(await s3(), reference) };
  return (detail) => resolveClaimCheck(detail, store);
}

/** The default resolver: S3, with the shared client. */
export const resolveFromS3: ClaimCheckResolver = s3ClaimCheckResolver();
