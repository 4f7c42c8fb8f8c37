import type { S3Client } from '@aws-sdk/client-s3';
import type { ClaimCheck, EventMetadata } from '../events/index.ts';
import { ClaimCheckError } from '../runtime/errors.ts';
import { ClaimCheckStoreError } from './errors.ts';
import { describeError } from '../errors/describe-error.ts';

/** The event a payload belongs to: what names its object. */
export interface ClaimCheckOwner {
  detailType: string;
  metadata: Pick<EventMetadata, 'eventId' | 'occurredAt'>;
}

/**
 * Where payloads too large for the bus are kept (claim check pattern). The stored object is the JSON
 * of the event's `data`, nothing else, so any consumer can read it back with a plain GetObject.
 */
export interface ClaimCheckStore {
  /** Stores `json`, the event's `data` as JSON text, and returns the reference the event will carry. */
  put(owner: ClaimCheckOwner, json: string): Promise<ClaimCheck>;
  /** Returns the JSON text a reference points to. */
  get(claimCheck: ClaimCheck): Promise<string>;
}

/** Where claim-check objects live in their bucket: the deployed grants and lifecycle rule are scoped to it. */
export const CLAIM_CHECK_PREFIX = 'claim-checks/';

/**
 * The object key of an event's payload: `claim-checks/<detailType>/<yyyy-mm-dd>/<eventId>.json`.
 * Grouped by type and UTC day of `occurredAt`, so a lifecycle rule or an operator can find and
 * expire them; the event id makes a re-publish overwrite the same object instead of adding one.
 */
export function claimCheckKey(owner: ClaimCheckOwner): string {
  const day = new Date(owner.metadata.occurredAt).toISOString().slice(0, 10);
  return `${CLAIM_CHECK_PREFIX}${owner.detailType}/${day}/${owner.metadata.eventId}.json`;
}

/**
 * A {@link ClaimCheckStore} on S3. The bucket is where payloads are put; references carry their own
 * bucket, so `get` reads whatever bucket a producer used.
 *
 * Keep objects at least as long as the bus archive keeps events, or replayed events lose their payload.
 *
 * @example
 * const store = new S3ClaimCheckStore(process.env.CLAIM_CHECK_BUCKET!, new S3Client({}));
 * await publishEvents(events, { client, eventBusName, claimCheckStore: store });
 */
export class S3ClaimCheckStore implements ClaimCheckStore {
  constructor(
    readonly bucket: string,
    private readonly client: S3Client,
  ) {}

  async put(owner: ClaimCheckOwner, json: string): Promise<ClaimCheck> {
    const key = claimCheckKey(owner);
    const body = Buffer.from(json, 'utf8');
    try {
      // Imported on first use: a function that never writes a claim check does not load the S3 client's commands at init.
      const { PutObjectCommand } = await import('@aws-sdk/client-s3');
      await this.client.send(new PutObjectCommand({ Bucket: this.bucket, Key: key, Body: body, ContentType: 'application/json' }));
    } catch (error) {
      const reason = describeError(error);
      throw new ClaimCheckStoreError(`s3://${this.bucket}/${key}`, owner.metadata.eventId, reason, { cause: error });
    }
    return { bucket: this.bucket, key, sizeBytes: body.byteLength };
  }

  get(claimCheck: ClaimCheck): Promise<string> {
    return readClaimCheck(this.client, claimCheck);
  }
}

/** Reads the object a reference points to, failing with the runtime's `ClaimCheckError` like its resolver does. */
export async function readClaimCheck(client: S3Client, { bucket, key }: ClaimCheck): Promise<string> {
  const location = `s3://${bucket}/${key}`;
  let text: string | undefined;
  try {
    // Imported on first use, like the client (shared/runtime/claim-check.ts): most functions never read a claim check.
    const { GetObjectCommand } = await import('@aws-sdk/client-s3');
    const object = await client.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
    text = await object.Body?.transformToString('utf-8');
  } catch (error) {
    throw new ClaimCheckError(location, describeError(error), { cause: error });
  }
  if (text === undefined) throw new ClaimCheckError(location, 'the object has no body');
  return text;
}
