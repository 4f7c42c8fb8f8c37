import { EventBridgeSchema } from '@aws-lambda-powertools/parser/schemas/eventbridge';
import { S3EventNotificationEventBridgeSchema } from '@aws-lambda-powertools/parser/schemas/s3';
import { describe, expect, it } from 'vitest';
import { eventBridgeEvent, s3ObjectCreatedEvent } from '../../aws/events/index.ts';

/** An app's event, as its own code would make it: the builders take any source, detail type and detail. */
const paid = {
  source: 'eventful.orders',
  detailType: 'OrderPaid',
  detail: {
    metadata: { eventId: 'evt-1', version: 2, occurredAt: '2026-11-28T12:00:00.000Z', correlationId: 'corr-1', causationId: null, idempotencyKey: 'evt-1' },
    data: { orderId: 'ord-1', paymentId: 'pay-1', amountMinor: 19, currency: 'EUR' },
  },
};

describe('eventBridgeEvent', () => {
  it('builds an event the Powertools EventBridge schema accepts', () => {
    // Act
    const event = eventBridgeEvent(paid);

    // Assess
    expect(EventBridgeSchema.safeParse(event).success).toBe(true);
  });

  it('carries the catalog event as source, detail-type and detail', () => {
    const event = eventBridgeEvent(paid);

    expect(event).toMatchObject({ version: '0', source: 'eventful.orders', 'detail-type': 'OrderPaid', detail: paid.detail });
  });

  it('writes time to the second, as EventBridge does', () => {
    const event = eventBridgeEvent(paid, { time: new Date('2026-11-28T12:34:56.789Z') });

    expect(event.time).toBe('2026-11-28T12:34:56Z');
  });

  it('adds replay-name only to replayed events', () => {
    expect(eventBridgeEvent(paid)).not.toHaveProperty('replay-name');
    expect(eventBridgeEvent(paid, { replayName: 'replay-1' })['replay-name']).toBe('replay-1');
  });

  it('applies overrides of id, account, region and resources', () => {
    // Act
    const event = eventBridgeEvent(paid, { id: 'evt-1', account: '210987654321', region: 'eu-west-1', resources: ['arn:x'] });

    // Assess
    expect(event).toMatchObject({ id: 'evt-1', account: '210987654321', region: 'eu-west-1', resources: ['arn:x'] });
  });
});

describe('s3ObjectCreatedEvent', () => {
  it('builds an event the Powertools S3-via-EventBridge schema accepts', () => {
    // Act
    const event = s3ObjectCreatedEvent({ bucket: 'eventful-imports', key: 'products/2026-11-28.csv', size: 512 });

    // Assess
    expect(S3EventNotificationEventBridgeSchema.safeParse(event).success).toBe(true);
  });

  it('comes from aws.s3 with the bucket ARN as its resource and the object in its detail', () => {
    const event = s3ObjectCreatedEvent({ bucket: 'eventful-imports', key: 'a b.csv', size: 7, reason: 'CompleteMultipartUpload' });

    expect(event).toMatchObject({
      source: 'aws.s3',
      'detail-type': 'Object Created',
      resources: ['arn:aws:s3:::eventful-imports'],
      detail: {
        version: '0',
        bucket: { name: 'eventful-imports' },
        object: { key: 'a b.csv', size: 7 },
        requester: '123456789012',
        reason: 'CompleteMultipartUpload',
      },
    });
    expect(event.detail.object.etag).toMatch(/^[0-9a-f]{32}$/);
    expect(event.detail.object.sequencer).toMatch(/^[0-9A-F]{18}$/);
    expect(event.detail['request-id']).toMatch(/^[0-9A-Z]{16}$/);
  });
});
