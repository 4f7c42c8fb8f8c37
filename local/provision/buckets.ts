import { BucketAlreadyOwnedByYou, CreateBucketCommand, HeadBucketCommand, NotFound, type S3Client } from '@aws-sdk/client-s3';
import type { BucketSpec } from '../topology/types.ts';
import { ProvisionError } from './errors.ts';
import { describe } from './tables.ts';

export interface ProvisionedBucket {
  name: string;
  existed: boolean;
}

/**
 * HeadBucket first: the owner's second CreateBucket answers 200 in us-east-1 (and in fauxqs) but
 * `BucketAlreadyOwnedByYou` elsewhere, so its answer does not say whether the bucket existed.
 */
export async function provisionBucket(client: S3Client, bucket: BucketSpec): Promise<ProvisionedBucket> {
  try {
    await client.send(new HeadBucketCommand({ Bucket: bucket.name }));
    return { name: bucket.name, existed: true };
  } catch (error) {
    if (!(error instanceof NotFound || (error instanceof Error && error.name === 'NotFound'))) {
      throw new ProvisionError(`bucket ${bucket.name}`, describe(error), { cause: error });
    }
  }
  try {
    await client.send(new CreateBucketCommand({ Bucket: bucket.name }));
    return { name: bucket.name, existed: false };
  } catch (error) {
    if (error instanceof BucketAlreadyOwnedByYou) return { name: bucket.name, existed: true };
    throw new ProvisionError(`bucket ${bucket.name}`, describe(error), { cause: error });
  }
}
