import type { AttributeValue as StreamsAttributeValue, _Record as DynamoDBStreamsRecord } from '@aws-sdk/client-dynamodb-streams';
import type { _Record as KinesisRecord } from '@aws-sdk/client-kinesis';
import type { Message } from '@aws-sdk/client-sqs';
import type { AttributeValue, DynamoDBRecord, KinesisStreamRecord, SQSMessageAttributes, SQSRecord } from 'aws-lambda';

/**
 * Records exactly as Lambda puts them in the event it sends a function, built from what the engines return
 * through the SDK (which turns timestamps into Dates and binary into bytes: both go back to their wire form).
 */

export interface SourcePlacement {
  /** The source's ARN as the template names it: what functions see as `eventSourceARN`. */
  arn: string;
  region: string;
}

/**
 * An SQS message as a record of an SQS event. https://docs.aws.amazon.com/lambda/latest/dg/with-sqs.html
 * Lambda always includes the (reserved) list fields of message attributes, empty, and `md5OfMessageAttributes`
 * null when there are none.
 */
export function sqsEventRecord(message: Message, source: SourcePlacement): SQSRecord {
  const attributes: Record<string, string | undefined> = message.Attributes ?? {};
  const system: Record<string, string> = {
    ApproximateReceiveCount: attributes.ApproximateReceiveCount ?? '1',
    SentTimestamp: attributes.SentTimestamp ?? '',
    SenderId: attributes.SenderId ?? '',
    ApproximateFirstReceiveTimestamp: attributes.ApproximateFirstReceiveTimestamp ?? '',
  };
  for (const name of ['SequenceNumber', 'MessageGroupId', 'MessageDeduplicationId', 'AWSTraceHeader', 'DeadLetterQueueSourceArn']) {
    const value = attributes[name];
    if (value !== undefined) system[name] = value;
  }
  return {
    messageId: message.MessageId ?? '',
    receiptHandle: message.ReceiptHandle ?? '',
    body: message.Body ?? '',
    attributes: system as unknown as SQSRecord['attributes'],
    messageAttributes: lambdaMessageAttributes(message),
    md5OfBody: message.MD5OfBody ?? '',
    // @types/aws-lambda says string | undefined; Lambda sends null.
    md5OfMessageAttributes: (message.MD5OfMessageAttributes ?? null) as string | undefined,
    eventSource: 'aws:sqs',
    eventSourceARN: source.arn,
    awsRegion: source.region,
  };
}

function lambdaMessageAttributes(message: Message): SQSMessageAttributes {
  return Object.fromEntries(
    Object.entries(message.MessageAttributes ?? {}).map(([name, value]) => [
      name,
      {
        ...(value.StringValue !== undefined && { stringValue: value.StringValue }),
        ...(value.BinaryValue !== undefined && { binaryValue: Buffer.from(value.BinaryValue).toString('base64') }),
        stringListValues: value.StringListValues ?? [],
        binaryListValues: (value.BinaryListValues ?? []).map((bytes) => Buffer.from(bytes).toString('base64')),
        dataType: value.DataType ?? 'String',
      },
    ]),
  ) as SQSMessageAttributes;
}

/**
 * A Kinesis record as a record of a Kinesis event: data base64-encoded, `approximateArrivalTimestamp` in seconds
 * with milliseconds as the fraction, `eventID` the shard and sequence number.
 * https://docs.aws.amazon.com/lambda/latest/dg/with-kinesis.html
 */
export function kinesisEventRecord(record: KinesisRecord, shardId: string, source: SourcePlacement & { invokeIdentityArn: string }): KinesisStreamRecord {
  const sequenceNumber = record.SequenceNumber ?? '';
  return {
    kinesis: {
      kinesisSchemaVersion: '1.0',
      partitionKey: record.PartitionKey ?? '',
      sequenceNumber,
      data: Buffer.from(record.Data ?? new Uint8Array()).toString('base64'),
      approximateArrivalTimestamp: (record.ApproximateArrivalTimestamp?.getTime() ?? 0) / 1000,
    },
    eventSource: 'aws:kinesis',
    eventVersion: '1.0',
    eventID: `${shardId}:${sequenceNumber}`,
    eventName: 'aws:kinesis:record',
    invokeIdentityArn: source.invokeIdentityArn,
    awsRegion: source.region,
    eventSourceARN: source.arn,
  };
}

/**
 * A DynamoDB stream record as a record of a DynamoDB event: attribute values in their typed wire form (binary
 * base64), `ApproximateCreationDateTime` in epoch seconds, the template's region and stream ARN (DynamoDB Local
 * reports region `ddblocal` and a stream label of its own). https://docs.aws.amazon.com/lambda/latest/dg/with-ddb.html
 */
export function dynamodbEventRecord(record: DynamoDBStreamsRecord, source: SourcePlacement): DynamoDBRecord {
  const change = record.dynamodb ?? {};
  const created = change.ApproximateCreationDateTime;
  return {
    eventID: record.eventID ?? '',
    eventName: record.eventName as DynamoDBRecord['eventName'],
    eventVersion: record.eventVersion ?? '1.1',
    eventSource: 'aws:dynamodb',
    awsRegion: source.region,
    dynamodb: {
      ...(created && { ApproximateCreationDateTime: Math.floor(created.getTime() / 1000) }),
      ...(change.Keys && { Keys: wireImage(change.Keys) }),
      ...(change.NewImage && { NewImage: wireImage(change.NewImage) }),
      ...(change.OldImage && { OldImage: wireImage(change.OldImage) }),
      ...(change.SequenceNumber !== undefined && { SequenceNumber: change.SequenceNumber }),
      ...(change.SizeBytes !== undefined && { SizeBytes: change.SizeBytes }),
      ...(change.StreamViewType && { StreamViewType: change.StreamViewType }),
    },
    eventSourceARN: source.arn,
    ...(record.userIdentity && {
      userIdentity: { type: record.userIdentity.Type ?? 'Service', principalId: record.userIdentity.PrincipalId ?? 'dynamodb.amazonaws.com' },
    }),
  };
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
