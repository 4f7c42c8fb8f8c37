import type { Message } from '@aws-sdk/client-sqs';
import { createHash, randomBytes } from 'node:crypto';
import type { SQSEvent, SQSMessageAttributes, SQSRecord } from 'aws-lambda';
import { arn, DEFAULT_REGION, uuid, type Placement } from './common.ts';

/** A message attribute as a producer sets it (`SendMessage` `MessageAttributes`). */
export interface MessageAttributeInput {
  dataType: 'String' | 'Number' | 'Binary' | `${'String' | 'Number' | 'Binary'}.${string}`;
  stringValue?: string;
  /** Base64, as Lambda delivers it. */
  binaryValue?: string;
}

export interface SqsRecordOptions extends Placement {
  /** @default `test-queue`, or `test-queue.fifo` when a message group is given */
  queueName?: string;
  messageId?: string;
  receiptHandle?: string;
  /** How many times the message was received, this delivery included. @default 1 */
  receiveCount?: number;
  sentAt?: Date;
  firstReceivedAt?: Date;
  /** IAM identity of the sender. @default the sender id of the AWS documentation example */
  senderId?: string;
  messageAttributes?: Record<string, MessageAttributeInput>;
  /** FIFO queues: the message group. Makes the queue FIFO. */
  messageGroupId?: string;
  /** FIFO queues. @default SHA-256 of the body, as content-based deduplication computes it */
  messageDeduplicationId?: string;
  awsTraceHeader?: string;
}

// Increasing FIFO sequence numbers, the way SQS assigns them within a queue.
let fifoSequence = 18_849_496_460_467_696_128n;

const md5 = (data: Buffer | string): string => createHash('md5').update(data).digest('hex');

/**
 * MD5 of the message attributes, computed as SQS documents it: attributes sorted by name, each
 * encoded as length-prefixed name, data type, a transport byte (1 string/number, 2 binary) and value.
 * https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-message-metadata.html#sqs-attributes-md5-message-digest-calculation
 */
export function md5OfMessageAttributes(attributes: Record<string, MessageAttributeInput>): string {
  const lengthPrefixed = (bytes: Buffer) => {
    const length = Buffer.alloc(4);
    length.writeUInt32BE(bytes.length);
    return Buffer.concat([length, bytes]);
  };
  const parts = Object.keys(attributes)
    .sort()
    .flatMap((name) => {
      const attribute = attributes[name]!;
      const binary = attribute.dataType.startsWith('Binary');
      const value = binary ? Buffer.from(attribute.binaryValue ?? '', 'base64') : Buffer.from(attribute.stringValue ?? '', 'utf8');
      return [
        lengthPrefixed(Buffer.from(name, 'utf8')),
        lengthPrefixed(Buffer.from(attribute.dataType, 'utf8')),
        Buffer.from([binary ? 2 : 1]),
        lengthPrefixed(value),
      ];
    });
  return md5(Buffer.concat(parts));
}

/** Where the records come from: the queue's ARN as the function sees it (`eventSourceARN`), and its region. */
export interface SqsSource {
  arn: string;
  region: string;
}

/** A message attribute as Lambda delivers it; binary values base64. */
interface WireAttribute {
  dataType: string;
  stringValue?: string;
  binaryValue?: string;
  stringListValues?: string[];
  binaryListValues?: string[];
}

/** The parts of a received message that make a record, in their wire form. */
interface ReceivedMessage {
  messageId: string;
  receiptHandle: string;
  body: string;
  attributes: Record<string, string>;
  messageAttributes: Record<string, WireAttribute>;
  md5OfBody: string;
  md5OfMessageAttributes: string | null;
}

/** The system attributes Lambda passes on after the four every record has, when the message has them. */
const OPTIONAL_SYSTEM_ATTRIBUTES = ['SequenceNumber', 'MessageGroupId', 'MessageDeduplicationId', 'AWSTraceHeader', 'DeadLetterQueueSourceArn'];

/**
 * The record, keys in Lambda's order. Lambda always includes the (reserved, unused) list fields of message
 * attributes, empty, and sends `md5OfMessageAttributes` null when there are none.
 */
function record(message: ReceivedMessage, source: SqsSource): SQSRecord {
  const attributes: Record<string, string> = {
    ApproximateReceiveCount: message.attributes.ApproximateReceiveCount ?? '1',
    SentTimestamp: message.attributes.SentTimestamp ?? '',
    SenderId: message.attributes.SenderId ?? '',
    ApproximateFirstReceiveTimestamp: message.attributes.ApproximateFirstReceiveTimestamp ?? '',
  };
  for (const name of OPTIONAL_SYSTEM_ATTRIBUTES) {
    const value = message.attributes[name];
    if (value !== undefined) attributes[name] = value;
  }
  return {
    messageId: message.messageId,
    receiptHandle: message.receiptHandle,
    body: message.body,
    attributes: attributes as unknown as SQSRecord['attributes'],
    messageAttributes: Object.fromEntries(
      Object.entries(message.messageAttributes).map(([name, a]) => [
        name,
        {
          ...(a.stringValue !== undefined && { stringValue: a.stringValue }),
          ...(a.binaryValue !== undefined && { binaryValue: a.binaryValue }),
          stringListValues: a.stringListValues ?? [],
          binaryListValues: a.binaryListValues ?? [],
          dataType: a.dataType,
        },
      ]),
    ) as SQSMessageAttributes,
    md5OfBody: message.md5OfBody,
    // @types/aws-lambda says string | undefined; Lambda sends null.
    md5OfMessageAttributes: message.md5OfMessageAttributes as string | undefined,
    eventSource: 'aws:sqs',
    eventSourceARN: source.arn,
    awsRegion: source.region,
  };
}

/**
 * One SQS message as a Lambda event source mapping delivers it
 * (https://docs.aws.amazon.com/lambda/latest/dg/with-sqs.html). A body that is not a string is
 * JSON-serialized: pass `eventBridgeEvent(...)` for a queue that is the target of a bus rule.
 *
 * @example
 * const record = sqsRecord(eventBridgeEvent(createEvent(OrderPlaced, data)), { receiveCount: 3 });
 */
export function sqsRecord(body: unknown, options: SqsRecordOptions = {}): SQSRecord {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  const fifo = options.messageGroupId !== undefined || options.queueName?.endsWith('.fifo') === true;
  const queueName = options.queueName ?? (fifo ? 'test-queue.fifo' : 'test-queue');
  const sentAt = options.sentAt ?? new Date();
  const firstReceivedAt = options.firstReceivedAt ?? new Date(sentAt.getTime() + 15);
  const attributes = options.messageAttributes ?? {};
  const hasAttributes = Object.keys(attributes).length > 0;

  return record(
    {
      messageId: options.messageId ?? uuid(),
      receiptHandle: options.receiptHandle ?? `AQEB${randomBytes(96).toString('base64')}`,
      body: text,
      attributes: {
        ApproximateReceiveCount: String(options.receiveCount ?? 1),
        SentTimestamp: String(sentAt.getTime()),
        SenderId: options.senderId ?? 'AIDAIENQZJOLO23YVJ4VO',
        ApproximateFirstReceiveTimestamp: String(firstReceivedAt.getTime()),
        ...(options.awsTraceHeader !== undefined && { AWSTraceHeader: options.awsTraceHeader }),
        ...(fifo && {
          SequenceNumber: String(fifoSequence++),
          MessageGroupId: options.messageGroupId ?? 'default',
          MessageDeduplicationId: options.messageDeduplicationId ?? createHash('sha256').update(text).digest('hex'),
        }),
      },
      messageAttributes: attributes,
      md5OfBody: md5(text),
      md5OfMessageAttributes: hasAttributes ? md5OfMessageAttributes(attributes) : null,
    },
    { arn: arn('sqs', queueName, options), region: options.region ?? DEFAULT_REGION },
  );
}

/**
 * A message as the SDK's ReceiveMessage returns it, as a record of the event Lambda sends: what the runtime's
 * SQS event source mapping delivers (binary attribute values go back to base64).
 * https://docs.aws.amazon.com/lambda/latest/dg/with-sqs.html
 */
export function sqsRecordOfMessage(message: Message, source: SqsSource): SQSRecord {
  const base64 = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64');
  const attributes = Object.fromEntries(Object.entries(message.Attributes ?? {}).filter((entry): entry is [string, string] => entry[1] !== undefined));
  return record(
    {
      messageId: message.MessageId ?? '',
      receiptHandle: message.ReceiptHandle ?? '',
      body: message.Body ?? '',
      attributes,
      messageAttributes: Object.fromEntries(
        Object.entries(message.MessageAttributes ?? {}).map(([name, value]) => [
          name,
          {
            dataType: value.DataType ?? 'String',
            ...(value.StringValue !== undefined && { stringValue: value.StringValue }),
            ...(value.BinaryValue !== undefined && { binaryValue: base64(value.BinaryValue) }),
            stringListValues: value.StringListValues ?? [],
            binaryListValues: (value.BinaryListValues ?? []).map(base64),
          },
        ]),
      ),
      md5OfBody: message.MD5OfBody ?? '',
      md5OfMessageAttributes: message.MD5OfMessageAttributes ?? null,
    },
    source,
  );
}

/** The event a function receives from an SQS event source mapping: a batch of records. */
export function sqsEvent(records: SQSRecord[]): SQSEvent {
  return { Records: records };
}
