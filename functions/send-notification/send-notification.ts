import type { NotificationInput } from './notification-input.ts';
import { NOTIFICATION_MESSAGES } from './notification-messages.ts';
import type { Notification, NotificationSender, SendResult } from './notification-sender.ts';

/**
 * Tells the order's customer what happened: looks the customer up, maps the event's kind to its
 * message and sends it (once per event, the sender sees to that).
 */
export async function sendNotification(
  input: NotificationInput,
  { findCustomer, sender }: { findCustomer: (orderId: string) => Promise<string>; sender: NotificationSender },
): Promise<{ result: SendResult; notification: Notification }> {
  const customerId = await findCustomer(input.orderId);
  const notification: Notification = {
    orderId: input.orderId,
    customerId,
    kind: input.kind,
    message: NOTIFICATION_MESSAGES[input.kind],
    eventId: input.eventId,
    correlationId: input.correlationId,
    occurredAt: input.occurredAt,
  };
  return { result: await sender.send(notification), notification };
}
