import type { S3Client } from '@aws-sdk/client-s3';
import { ClaimCheckSchema } from '../events/index.ts';
import { ClaimCheckError } from '../runtime/errors.ts';
import { readClaimCheck, type ClaimCheckStore } from './claim-check-store.ts';

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null;

/**
 * Gives back a received `detail` with its `data` inline. A claim-checked detail (`data: null`,
 * `metadata.claimCheck: { bucket, key, sizeBytes }`) has its payload read from the store; any other
 * detail is returned as is, without I/O. `metadata.claimCheck` is kept, so a consumer can still tell
 * the payload travelled out of band. Validate the result with `parseDetail` afterwards.
 *
 * Handlers built with `shared/runtime` get this for free (its parsers resolve before validating);
 * call it directly in code that reads events some other way (CLI, scripts, tests).
 *
 * @param source an `S3Client` (reads the bucket the reference names) or a {@link ClaimCheckStore}.
 * @throws ClaimCheckError when the payload cannot be read or is not JSON.
 * @example
 * const detail = parseDetail(OrderPlaced, await resolveClaimCheck(event.detail, s3));
 */
export async function resolveClaimCheck<TDetail>(detail: TDetail, source: S3Client | Pick<ClaimCheckStore, 'get'>): Promise<TDetail> {
  if (!isObject(detail) || !isObject(detail.metadata) || detail.metadata.claimCheck === undefined) return detail;
  // Already inline (resolved upstream, or a producer that kept the data): nothing to read.
  if (detail.data !== null && detail.data !== undefined) return detail;
  const claimCheck = ClaimCheckSchema.safeParse(detail.metadata.claimCheck);
  // A malformed reference is left for catalog validation, which names the faulty field.
  if (!claimCheck.success) return detail;

  // A client sends commands, a store gets: told apart without loading the S3 client's module for an instanceof.
  const text = 'send' in source ? await readClaimCheck(source, claimCheck.data) : await source.get(claimCheck.data);
  try {
    return { ...detail, data: JSON.parse(text) as unknown };
  } catch (error) {
    throw new ClaimCheckError(`s3://${claimCheck.data.bucket}/${claimCheck.data.key}`, 'the object is not JSON', { cause: error });
  }
}
