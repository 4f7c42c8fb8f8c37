import { EVENT_VERSION } from './constants.ts';

/** An object written to a bucket, as the S3 engine reports it. */
export interface S3ObjectCreatedInput {
  bucket: string;
  key: string;
  size: number;
  /** With or without the quotes S3 returns; events carry it without. */
  etag: string;
  /** Hex string ordering events of one key. @default one derived from the service clock and a counter */
  sequencer?: string;
  versionId?: string;
  /** @default a random 16-character id, like S3's */
  requestId?: string;
  /** @default '127.0.0.1' */
  sourceIp?: string;
  /** Account id of the caller, or a service principal. @default the local account */
  requester?: string;
  /** The S3 API that created the object. @default 'PutObject' */
  reason?: 'PutObject' | 'POST Object' | 'CopyObject' | 'CompleteMultipartUpload';
  /** @default now, on the service clock */
  time?: Date;
}

/** An object removed from a bucket. */
export interface S3ObjectDeletedInput {
  bucket: string;
  key: string;
  sequencer?: string;
  versionId?: string;
  requestId?: string;
  sourceIp?: string;
  requester?: string;
  /** @default 'DeleteObject' */
  reason?: 'DeleteObject' | 'Lifecycle Expiration';
  /** @default 'Permanently Deleted' (an unversioned bucket) */
  deletionType?: 'Permanently Deleted' | 'Delete Marker Created';
  time?: Date;
}

interface Defaults {
  requester: string;
  requestId: string;
  sequencer: string;
  sourceIp: string;
}

/**
 * `detail` of S3's "Object Created" event, in the documented field order.
 * https://docs.aws.amazon.com/AmazonS3/latest/userguide/ev-events.html
 */
export function objectCreatedDetail(input: S3ObjectCreatedInput, defaults: Defaults): Record<string, unknown> {
  return {
    version: EVENT_VERSION,
    bucket: { name: input.bucket },
    object: {
      key: input.key,
      size: input.size,
      etag: input.etag.replaceAll('"', ''),
      ...(input.versionId === undefined ? {} : { 'version-id': input.versionId }),
      sequencer: input.sequencer ?? defaults.sequencer,
    },
    'request-id': input.requestId ?? defaults.requestId,
    requester: input.requester ?? defaults.requester,
    'source-ip-address': input.sourceIp ?? defaults.sourceIp,
    reason: input.reason ?? 'PutObject',
  };
}

/** `detail` of S3's "Object Deleted" event. https://docs.aws.amazon.com/AmazonS3/latest/userguide/ev-events.html */
export function objectDeletedDetail(input: S3ObjectDeletedInput, defaults: Defaults): Record<string, unknown> {
  return {
    version: EVENT_VERSION,
    bucket: { name: input.bucket },
    object: {
      key: input.key,
      ...(input.versionId === undefined ? {} : { 'version-id': input.versionId }),
      sequencer: input.sequencer ?? defaults.sequencer,
    },
    'request-id': input.requestId ?? defaults.requestId,
    requester: input.requester ?? defaults.requester,
    'source-ip-address': input.sourceIp ?? defaults.sourceIp,
    reason: input.reason ?? 'DeleteObject',
    'deletion-type': input.deletionType ?? 'Permanently Deleted',
  };
}
