import { SqsSchema } from '@aws-lambda-powertools/parser/schemas/sqs';
import { describe, expect, it } from 'vitest';
import { eventBridgeEvent, md5OfMessageAttributes, sqsEvent, sqsRecord } from '../../aws/events/index.ts';

/** An app's event, as its own code would make it: the builders take any source, detail type and detail. */
const paid = {
  source: 'eventful.orders',
  detailType: 'OrderPaid',
  detail: {
    metadata: { eventId: 'evt-1', version: 2, occurredAt: '2026-11-28T12:00:00.000Z', correlationId: 'corr-1', causationId: null, idempotencyKey: 'evt-1' },
    data: { orderId: 'ord-1', paymentId: 'pay-1', amountMinor: 19, currency: 'EUR' },
  },
};

describe('sqsRecord', () => {
  it('builds records the Powertools SQS schema accepts', () => {
    // Act
    const event = sqsEvent([
      sqsRecord(eventBridgeEvent(paid)),
      sqsRecord('plain text', { messageAttributes: { kind: { dataType: 'String', stringValue: 'note' } } }),
      sqsRecord({ a: 1 }, { messageGroupId: 'order-1' }),
    ]);

    // Assess
    expect(SqsSchema.safeParse(event).success).toBe(true);
  });

  it('carries an EventBridge event as the JSON body, as a bus rule with a queue target delivers it', () => {
    const record = sqsRecord(eventBridgeEvent(paid));

    expect(JSON.parse(record.body)).toMatchObject({ 'detail-type': 'OrderPaid', detail: paid.detail });
  });

  it.each([
    ['Test message.', 'e4e68fb7bd0e697a0ae8f1bb342846b3'],
    ['Sample content.', 'b58e1d0a86521415d25b85b89f6ad6cd'],
  ])('computes md5OfBody of %j as SQS does', (body, md5) => {
    expect(sqsRecord(body).md5OfBody).toBe(md5);
  });

  it('computes md5OfMessageAttributes as SQS does (vector from a real Lambda event)', () => {
    expect(md5OfMessageAttributes({ 'sample-attribute': { dataType: 'String', stringValue: 'sample-value' } })).toBe('7c815262be77a62f56671125069ca888');
  });

  it('sends null md5OfMessageAttributes and empty messageAttributes for a message without attributes', () => {
    const record = sqsRecord('x');

    expect(record.md5OfMessageAttributes).toBeNull();
    expect(record.messageAttributes).toEqual({});
  });

  it('delivers attributes with the empty list fields Lambda includes', () => {
    const record = sqsRecord('x', { messageAttributes: { kind: { dataType: 'String', stringValue: 'note' } } });

    expect(record.messageAttributes).toEqual({ kind: { stringValue: 'note', stringListValues: [], binaryListValues: [], dataType: 'String' } });
  });

  it('writes the system attributes as strings, receive count and timestamps included', () => {
    // Act
    const record = sqsRecord('x', { receiveCount: 3, sentAt: new Date(1_700_000_000_000), firstReceivedAt: new Date(1_700_000_000_050) });

    // Assess
    expect(record.attributes).toMatchObject({
      ApproximateReceiveCount: '3',
      SentTimestamp: '1700000000000',
      ApproximateFirstReceiveTimestamp: '1700000000050',
    });
    expect(record).toMatchObject({ eventSource: 'aws:sqs', eventSourceARN: 'arn:aws:sqs:us-east-1:123456789012:test-queue', awsRegion: 'us-east-1' });
  });

  it('gives FIFO messages a group, a content-based deduplication id and increasing sequence numbers', () => {
    // Act
    const first = sqsRecord('a', { messageGroupId: 'order-1' });
    const second = sqsRecord('b', { messageGroupId: 'order-1' });

    // Assess
    expect(first.eventSourceARN).toMatch(/:test-queue\.fifo$/);
    expect(first.attributes.MessageGroupId).toBe('order-1');
    expect(first.attributes.MessageDeduplicationId).toMatch(/^[0-9a-f]{64}$/);
    expect(BigInt(second.attributes.SequenceNumber!)).toBeGreaterThan(BigInt(first.attributes.SequenceNumber!));
  });

  it('leaves the FIFO attributes out of standard queue messages', () => {
    expect(sqsRecord('x').attributes).not.toHaveProperty('MessageGroupId');
  });
});
