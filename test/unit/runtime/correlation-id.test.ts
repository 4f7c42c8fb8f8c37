import { describe, expect, it } from 'vitest';
import { createEvent, OrderPaid } from '../../../shared/events/index.ts';
import { correlationIdOf } from '../../../shared/runtime/index.ts';
import { eventBridgeEvent, httpApiEvent, kinesisEvent, kinesisRecord, s3ObjectCreatedEvent, schedulerEvent, sqsEvent, sqsRecord } from '../../kit/index.ts';

const paid = createEvent(OrderPaid, { orderId: 'ord-1', paymentId: 'pay-1', amountMinor: 19, currency: 'EUR' }, { correlationId: 'corr-1' });

describe('correlationIdOf', () => {
  it.each([
    ['a catalog event: its metadata', eventBridgeEvent(paid), 'corr-1'],
    ['an AWS event: its id, starting a correlation', s3ObjectCreatedEvent({ bucket: 'b', key: 'k', id: 'evt-s3' }), 'evt-s3'],
    ['a Scheduler notification: its id', schedulerEvent({ id: 'evt-sched' }), 'evt-sched'],
    ['an HTTP request with x-correlation-id', httpApiEvent({ headers: { 'X-Correlation-Id': 'corr-http' }, requestId: 'req-1' }), 'corr-http'],
    ['an HTTP request without it: the request id', httpApiEvent({ requestId: 'req-1' }), 'req-1'],
    ['an SQS batch: none, each record has its own', sqsEvent([sqsRecord(eventBridgeEvent(paid))]), undefined],
    ['a Kinesis batch: none', kinesisEvent([kinesisRecord(paid)]), undefined],
    ['anything else: none', { job: 'nightly' }, undefined],
  ])('reads %s', (_case, event, expected) => {
    expect(correlationIdOf(event)).toBe(expected);
  });
});
