import type { NotificationKind } from './notification-input.ts';

/** What the customer is told for each kind of event. */
export const NOTIFICATION_MESSAGES: Readonly<Record<NotificationKind, string>> = {
  InventoryReserved: 'order confirmed',
  InventoryShortage: 'order rejected: out of stock',
  OrderPaid: 'payment received',
  PaymentFailed: 'payment failed',
  OrderExpired: 'order expired',
};
