import type { OrderState, OrderStatus } from './order-state.ts';

/** The read model `GET /orders/{orderId}` serves (`OrderView` in docs/openapi.yaml). */
export interface OrderView {
  orderId: string;
  status: OrderStatus;
  customerId: string;
  items: OrderState['items'];
  total: number;
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

export function toOrderView(order: OrderState): OrderView {
  return {
    orderId: order.orderId,
    status: order.status,
    customerId: order.customerId,
    items: order.items,
    total: order.total,
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
