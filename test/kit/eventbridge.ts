import type { EventBridgeEvent } from 'aws-lambda';
import { arn, hex, isoSeconds, TEST_ACCOUNT, TEST_REGION, upperAlnum, uuid, type Placement } from './aws.ts';

/** What an event is made of: a `CatalogEvent` from `createEvent` fits, so does any raw event. */
export interface EventParts<TDetailType extends string = string, TDetail = unknown> {
  source: string;
  detailType: TDetailType;
  detail: TDetail;
}

export interface EventBridgeEventOverrides extends Placement {
  id?: string;
  time?: Date;
  resources?: string[];
  /** Set on events replayed from an archive. */
  replayName?: string;
}

/**
 * The full EventBridge event a rule delivers to a Lambda target (and, as the message body, to an
 * SQS target), in the shape documented at
 * https://docs.aws.amazon.com/eventbridge/latest/ref/overiew-event-structure.html
 *
 * @example
 * const event = eventBridgeEvent(createEvent(OrderPlaced, data, { correlationId: 'corr-1' }));
 * const raw = eventBridgeEvent({ source: 'aws.s3', detailType: 'Object Created', detail: {...} });
 */
export function eventBridgeEvent<TDetailType extends string, TDetail>(
  parts: EventParts<TDetailType, TDetail>,
  overrides: EventBridgeEventOverrides = {},
): EventBridgeEvent<TDetailType, TDetail> {
  return {
    version: '0',
    id: overrides.id ?? uuid(),
    'detail-type': parts.detailType,
    source: parts.source,
    account: overrides.account ?? TEST_ACCOUNT,
    time: isoSeconds(overrides.time ?? new Date()),
    region: overrides.region ?? TEST_REGION,
    resources: overrides.resources ?? [],
    detail: parts.detail,
    ...(overrides.replayName !== undefined && { 'replay-name': overrides.replayName }),
  };
}

/** `detail` of the S3 "Object Created" event (https://docs.aws.amazon.com/AmazonS3/latest/userguide/ev-events.html). */
export interface S3ObjectCreatedDetail {
  version: '0';
  bucket: { name: string };
  object: { key: string; size: number; etag: string; 'version-id'?: string; sequencer: string };
  'request-id': string;
  requester: string;
  'source-ip-address': string;
  reason: 'PutObject' | 'POST Object' | 'CopyObject' | 'CompleteMultipartUpload';
}

export interface S3ObjectCreatedOptions extends EventBridgeEventOverrides {
  bucket: string;
  /** The object key as written (EventBridge does not URL-encode it, unlike S3 event notifications). */
  key: string;
  size?: number;
  etag?: string;
  versionId?: string;
  sequencer?: string;
  requestId?: string;
  /** Account id of the caller, or a service principal such as `s3.amazonaws.com`. */
  requester?: string;
  sourceIpAddress?: string;
  reason?: S3ObjectCreatedDetail['reason'];
}

/**
 * The "Object Created" event S3 sends to EventBridge (bucket with EventBridge notifications on).
 *
 * @example
 * s3ObjectCreatedEvent({ bucket: 'eventful-imports', key: 'products/2026-11-28.csv', size: 512 });
 */
export function s3ObjectCreatedEvent(options: S3ObjectCreatedOptions): EventBridgeEvent<'Object Created', S3ObjectCreatedDetail> {
  const placement = { account: options.account ?? TEST_ACCOUNT, region: options.region ?? TEST_REGION };
  return eventBridgeEvent(
    {
      source: 'aws.s3',
      detailType: 'Object Created',
      detail: {
        version: '0',
        bucket: { name: options.bucket },
        object: {
          key: options.key,
          size: options.size ?? 1024,
          etag: options.etag ?? hex(32),
          ...(options.versionId !== undefined && { 'version-id': options.versionId }),
          sequencer: options.sequencer ?? hex(18).toUpperCase(),
        },
        'request-id': options.requestId ?? upperAlnum(16),
        requester: options.requester ?? placement.account,
        'source-ip-address': options.sourceIpAddress ?? '198.51.100.7',
        reason: options.reason ?? 'PutObject',
      },
    },
    { ...options, ...placement, resources: options.resources ?? [arn('s3', options.bucket, placement, true)] },
  );
}
