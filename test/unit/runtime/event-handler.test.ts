import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createEvent, InvalidEventError, OrderExpired, OrderPaid } from '../../../shared/events/index.ts';
import { createHandler, eventBridgeHandler, logger } from '../../../shared/runtime/index.ts';
import { captureLogs, eventBridgeEvent, lambdaContext, type CapturedLogs } from '../../kit/index.ts';

const json = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;
const paid = createEvent(OrderPaid, { orderId: 'ord-1', paymentId: 'pay-1', amountMinor: 19, currency: 'EUR' }, { correlationId: 'corr-1' });
const expired = createEvent(OrderExpired, { orderId: 'ord-2', paymentDeadline: '2026-11-28T12:00:00.000Z' }, { correlationId: 'corr-2' });

/** The sample consumer of two event types, answering which branch it took. */
const handler = createHandler(
  eventBridgeHandler([OrderPaid, OrderExpired], async (event, { received }) => {
    logger.info('Updating order', { eventId: received.id });
    if (event.detailType === 'OrderPaid') return `paid ${event.detail.data.paymentId}`;
    return `expired ${event.detail.data.paymentDeadline}`;
  }),
);

let logs: CapturedLogs;
beforeEach(() => {
  logs = captureLogs('INFO');
});
afterEach(() => {
  logs.restore();
});

describe('eventBridgeHandler', () => {
  it.each([
    ['OrderPaid', eventBridgeEvent(paid), 'paid pay-1'],
    ['OrderExpired', eventBridgeEvent(expired), 'expired 2026-11-28T12:00:00.000Z'],
  ])('hands a %s event to the function, typed by its detail-type', async (_type, event, expected) => {
    expect(await handler(event, lambdaContext())).toBe(expected);
  });

  it('fails the invocation on an invalid event, naming the field and logging it with the correlation id', async () => {
    // Prepare
    const invalid = json(paid);
    invalid.detail.data.currency = 'euro';

    // Act
    const attempt = handler(eventBridgeEvent(invalid, { id: 'evt-bad' }), lambdaContext());

    // Assess
    await expect(attempt).rejects.toThrow(InvalidEventError);
    await expect(handler(eventBridgeEvent(invalid), lambdaContext())).rejects.toThrow('detail.data.currency: ');
    expect(logs.withMessage('Event rejected')[0]).toMatchObject({ eventId: 'evt-bad', correlation_id: 'corr-1' });
  });
});
