import { SendMessageCommand, SQSClient, type SendMessageCommandInput } from '@aws-sdk/client-sqs';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createEvent, OrderPaid, OrderPlaced } from '../../../shared/events/index.ts';
import {
  createHandler,
  DEAD_LETTER_ERROR_MESSAGE_MAX_LENGTH,
  deadLetterAttributes,
  PoisonMessageError,
  SQS_MAX_MESSAGE_ATTRIBUTES,
  sqsBatchHandler,
  type DeadLetterOptions,
  type EventFunction,
} from '../../../shared/runtime/index.ts';
import { captureLogs, eventBridgeEvent, lambdaContext, sqsEvent, sqsRecord, type CapturedLogs, type MessageAttributeInput } from '../../kit/index.ts';

const DLQ_URL = 'https://sqs.us-east-1.amazonaws.com/123456789012/inventory-dlq';
const sqs = mockClient(SQSClient);

type Paid = ReturnType<typeof paid>;
const paid = (orderId: string) =>
  createEvent(OrderPaid, { orderId, paymentId: `pay-${orderId}`, amountMinor: 10, currency: 'EUR' }, { correlationId: `corr-${orderId}` });

class LedgerClosedError extends Error {
  override readonly name = 'LedgerClosedError';
}

/** Fails on `ord-transient` (throttled), `ord-poison` (PoisonMessageError) and `ord-closed` (a custom permanent error). */
const consumer: EventFunction<Paid, unknown> = async (event) => {
  const { orderId } = event.detail.data;
  if (orderId === 'ord-transient') throw Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException' });
  if (orderId === 'ord-poison') throw new PoisonMessageError('OrderNotFound', `Order ${orderId} does not exist`);
  if (orderId === 'ord-closed') throw new LedgerClosedError(`The ledger of ${orderId} is closed`);
  return orderId;
};

const handlerWith = (deadLetter: Partial<DeadLetterOptions> = {}) =>
  createHandler(sqsBatchHandler(OrderPaid, consumer, { deadLetter: { queueUrl: DLQ_URL, ...deadLetter } }));

const sent = (): SendMessageCommandInput[] => sqs.commandCalls(SendMessageCommand).map((call) => call.args[0].input);
const attribute = (input: SendMessageCommandInput | undefined, name: string) => input?.MessageAttributes?.[name]?.StringValue;

let logs: CapturedLogs;
beforeEach(() => {
  logs = captureLogs('INFO');
  sqs.on(SendMessageCommand).resolves({ MessageId: 'dead-1' });
});
afterEach(() => {
  logs.restore();
  sqs.reset();
});

describe('sqsBatchHandler with a dead-letter queue', () => {
  it.each([
    ['a body that is not JSON', () => '{"detail-type": "OrderPaid", ', 'InvalidEventError', /body/],
    [
      'an event of another type',
      () =>
        eventBridgeEvent(
          createEvent(OrderPlaced, {
            orderId: 'o-1',
            customerId: 'c-1',
            items: [{ sku: 'S', quantity: 1, unitPriceMinor: 1 }],
            totalMinor: 1,
            currency: 'EUR',
            paymentDeadline: '2026-01-01T00:00:00.000Z',
          }),
        ),
      'InvalidEventError',
      /body\.detail-type: expected one of "OrderPaid", got "OrderPlaced"/,
    ],
    [
      'an event invalid against its schema',
      () => eventBridgeEvent({ ...paid('o-2'), detail: { ...paid('o-2').detail, data: { orderId: 'o-2' } } }),
      'InvalidEventError',
      /body\.detail\.data\.paymentId/,
    ],
    ['a consumer failing with PoisonMessageError', () => eventBridgeEvent(paid('ord-poison')), 'OrderNotFound', /Order ord-poison does not exist/],
  ])('sends %s to the dead-letter queue at once with the reason, and reports it processed', async (_, body, errorCode, reason) => {
    // Prepare
    const record = sqsRecord(body(), { queueName: 'inventory', receiveCount: 1 });

    // Act
    const response = await handlerWith()(sqsEvent([record, sqsRecord(eventBridgeEvent(paid('ord-ok')))]), lambdaContext());

    // Assess
    expect(response).toEqual({ batchItemFailures: [] });
    const [message] = sent();
    expect(sent()).toHaveLength(1);
    expect(message).toMatchObject({ QueueUrl: DLQ_URL, MessageBody: record.body });
    expect(attribute(message, 'ErrorCode')).toBe(errorCode);
    expect(attribute(message, 'ErrorMessage')).toMatch(reason);
    expect(attribute(message, 'SourceQueue')).toBe(record.eventSourceARN);
    expect(attribute(message, 'SourceMessageId')).toBe(record.messageId);
    const fates = logs.lines.map((line) => String(line.message)).filter((message) => /^Record (rejected|failed): /.test(message));
    expect(fates).toEqual([expect.stringMatching(/: sending it to the dead-letter queue$/)]);
  });

  it('retries transient failures as batch item failures, sending nothing to the dead-letter queue', async () => {
    // Prepare
    const transient = sqsRecord(eventBridgeEvent(paid('ord-transient')));

    // Act
    const response = await handlerWith()(sqsEvent([transient, sqsRecord(eventBridgeEvent(paid('ord-ok')))]), lambdaContext());

    // Assess
    expect(response).toEqual({ batchItemFailures: [{ itemIdentifier: transient.messageId }] });
    expect(sent()).toEqual([]);
    expect(logs.withMessage('Record failed: reporting it as a batch item failure')).toHaveLength(1);
  });

  it('treats the errors named by isPoison as poison too, with their class name as the code', async () => {
    // Act
    const response = await handlerWith({ isPoison: (error) => error instanceof LedgerClosedError })(
      sqsEvent([sqsRecord(eventBridgeEvent(paid('ord-closed')))]),
      lambdaContext(),
    );

    // Assess
    expect(response).toEqual({ batchItemFailures: [] });
    expect(attribute(sent()[0], 'ErrorCode')).toBe('LedgerClosedError');
  });

  it('reports a poison message as a batch item failure when the dead-letter queue cannot be reached', async () => {
    // Prepare
    sqs.on(SendMessageCommand).rejects(Object.assign(new Error('Service unavailable'), { name: 'ServiceUnavailable' }));
    const poison = sqsRecord('not json');

    // Act
    const response = await handlerWith()(sqsEvent([poison, sqsRecord(eventBridgeEvent(paid('ord-ok')))]), lambdaContext());

    // Assess
    expect(response).toEqual({ batchItemFailures: [{ itemIdentifier: poison.messageId }] });
    expect(logs.withMessage('Poison message could not be sent to the dead-letter queue: reporting it as a batch item failure')).toHaveLength(1);
  });

  it('logs each dead-lettered message with its id and reason', async () => {
    // Prepare
    const poison = sqsRecord(eventBridgeEvent(paid('ord-poison')));

    // Act
    await handlerWith()(sqsEvent([poison]), lambdaContext());

    // Assess
    const [line] = logs.withMessage('Poison message sent to the dead-letter queue');
    expect(line).toMatchObject({ messageId: poison.messageId, errorCode: 'OrderNotFound' });
    expect(JSON.stringify(line?.reason)).toContain('Order ord-poison does not exist');
  });

  it("keeps a FIFO message's group in a FIFO dead-letter queue, deduplicated by its message id", async () => {
    // Prepare
    const poison = sqsRecord('not json', { messageGroupId: 'customer-7' });

    // Act
    await handlerWith({ queueUrl: `${DLQ_URL}.fifo` })(sqsEvent([poison]), lambdaContext());

    // Assess
    expect(sent()[0]).toMatchObject({ QueueUrl: `${DLQ_URL}.fifo`, MessageGroupId: 'customer-7', MessageDeduplicationId: poison.messageId });
  });
});

describe('deadLetterAttributes', () => {
  it('truncates the reason to a safe length and replaces characters SQS refuses', () => {
    // Prepare
    const record = sqsRecord('x');
    const error = new Error(`bad\u0000byte ${'é'.repeat(5000)}`);

    // Act
    const { attributes } = deadLetterAttributes(record, error);

    // Assess
    const message = attributes.ErrorMessage?.StringValue ?? '';
    expect(Array.from(message)).toHaveLength(DEAD_LETTER_ERROR_MESSAGE_MAX_LENGTH);
    expect(message.startsWith('bad\uFFFDbyte é')).toBe(true);
    expect(message.endsWith('…')).toBe(true);
  });

  it('keeps the original attributes as far as the 10-attribute limit allows, and names the ones dropped', () => {
    // Prepare
    const originals: Record<string, MessageAttributeInput> = Object.fromEntries(
      Array.from({ length: 8 }, (_, i) => [`attr${i}`, { dataType: 'String', stringValue: `value-${i}` }]),
    );
    originals.ErrorCode = { dataType: 'String', stringValue: 'from an earlier failure' };
    originals.picture = { dataType: 'Binary', binaryValue: Buffer.from([1, 2, 3]).toString('base64') };
    const record = sqsRecord('x', { messageAttributes: originals });

    // Act
    const { attributes, dropped } = deadLetterAttributes(record, new PoisonMessageError('Invalid', 'no'));

    // Assess
    expect(Object.keys(attributes)).toHaveLength(SQS_MAX_MESSAGE_ATTRIBUTES);
    expect(attributes.ErrorCode).toEqual({ DataType: 'String', StringValue: 'Invalid' });
    expect(attributes.attr0).toEqual({ DataType: 'String', StringValue: 'value-0' });
    expect(dropped).toEqual(['attr6', 'attr7', 'picture']);
  });

  it('never sends an empty value, which SQS rejects', () => {
    // Act
    const { attributes } = deadLetterAttributes(sqsRecord('x'), new Error(''));

    // Assess
    expect(Object.values(attributes).every((value) => (value.StringValue ?? '') !== '')).toBe(true);
  });

  it('carries binary attributes over as bytes', () => {
    // Prepare
    const record = sqsRecord('x', { messageAttributes: { picture: { dataType: 'Binary', binaryValue: Buffer.from([1, 2, 3]).toString('base64') } } });

    // Act
    const { attributes } = deadLetterAttributes(record, new Error('no'));

    // Assess
    expect(attributes.picture?.DataType).toBe('Binary');
    expect([...(attributes.picture?.BinaryValue ?? [])]).toEqual([1, 2, 3]);
  });
});
