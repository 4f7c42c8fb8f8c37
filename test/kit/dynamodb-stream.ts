import type { AttributeValue as SdkAttributeValue } from '@aws-sdk/client-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import type { AttributeValue, DynamoDBRecord, DynamoDBStreamEvent, StreamRecord } from 'aws-lambda';
import { arn, hex, TEST_REGION, type Placement } from './aws.ts';

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

const toStreamImage = (item: Item) =>
  // @aws-sdk's AttributeValue and @types/aws-lambda's are the same wire shape, typed differently.
  marshall(item, { removeUndefinedValues: true }) as Record<string, SdkAttributeValue> as unknown as Record<string, AttributeValue>;

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

  return {
    eventID: hex(32),
    eventName,
    eventVersion: '1.1',
    eventSource: 'aws:dynamodb',
    awsRegion: options.region ?? TEST_REGION,
    dynamodb: {
      ApproximateCreationDateTime: Math.floor((options.createdAt ?? new Date()).getTime() / 1000),
      Keys: keys,
      ...(newImage && { NewImage: newImage }),
      ...(oldImage && { OldImage: oldImage }),
      SequenceNumber: options.sequenceNumber ?? String(sequence++),
      SizeBytes: sizeOf(keys) + (newImage ? sizeOf(newImage) : 0) + (oldImage ? sizeOf(oldImage) : 0),
      StreamViewType: viewType,
    },
    eventSourceARN: arn('dynamodb', `table/${tableName}/stream/2026-01-01T00:00:00.000`, options),
    ...(options.ttlExpired && { userIdentity: { type: 'Service', principalId: 'dynamodb.amazonaws.com' } }),
  };
}

/** The event a function receives from a DynamoDB stream event source mapping: a batch of records. */
export function dynamoDBStreamEvent(records: DynamoDBRecord[]): DynamoDBStreamEvent {
  return { Records: records };
}
