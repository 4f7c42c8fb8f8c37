import { decimalOf } from '../money/index.ts';
import type { OrderState, OrderStatus } from './order-state.ts';

/**
 * The read model of an order (`OrderView` in docs/openapi.yaml, once toHttpOrderView), as the read model table stores it: amounts in integer minor units of
 * `currency`. `GET /orders/{orderId}` serves it with decimal amounts (toHttpOrderView).
 */
export interface OrderView {
  orderId: string;
  status: OrderStatus;
  customerId: string;
  items: OrderState['items'];
  totalMinor: number;
  currency: string;
  /** The number of events applied. */
  version: number;
  placedAt: string;
  updatedAt: string;
  paymentDeadline: string;
  paymentId?: string;
  paidAt?: string;
  expiredAt?: string;
  shortages?: OrderState['shortages'];
}

/** What the read model table stores: the view, plus the sparse key of the `awaiting-payment` index. */
export interface OrderViewItem extends OrderView {
  /** 'Y' while the order awaits payment (PLACED or RESERVED), absent otherwise, so the index holds only those. */
  awaitingPayment?: 'Y';
}

/** The name of the read model's index of orders awaiting payment, by `paymentDeadline`. */
export const AWAITING_PAYMENT_INDEX = 'awaiting-payment';

/** The read model table's key and its index's, declared once for the table (infra) and its readers. */
export const ORDERS_TABLE_KEY = { partitionKey: 'orderId' } as const;
export const AWAITING_PAYMENT_INDEX_KEY = { partitionKey: 'awaitingPayment', sortKey: 'paymentDeadline' } as const;

/** The Notifications table's key (one item per order and notification kind and event), for the table (infra) and its writer. */
export const NOTIFICATIONS_TABLE_KEY = { partitionKey: 'orderId', sortKey: 'notificationKey' } as const;

export function toOrderView(order: OrderState): OrderView {
  return {
    orderId: order.orderId,
    status: order.status,
    customerId: order.customerId,
    items: order.items,
    totalMinor: order.totalMinor,
    currency: order.currency,
    version: order.version,
    placedAt: order.placedAt,
    updatedAt: order.updatedAt,
    paymentDeadline: order.paymentDeadline,
    ...(order.payment ? { paymentId: order.payment.paymentId, paidAt: order.payment.paidAt } : {}),
    ...(order.expiredAt ? { expiredAt: order.expiredAt } : {}),
    ...(order.shortages ? { shortages: order.shortages } : {}),
  };
}

export function toOrderViewItem(order: OrderState): OrderViewItem {
  const awaiting = order.status === 'PLACED' || order.status === 'RESERVED';
  return { ...toOrderView(order), ...(awaiting ? { awaitingPayment: 'Y' as const } : {}) };
}

/** The view of a stored item, without the index key. */
export function fromOrderViewItem({ awaitingPayment: _index, ...view }: OrderViewItem): OrderView {
  return view;
}

/** The order as `GET /orders/{orderId}` answers it (`OrderView` in docs/openapi.yaml): amounts as decimals of the currency. */
export type HttpOrderView = Omit<OrderView, 'items' | 'totalMinor'> & {
  items: { sku: string; quantity: number; unitPrice: number }[];
  total: number;
};

/** The view with its amounts converted exactly to decimals at the HTTP edge (2490 EUR → 24.9). */
export function toHttpOrderView({ items, totalMinor, ...view }: OrderView): HttpOrderView {
  return {
    ...view,
    items: items.map(({ sku, quantity, unitPriceMinor }) => ({ sku, quantity, unitPrice: decimalOf(unitPriceMinor, view.currency) })),
    total: decimalOf(totalMinor, view.currency),
  };
}
