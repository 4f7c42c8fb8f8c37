import { createHash, randomBytes } from 'node:crypto';
import type { SQSEvent, SQSMessageAttributes, SQSRecord } from 'aws-lambda';
import { arn, TEST_REGION, uuid, type Placement } from './aws.ts';

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

function lambdaMessageAttributes(attributes: Record<string, MessageAttributeInput>): SQSMessageAttributes {
  // Lambda always includes the (reserved, unused) list fields, empty.
  return Object.fromEntries(
    Object.entries(attributes).map(([name, a]) => [
      name,
      {
        ...(a.stringValue !== undefined && { stringValue: a.stringValue }),
        ...(a.binaryValue !== undefined && { binaryValue: a.binaryValue }),
        stringListValues: [],
        binaryListValues: [],
        dataType: a.dataType,
      },
    ]),
  );
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

  return {
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
    messageAttributes: lambdaMessageAttributes(attributes),
    md5OfBody: md5(text),
    // Lambda sends null when the message has no attributes.
    md5OfMessageAttributes: (hasAttributes ? md5OfMessageAttributes(attributes) : null) as string | undefined,
    eventSource: 'aws:sqs',
    eventSourceARN: arn('sqs', queueName, options),
    awsRegion: options.region ?? TEST_REGION,
  };
}

/** The event a function receives from an SQS event source mapping: a batch of records. */
export function sqsEvent(records: SQSRecord[]): SQSEvent {
  return { Records: records };
}
