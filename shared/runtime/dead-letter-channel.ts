import type { MessageAttributeValue, SQSClient } from '@aws-sdk/client-sqs';
import type { SQSRecord } from 'aws-lambda';
import { InvalidEventError, UnknownEventTypeError } from '../events/index.ts';
import { logger, tracer } from './observability.ts';
import { errorMessageOf } from '../errors/describe-error.ts';

/*
 * SQS limits the dead-letter message must respect.
 * https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-message-metadata.html
 * (at most 10 message attributes; name, type and value never empty; String values carry the same
 * characters as a message body: #x9 | #xA | #xD | #x20 to #xD7FF | #xE000 to #xFFFD | #x10000 to #x10FFFF)
 */

/** Message attributes on one SQS message. */
export const SQS_MAX_MESSAGE_ATTRIBUTES = 10;

/**
 * Characters of the reason kept in the `ErrorMessage` attribute. Attributes count towards the message
 * size limit, and the dead-letter message is the original body plus these: a short reason keeps it
 * under the limit whenever the original was.
 */
export const DEAD_LETTER_ERROR_MESSAGE_MAX_LENGTH = 1024;

/** The attributes the dead-letter channel sets; an original attribute of the same name is replaced. */
export const DeadLetterAttributes = {
  /** The error's `code` (PoisonMessageError) or class name, e.g. `InvalidEventError`. */
  errorCode: 'ErrorCode',
  /** The error's message, truncated to DEAD_LETTER_ERROR_MESSAGE_MAX_LENGTH characters. */
  errorMessage: 'ErrorMessage',
  /** ARN of the queue the message was received from. */
  sourceQueue: 'SourceQueue',
  /** Its message id there, to find it in the consumer's logs. */
  sourceMessageId: 'SourceMessageId',
} as const;

/**
 * Throw it (or a subclass) from a consumer for a message that no retry can ever fix, e.g. one naming
 * an order that does not exist. With the dead-letter option of `sqsBatchHandler`, the message goes
 * to the dead-letter queue at once, with `code` and the message as its reason.
 */
export class PoisonMessageError extends Error {
  override readonly name: string = 'PoisonMessageError';

  constructor(
    /** Short machine-readable reason, the `ErrorCode` attribute, e.g. `OrderNotFound`. */
    readonly code: string,
    message: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

/**
 * Whether an error means the message itself is wrong: not an event of the catalog, not one the
 * consumer accepts, invalid against its schema (all InvalidEventError, raised before the consumer
 * runs), or a PoisonMessageError thrown by the consumer.
 */
export function isPoisonMessage(error: unknown): boolean {
  return error instanceof InvalidEventError || error instanceof UnknownEventTypeError || error instanceof PoisonMessageError;
}

export interface DeadLetterOptions {
  /**
   * URL of the dead-letter queue: the source queue's own (its redrive policy target), so operators
   * find every dead message in one place and can redrive it with the usual tools.
   */
  queueUrl: string;
  /**
   * Further errors that no retry can fix, besides those of {@link isPoisonMessage}. Any other error
   * is transient: the message is reported as a batch item failure and retried until the queue's
   * redrive policy moves it.
   * @default none
   */
  isPoison?: (error: unknown) => boolean;
  /** @default one traced `SQSClient` per execution environment, created on first use */
  client?: SQSClient;
}

/** What a record handled through the channel became when it was poison. */
export interface DeadLettered {
  deadLettered: true;
  errorCode: string;
}

export interface DeadLetterChannel {
  /** Whether `guard` sends a record failing with `error` to the dead-letter queue (else it is retried). */
  isPoison(error: unknown): boolean;
  /**
   * Runs `handle` for `record`. When it throws a poison error, sends the record to the dead-letter
   * queue with the reason and resolves (the record is done); any other error is rethrown.
   *
   * @throws the sending error when the dead-letter queue cannot be reached, so the record is retried.
   */
  guard<T>(record: SQSRecord, handle: () => Promise<T>): Promise<T | DeadLettered>;
}

// Imported and created on first use: a poison message is rare, and loading the SQS client at init costs tens of
// milliseconds of every cold start (README, "Cold start").
let defaultClient: Promise<SQSClient> | undefined;
const defaultSqsClient = (): Promise<SQSClient> =>
  (defaultClient ??= import('@aws-sdk/client-sqs').then(({ SQSClient }) => tracer.captureAWSv3Client(new SQSClient({}))));

// Characters an SQS String value cannot hold (outside the XML character ranges above).
const NOT_SQS_TEXT = /[^\x09\x0A\x0D\x20-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

function sqsText(text: string, maxLength: number): string {
  const characters = Array.from(text.replace(NOT_SQS_TEXT, '\uFFFD'));
  return characters.length <= maxLength ? characters.join('') : `${characters.slice(0, maxLength - 1).join('')}…`;
}

function errorCodeOf(error: unknown): string {
  if (error instanceof PoisonMessageError) return error.code;
  if (error instanceof Error && error.name) return error.name;
  return 'Error';
}

/** Lambda delivers attributes camelCased and with the (unused) list fields; SendMessage takes them PascalCased. */
function originalAttributes(record: SQSRecord): Record<string, MessageAttributeValue> {
  const entries = Object.entries(record.messageAttributes ?? {}).flatMap(([name, attribute]): [string, MessageAttributeValue][] => {
    if (attribute.stringValue !== undefined && attribute.stringValue !== '')
      return [[name, { DataType: attribute.dataType, StringValue: attribute.stringValue }]];
    if (attribute.binaryValue !== undefined && attribute.binaryValue !== '') {
      return [[name, { DataType: attribute.dataType, BinaryValue: Buffer.from(attribute.binaryValue, 'base64') }]];
    }
    return [];
  });
  return Object.fromEntries(entries);
}

/**
 * The attributes of the dead-letter message: the reason (`ErrorCode`, `ErrorMessage`), where it came
 * from (`SourceQueue`, `SourceMessageId`), then the original attributes while the 10-attribute limit
 * allows (the others are named in `dropped`).
 */
export function deadLetterAttributes(record: SQSRecord, error: unknown): { attributes: Record<string, MessageAttributeValue>; dropped: string[] } {
  const message = errorMessageOf(error);
  const ours: Record<string, MessageAttributeValue> = {
    [DeadLetterAttributes.errorCode]: { DataType: 'String', StringValue: sqsText(errorCodeOf(error), 256) || 'Error' },
    [DeadLetterAttributes.errorMessage]: { DataType: 'String', StringValue: sqsText(message, DEAD_LETTER_ERROR_MESSAGE_MAX_LENGTH) || '(no message)' },
    [DeadLetterAttributes.sourceQueue]: { DataType: 'String', StringValue: record.eventSourceARN },
    [DeadLetterAttributes.sourceMessageId]: { DataType: 'String', StringValue: record.messageId },
  };
  const originals = Object.entries(originalAttributes(record)).filter(([name]) => !(name in ours));
  const room = SQS_MAX_MESSAGE_ATTRIBUTES - Object.keys(ours).length;
  return {
    attributes: { ...Object.fromEntries(originals.slice(0, room)), ...ours },
    dropped: originals.slice(room).map(([name]) => name),
  };
}

/**
 * A dead-letter channel for an SQS consumer: a message that can never succeed goes to the
 * dead-letter queue at once, carrying why, instead of failing `maxReceiveCount` times first (each
 * failure delayed by the visibility timeout, and the DLQ then holding no reason at all).
 * The body is sent unchanged, so a redrive to the source queue replays it as it was.
 * A FIFO dead-letter queue (URL ending in `.fifo`) gets the record's message group, and its message
 * id as deduplication id, so a retried send is not stored twice.
 *
 * Used through the `deadLetter` option of `sqsBatchHandler`.
 *
 * @example
 * export const handler = createHandler(
 *   sqsBatchHandler(OrderPlaced, reserve, {
 *     deadLetter: { queueUrl: process.env.DEAD_LETTER_QUEUE_URL, isPoison: (e) => e instanceof OrderNotFoundError },
 *   }),
 * );
 */
export function createDeadLetterChannel(options: DeadLetterOptions): DeadLetterChannel {
  const { queueUrl, isPoison = () => false } = options;
  const fifo = queueUrl.endsWith('.fifo');
  const sqs = async () => options.client ?? defaultSqsClient();

  const channel: DeadLetterChannel = {
    isPoison: (error) => isPoisonMessage(error) || isPoison(error),
    async guard(record, handle) {
      try {
        return await handle();
      } catch (error) {
        if (!channel.isPoison(error)) throw error;
        const { attributes, dropped } = deadLetterAttributes(record, error);
        const errorCode = attributes[DeadLetterAttributes.errorCode]?.StringValue ?? 'Error';
        try {
          const { SendMessageCommand } = await import('@aws-sdk/client-sqs');
          await (await sqs()).send(
            new SendMessageCommand({
              QueueUrl: queueUrl,
              MessageBody: record.body,
              MessageAttributes: attributes,
              ...(fifo && { MessageGroupId: record.attributes.MessageGroupId ?? 'dead-letters', MessageDeduplicationId: record.messageId }),
            }),
          );
        } catch (sendError) {
          logger.error('Poison message could not be sent to the dead-letter queue: reporting it as a batch item failure', {
            messageId: record.messageId,
            errorCode,
            reason: error,
            error: sendError,
          });
          throw sendError;
        }
        logger.error('Poison message sent to the dead-letter queue', {
          messageId: record.messageId,
          errorCode,
          reason: error,
          ...(dropped.length > 0 && { droppedAttributes: dropped }),
        });
        return { deadLettered: true, errorCode };
      }
    },
  };
  return channel;
}
