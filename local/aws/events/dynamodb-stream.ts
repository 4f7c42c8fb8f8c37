import type { AttributeValue as StreamsAttributeValue, _Record as SdkStreamRecord } from '@aws-sdk/client-dynamodb-streams';
import { marshall } from '@aws-sdk/util-dynamodb';
import type { AttributeValue, DynamoDBRecord, DynamoDBStreamEvent, StreamRecord } from 'aws-lambda';
import { arn, hex, DEFAULT_REGION, type Placement } from './common.ts';

type Item = Record<string, unknown>;
type StreamViewType = NonNullable<StreamRecord['StreamViewType']>;

export interface DynamoDBStreamRecordOptions extends Placement {
  /** The item's primary key attributes, plain JavaScript (marshalled for you). */
  keys: Item;
  /** The item after the change (INSERT, MODIFY). */
  newImage?: Item;
  /** The item before the change (MODIFY, REMOVE). */
  oldImage?: Item;
  /** @default INSERT with only a new image, REMOVE with only an old one, MODIFY with both */
  eventName?: 'INSERT' | 'MODIFY' | 'REMOVE';
  /** What the stream captures; images it does not capture are left out. @default 'NEW_AND_OLD_IMAGES' */
  streamViewType?: StreamViewType;
  /** @default 'test-table' */
  tableName?: string;
  /** @default the next of an increasing sequence */
  sequenceNumber?: string;
  /** @default now */
  createdAt?: Date;
  /** A REMOVE made by Time to Live, which DynamoDB marks with the service as the user identity. */
  ttlExpired?: boolean;
}

// Stream sequence numbers are decimal strings that increase within a shard.
let sequence = 4_421_584_500_000_000_017_450_439_091n;

// marshall leaves binary as bytes; Lambda sends it base64, as the wire form of DynamoDB's JSON.
const toStreamImage = (item: Item) => wireImage(marshall(item, { removeUndefinedValues: true }) as Record<string, StreamsAttributeValue>);

/** Approximate DynamoDB size of marshalled attributes, following the documented item-size rules. */
function sizeOf(value: AttributeValue | Record<string, AttributeValue>): number {
  const v = value as Record<string, unknown>;
  if ('S' in v) return Buffer.byteLength(v.S as string);
  if ('N' in v) return Math.ceil(String(v.N).replace(/[-.]/g, '').replace(/^0+/, '').length / 2) + 1;
  if ('B' in v) return Buffer.from(v.B as string, 'base64').length;
  if ('BOOL' in v || 'NULL' in v) return 1;
  if ('SS' in v) return (v.SS as string[]).reduce((n, s) => n + Buffer.byteLength(s), 0);
  if ('NS' in v) return (v.NS as string[]).reduce((n, s) => n + sizeOf({ N: s }), 0);
  if ('BS' in v) return (v.BS as string[]).reduce((n, b) => n + sizeOf({ B: b }), 0);
  if ('L' in v) return 3 + (v.L as AttributeValue[]).reduce((n, e) => n + 1 + sizeOf(e), 0);
  if ('M' in v) return 3 + Object.entries(v.M as Record<string, AttributeValue>).reduce((n, [k, e]) => n + 1 + Buffer.byteLength(k) + sizeOf(e), 0);
  return Object.entries(value as Record<string, AttributeValue>).reduce((n, [k, e]) => n + Buffer.byteLength(k) + sizeOf(e), 0);
}

/**
 * One DynamoDB stream record as a Lambda event source mapping delivers it
 * (https://docs.aws.amazon.com/lambda/latest/dg/with-ddb.html): keys and images marshalled, the
 * images the stream view type captures and no others.
 *
 * @example
 * dynamoDBStreamRecord({ keys: { pk: 'order#1', sk: 1 }, newImage: { pk: 'order#1', sk: 1, detailType: 'OrderPlaced', detail } });
 */
export function dynamoDBStreamRecord(options: DynamoDBStreamRecordOptions): DynamoDBRecord {
  const eventName = options.eventName ?? (options.newImage && options.oldImage ? 'MODIFY' : options.newImage ? 'INSERT' : 'REMOVE');
  const viewType = options.streamViewType ?? 'NEW_AND_OLD_IMAGES';
  const keys = toStreamImage(options.keys);
  const withNew = options.newImage !== undefined && (viewType === 'NEW_IMAGE' || viewType === 'NEW_AND_OLD_IMAGES');
  const withOld = options.oldImage !== undefined && (viewType === 'OLD_IMAGE' || viewType === 'NEW_AND_OLD_IMAGES');
  const newImage = withNew ? toStreamImage(options.newImage!) : undefined;
  const oldImage = withOld ? toStreamImage(options.oldImage!) : undefined;
  const tableName = options.tableName ?? 'test-table';

  return record(
    {
      eventID: hex(32),
      eventName,
      eventVersion: '1.1',
      dynamodb: {
        ApproximateCreationDateTime: Math.floor((options.createdAt ?? new Date()).getTime() / 1000),
        Keys: keys,
        ...(newImage && { NewImage: newImage }),
        ...(oldImage && { OldImage: oldImage }),
        SequenceNumber: options.sequenceNumber ?? String(sequence++),
        SizeBytes: sizeOf(keys) + (newImage ? sizeOf(newImage) : 0) + (oldImage ? sizeOf(oldImage) : 0),
        StreamViewType: viewType,
      },
      ...(options.ttlExpired && { userIdentity: { type: 'Service', principalId: 'dynamodb.amazonaws.com' } }),
    },
    { arn: arn('dynamodb', `table/${tableName}/stream/2026-01-01T00:00:00.000`, options), region: options.region ?? DEFAULT_REGION },
  );
}

/** Where the records come from: the stream's ARN as the template names it, and its region. */
export interface DynamoDBStreamSource {
  arn: string;
  region: string;
}

/** The record, keys in Lambda's order. */
function record(
  change: Pick<DynamoDBRecord, 'eventID' | 'eventName' | 'eventVersion' | 'dynamodb' | 'userIdentity'>,
  source: DynamoDBStreamSource,
): DynamoDBRecord {
  return {
    eventID: change.eventID,
    eventName: change.eventName,
    eventVersion: change.eventVersion,
    eventSource: 'aws:dynamodb',
    awsRegion: source.region,
    dynamodb: change.dynamodb,
    eventSourceARN: source.arn,
    ...(change.userIdentity && { userIdentity: change.userIdentity }),
  };
}

/**
 * A record as the SDK's GetRecords returns it, as a record of the event Lambda sends: attribute values back in
 * their typed wire form (binary base64), `ApproximateCreationDateTime` in epoch seconds, and the template's
 * region and stream ARN (DynamoDB Local reports region `ddblocal` and a stream label of its own).
 * https://docs.aws.amazon.com/lambda/latest/dg/with-ddb.html
 */
export function dynamoDBStreamRecordOf(raw: SdkStreamRecord, source: DynamoDBStreamSource): DynamoDBRecord {
  const change = raw.dynamodb ?? {};
  const created = change.ApproximateCreationDateTime;
  return record(
    {
      eventID: raw.eventID ?? '',
      eventName: raw.eventName as DynamoDBRecord['eventName'],
      eventVersion: raw.eventVersion ?? '1.1',
      dynamodb: {
        ...(created && { ApproximateCreationDateTime: Math.floor(created.getTime() / 1000) }),
        ...(change.Keys && { Keys: wireImage(change.Keys) }),
        ...(change.NewImage && { NewImage: wireImage(change.NewImage) }),
        ...(change.OldImage && { OldImage: wireImage(change.OldImage) }),
        ...(change.SequenceNumber !== undefined && { SequenceNumber: change.SequenceNumber }),
        ...(change.SizeBytes !== undefined && { SizeBytes: change.SizeBytes }),
        ...(change.StreamViewType && { StreamViewType: change.StreamViewType }),
      },
      ...(raw.userIdentity && {
        userIdentity: { type: raw.userIdentity.Type ?? 'Service', principalId: raw.userIdentity.PrincipalId ?? 'dynamodb.amazonaws.com' },
      }),
    },
    source,
  );
}

function wireImage(image: Record<string, StreamsAttributeValue>): Record<string, AttributeValue> {
  return Object.fromEntries(Object.entries(image).map(([name, value]) => [name, wireValue(value)]));
}

const base64 = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64');

/** The SDK's deserialized attribute value back in the JSON form DynamoDB (and Lambda) send. */
function wireValue(value: StreamsAttributeValue): AttributeValue {
  if (value.B !== undefined) return { B: base64(value.B) };
  if (value.BS !== undefined) return { BS: value.BS.map(base64) };
  if (value.L !== undefined) return { L: value.L.map(wireValue) };
  if (value.M !== undefined) return { M: wireImage(value.M) };
  if (value.S !== undefined) return { S: value.S };
  if (value.N !== undefined) return { N: value.N };
  if (value.SS !== undefined) return { SS: value.SS };
  if (value.NS !== undefined) return { NS: value.NS };
  if (value.BOOL !== undefined) return { BOOL: value.BOOL };
  if (value.NULL !== undefined) return { NULL: value.NULL };
  return value as unknown as AttributeValue;
}

/** The event a function receives from a DynamoDB stream event source mapping: a batch of records. */
export function dynamoDBStreamEvent(records: DynamoDBRecord[]): DynamoDBStreamEvent {
  return { Records: records };
}
