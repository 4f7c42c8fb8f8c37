import { GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { ClaimCheckSchema } from '../events/index.ts';
import { ClaimCheckError } from './errors.ts';
import { tracer } from './observability.ts';

/**
 * Turns a received `detail` into one whose `data` is inline. A claim-checked detail
 * (`data: null`, `metadata.claimCheck: { bucket, key, sizeBytes }`) has its payload fetched;
 * any other detail is returned as is. Injectable, so tests and other stores can replace S3.
 */
export type ClaimCheckResolver = (detail: unknown) => Promise<unknown>;

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null;

// Created on first use: most functions never receive a claim-checked event and should not pay for an S3 client.
let defaultClient: S3Client | undefined;
const defaultS3Client = (): S3Client => (defaultClient ??= tracer.captureAWSv3Client(new S3Client({})));

/**
 * A {@link ClaimCheckResolver} reading the payload from S3: the object at `s3://bucket/key` holds the
 * JSON of `data`, which is put back into `data`. `metadata.claimCheck` is kept, so the handler can
 * still tell that the payload travelled out of band.
 *
 * @param client defaults to one traced `S3Client` per execution environment, created on first use.
 * @throws ClaimCheckError when the object cannot be read or is not JSON.
 * @example
 * const resolve = s3ClaimCheckResolver(new S3Client({ region: 'eu-west-1' }));
 * const detail = await resolve(event.detail);
 */
export function s3ClaimCheckResolver(client: S3Client | (() => S3Client) = defaultS3Client): ClaimCheckResolver {
  const s3 = typeof client === 'function' ? client : () => client;
  return async (detail) => {
    if (!isObject(detail) || !isObject(detail.metadata) || detail.metadata.claimCheck === undefined) return detail;
    // Already inline (resolved upstream, or a producer that kept the data): nothing to fetch.
    if (detail.data !== null && detail.data !== undefined) return detail;
    const claimCheck = ClaimCheckSchema.safeParse(detail.metadata.claimCheck);
    // A malformed reference is left for catalog validation, which names the faulty field.
    if (!claimCheck.success) return detail;

    const { bucket, key } = claimCheck.data;
    const location = `s3://${bucket}/${key}`;
    let text: string | undefined;
    try {
      const object = await s3().send(new GetObjectCommand({ Bucket: bucket, Key: key }));
      text = await object.Body?.transformToString('utf-8');
    } catch (error) {
      throw new ClaimCheckError(location, error instanceof Error ? `${error.name}: ${error.message}` : String(error), { cause: error });
    }
    if (text === undefined) throw new ClaimCheckError(location, 'the object has no body');
    try {
      return { ...detail, data: JSON.parse(text) as unknown };
    } catch (error) {
      throw new ClaimCheckError(location, 'the object is not JSON', { cause: error });
    }
  };
}

/** The default resolver: S3, with the shared client. */
export const resolveFromS3: ClaimCheckResolver = s3ClaimCheckResolver();
