import type { EventBridgeEvent } from 'aws-lambda';
import { arn, DEFAULT_ACCOUNT, DEFAULT_REGION, hex, isoSeconds, type Placement, upperAlnum, uuid } from './common.ts';

/** What an event is made of: an app's own event object fits, so does any raw event. */
export interface EventParts<TDetailType extends string = string, TDetail = unknown> {
  source: string;
  detailType: TDetailType;
  detail: TDetail;
}

export interface EventBridgeEventOverrides extends Placement {
  id?: string;
  /** @default now (EventBridge keeps seconds only) */
  time?: Date | number;
  resources?: readonly string[];
  /** Set on events replayed from an archive. */
  replayName?: string;
}

/** The `version` of every EventBridge event. */
export const EVENTBRIDGE_EVENT_VERSION = '0';

/**
 * The full EventBridge event a rule delivers to a Lambda target (and, as the message body, to an SQS target), keys
 * in AWS's order, `replay-name` right after `region` on replayed events, where AWS puts it.
 * https://docs.aws.amazon.com/eventbridge/latest/ref/overiew-event-structure.html
 *
 * @example
 * const raw = eventBridgeEvent({ source: 'aws.s3', detailType: 'Object Created', detail: {...} });
 */
export function eventBridgeEvent<TDetailType extends string, TDetail>(
  parts: EventParts<TDetailType, TDetail>,
  overrides: EventBridgeEventOverrides = {},
): EventBridgeEvent<TDetailType, TDetail> {
  return {
    version: EVENTBRIDGE_EVENT_VERSION,
    id: overrides.id ?? uuid(),
    'detail-type': parts.detailType,
    source: parts.source,
    account: overrides.account ?? DEFAULT_ACCOUNT,
    time: isoSeconds(overrides.time ?? new Date()),
    region: overrides.region ?? DEFAULT_REGION,
    ...(overrides.replayName !== undefined && { 'replay-name': overrides.replayName }),
    resources: [...(overrides.resources ?? [])],
    detail: parts.detail,
  };
}

/**
 * The "Scheduled Event" a rule with a `ScheduleExpression` sends its targets: `source` `aws.events`, the rule as
 * the one resource, `detail` `{}`. https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-run-lambda-schedule.html
 */
export function scheduledRuleEvent(options: EventBridgeEventOverrides & { ruleArn?: string } = {}): EventBridgeEvent<'Scheduled Event', Record<string, never>> {
  return eventBridgeEvent(
    { source: 'aws.events', detailType: 'Scheduled Event', detail: {} },
    { ...options, resources: options.resources ?? [options.ruleArn ?? arn('events', 'rule/test-rule', options)] },
  );
}

type S3ObjectCreatedReason = 'PutObject' | 'POST Object' | 'CopyObject' | 'CompleteMultipartUpload';

/** `detail` of the S3 "Object Created" event (https://docs.aws.amazon.com/AmazonS3/latest/userguide/ev-events.html). */
export interface S3ObjectCreatedDetail {
  version: '0';
  bucket: { name: string };
  object: { key: string; size: number; etag: string; 'version-id'?: string; sequencer: string };
  'request-id': string;
  requester: string;
  'source-ip-address': string;
  reason: S3ObjectCreatedReason;
}

/** `detail` of the S3 "Object Deleted" event. */
export interface S3ObjectDeletedDetail {
  version: '0';
  bucket: { name: string };
  object: { key: string; 'version-id'?: string; sequencer: string };
  'request-id': string;
  requester: string;
  'source-ip-address': string;
  reason: 'DeleteObject' | 'Lifecycle Expiration';
  'deletion-type': 'Permanently Deleted' | 'Delete Marker Created';
}

/** What both S3 object events say about the object and the request that changed it. */
interface S3ObjectChange {
  bucket: string;
  /** The object key as written (EventBridge does not URL-encode it, unlike S3 event notifications). */
  key: string;
  versionId?: string;
  /** Hex string ordering the events of one key. @default a random one */
  sequencer?: string;
  /** @default a random 16-character id, like S3's */
  requestId?: string;
  /** Account id of the caller, or a service principal such as `s3.amazonaws.com`. @default the account */
  requester?: string;
  /** @default '198.51.100.7' (a documentation address) */
  sourceIpAddress?: string;
  /** Whose request it was, for the default requester. */
  account?: string;
}

export interface S3ObjectCreatedDetailOptions extends S3ObjectChange {
  /** @default 1024 */
  size?: number;
  /** With or without the quotes S3 returns; events carry it without. @default a random one */
  etag?: string;
  /** @default 'PutObject' */
  reason?: S3ObjectCreatedReason;
}

export interface S3ObjectDeletedDetailOptions extends S3ObjectChange {
  /** @default 'DeleteObject' */
  reason?: S3ObjectDeletedDetail['reason'];
  /** @default 'Permanently Deleted' (an unversioned bucket) */
  deletionType?: S3ObjectDeletedDetail['deletion-type'];
}

const requestFields = (change: S3ObjectChange) => ({
  'request-id': change.requestId ?? upperAlnum(16),
  requester: change.requester ?? change.account ?? DEFAULT_ACCOUNT,
  'source-ip-address': change.sourceIpAddress ?? '198.51.100.7',
});

/** `detail` of S3's "Object Created" event, in the documented field order. */
export function s3ObjectCreatedDetail(options: S3ObjectCreatedDetailOptions): S3ObjectCreatedDetail {
  return {
    version: EVENTBRIDGE_EVENT_VERSION,
    bucket: { name: options.bucket },
    object: {
      key: options.key,
      size: options.size ?? 1024,
      etag: (options.etag ?? hex(32)).replaceAll('"', ''),
      ...(options.versionId !== undefined && { 'version-id': options.versionId }),
      sequencer: options.sequencer ?? hex(18).toUpperCase(),
    },
    ...requestFields(options),
    reason: options.reason ?? 'PutObject',
  };
}

/** `detail` of S3's "Object Deleted" event, in the documented field order. */
export function s3ObjectDeletedDetail(options: S3ObjectDeletedDetailOptions): S3ObjectDeletedDetail {
  return {
    version: EVENTBRIDGE_EVENT_VERSION,
    bucket: { name: options.bucket },
    object: {
      key: options.key,
      ...(options.versionId !== undefined && { 'version-id': options.versionId }),
      sequencer: options.sequencer ?? hex(18).toUpperCase(),
    },
    ...requestFields(options),
    reason: options.reason ?? 'DeleteObject',
    'deletion-type': options.deletionType ?? 'Permanently Deleted',
  };
}

export interface S3ObjectCreatedOptions extends S3ObjectCreatedDetailOptions, Omit<EventBridgeEventOverrides, 'account'> {}

/**
 * The "Object Created" event S3 sends to the default bus of a bucket with EventBridge notifications on; the
 * bucket is its one resource.
 *
 * @example
 * s3ObjectCreatedEvent({ bucket: 'eventful-imports', key: 'products/2026-11-28.csv', size: 512 });
 */
export function s3ObjectCreatedEvent(options: S3ObjectCreatedOptions): EventBridgeEvent<'Object Created', S3ObjectCreatedDetail> {
  return eventBridgeEvent(
    { source: 'aws.s3', detailType: 'Object Created', detail: s3ObjectCreatedDetail(options) },
    { ...options, resources: options.resources ?? [arn('s3', options.bucket, options, true)] },
  );
}

/** The "Object Deleted" event, likewise. */
export function s3ObjectDeletedEvent(
  options: S3ObjectDeletedDetailOptions & Omit<EventBridgeEventOverrides, 'account'>,
): EventBridgeEvent<'Object Deleted', S3ObjectDeletedDetail> {
  return eventBridgeEvent(
    { source: 'aws.s3', detailType: 'Object Deleted', detail: s3ObjectDeletedDetail(options) },
    { ...options, resources: options.resources ?? [arn('s3', options.bucket, options, true)] },
  );
}
