import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createEvent, InventoryShortage, PaymentFailed, type CatalogEvent } from '../../../../shared/events/index.ts';
import { InvalidNotificationInputError } from '../../../../functions/send-notification/notification-input.ts';
import { OrderViewNotFoundError } from '../../../../functions/send-notification/find-customer.ts';
import { captureLogs, eventBridgeEvent, lambdaContext, type CapturedLogs } from '../../../kit/index.ts';
import { inventoryReserved, orderExpired, orderPaid, orderPlaced, paymentReceived } from '../../support/order-events.ts';
import { orderTables, TABLES } from '../../support/order-tables.ts';

vi.hoisted(() => {
  // Read once, when the handler module loads.
  process.env.ORDERS_TABLE = 'Orders';
  process.env.NOTIFICATIONS_TABLE = 'Notifications';
});

const { handler } = await import('../../../../functions/send-notification/handler.ts');

const db = orderTables();
const invoke = (input: unknown) => handler(input, lambdaContext({ functionName: 'send-notification' }));

/**
 * What the rule's input transformer (flows-contract.md) makes of an event: InputPathsMap
 * `$.detail-type`, `$.detail.metadata.eventId`, `…correlationId`, `$.detail.data.orderId`, `…occurredAt`.
 */
function transformed(event: CatalogEvent) {
  const received = eventBridgeEvent(event);
  return {
    kind: received['detail-type'],
    eventId: received.detail.metadata.eventId,
    correlationId: received.detail.metadata.correlationId,
    orderId: (received.detail.data as { orderId: string }).orderId,
    occurredAt: received.detail.metadata.occurredAt,
  };
}

const placed = orderPlaced('o-1');
const givenView = (orderId = 'o-1') => db.put(TABLES.orders, { orderId, customerId: `customer-of-${orderId}`, status: 'PLACED', version: 1 });
const notifications = () => db.items(TABLES.notifications);

let logs: CapturedLogs;
beforeEach(() => {
  logs = captureLogs('INFO');
});
afterEach(() => {
  logs.restore();
  db.reset();
});

describe('send-notification handler', () => {
  const payment = paymentReceived(placed);
  it.each([
    ['InventoryReserved', inventoryReserved(placed), 'order confirmed'],
    [
      'InventoryShortage',
      createEvent(InventoryShortage, { orderId: 'o-1', shortages: [{ sku: 'SKU-MUG', requested: 2, available: 0, reason: 'INSUFFICIENT_STOCK' }] }),
      'order rejected: out of stock',
    ],
    ['OrderPaid', orderPaid(payment), 'payment received'],
    ['PaymentFailed', createEvent(PaymentFailed, { ...payment.detail.data, paymentId: 'pay-failed' }), 'payment failed'],
    ['OrderExpired', orderExpired(placed), 'order expired'],
  ])('tells the customer about %s: "%s"', async (kind, event, message) => {
    // Prepare
    givenView();
    const input = transformed(event);

    // Act
    const outcome = await invoke(input);

    // Assess
    expect(outcome).toEqual({ result: 'sent', kind, orderId: 'o-1' });
    expect(notifications()).toEqual([
      {
        orderId: 'o-1',
        notificationKey: `${kind}#${input.eventId}`,
        kind,
        customerId: 'customer-of-o-1',
        message,
        eventId: input.eventId,
        correlationId: input.correlationId,
        occurredAt: input.occurredAt,
        sentAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      },
    ]);
  });

  it('sends nothing twice when the event is delivered again', async () => {
    // Prepare
    givenView();
    const input = transformed(inventoryReserved(placed));
    await invoke(input);
    const first = notifications();

    // Act
    const outcome = await invoke(input);

    // Assess
    expect(outcome).toMatchObject({ result: 'duplicate' });
    expect(notifications()).toEqual(first);
  });

  it('logs the send with the event’s correlation id', async () => {
    // Prepare
    givenView();
    const input = transformed(inventoryReserved(placed));

    // Act
    await invoke(input);

    // Assess
    const [line] = logs.withMessage('Notification sent');
    expect(line).toMatchObject({
      orderId: 'o-1',
      customerId: 'customer-of-o-1',
      kind: 'InventoryReserved',
      text: 'order confirmed',
      correlation_id: 'corr-o-1',
    });
  });

  it('waits briefly for a view the projection has not written yet', async () => {
    // Prepare
    db.beforeNext('GetCommand', () => undefined);
    db.beforeNext('GetCommand', () => givenView());

    // Act
    const outcome = await invoke(transformed(inventoryReserved(placed)));

    // Assess
    expect(outcome).toMatchObject({ result: 'sent' });
    expect(db.mock.commandCalls(GetCommand)).toHaveLength(2);
  });

  it('fails, for Lambda to retry later, when the view is still missing after looking three times', async () => {
    // Act
    const outcome = invoke(transformed(inventoryReserved(placed)));

    // Assess
    await expect(outcome).rejects.toThrow(OrderViewNotFoundError);
    expect(db.mock.commandCalls(GetCommand)).toHaveLength(3);
    expect(notifications()).toEqual([]);
  });

  it.each([
    ['no orderId (e.g. a claim-checked event)', { orderId: null }, /orderId/],
    ['a kind nobody is told about', { kind: 'OrderPlaced' }, /kind/],
    ['an occurredAt that is not a timestamp', { occurredAt: 'yesterday' }, /occurredAt/],
    ['an empty eventId', { eventId: '' }, /eventId/],
  ])('rejects an input with %s, naming the field', async (_, change, field) => {
    // Prepare
    givenView();
    const input = { ...transformed(inventoryReserved(placed)), ...change };

    // Act
    const outcome = invoke(input);

    // Assess
    await expect(outcome).rejects.toThrow(InvalidNotificationInputError);
    await expect(outcome).rejects.toThrow(field);
    expect(notifications()).toEqual([]);
  });
});
