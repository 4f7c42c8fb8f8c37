import { s3ObjectCreatedDetail, s3ObjectDeletedDetail } from '../aws/events/index.ts';

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

/** `detail` of S3's "Object Created" event, with the service's defaults for what the input leaves out. */
export function objectCreatedDetail(input: S3ObjectCreatedInput, defaults: Defaults): Record<string, unknown> {
  const { sourceIp, time: _time, ...rest } = input;
  return { ...s3ObjectCreatedDetail({ ...defaultsOf(defaults), ...withoutUndefined(rest), sourceIpAddress: sourceIp ?? defaults.sourceIp }) };
}

/** `detail` of S3's "Object Deleted" event, likewise. */
export function objectDeletedDetail(input: S3ObjectDeletedInput, defaults: Defaults): Record<string, unknown> {
  const { sourceIp, time: _time, ...rest } = input;
  return { ...s3ObjectDeletedDetail({ ...defaultsOf(defaults), ...withoutUndefined(rest), sourceIpAddress: sourceIp ?? defaults.sourceIp }) };
}

const defaultsOf = (defaults: Defaults) => ({ requester: defaults.requester, requestId: defaults.requestId, sequencer: defaults.sequencer });

function withoutUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}
