import { withOptimisticConcurrency, type EventStore } from '../../shared/event-store/index.ts';
import type { CatalogEvent, PaymentReceived } from '../../shared/events/index.ts';
import { decidePayment, foldOrder, ORDER_AGGREGATE, OrderNotFoundError } from '../../shared/orders/index.ts';

export type PaymentOutcome =
  | { kind: 'recorded'; orderId: string; paymentId: string; version: number }
  | { kind: 'skipped'; orderId: string; paymentId: string; reason: string };

/**
 * Records OrderPaid on the order a received payment covers. A redelivered PaymentReceived is
 * skipped (the order already holds the payment, or its cause); a payment that does not fit the
 * order (wrong amount or currency, order no longer awaiting payment) is skipped with the reason.
 *
 * @throws OrderNotFoundError when the payment names an order that does not exist.
 */
export async function recordPayment(payment: CatalogEvent<typeof PaymentReceived>, { store }: { store: EventStore }): Promise<PaymentOutcome> {
  const { orderId, paymentId } = payment.detail.data;
  return withOptimisticConcurrency(async () => {
    const order = foldOrder(await store.load(orderId));
    if (!order) throw new OrderNotFoundError(orderId, `payment ${paymentId} (PaymentReceived ${payment.detail.metadata.eventId}) names it`);
    const decision = decidePayment(order, payment.detail);
    if (decision.kind === 'skip') return { kind: 'skipped', orderId, paymentId, reason: decision.reason };
    const [stored] = await store.append({ aggregateId: orderId, aggregateType: ORDER_AGGREGATE, expectedVersion: order.version, events: decision.events });
    return { kind: 'recorded', orderId, paymentId, version: stored?.version ?? order.version + 1 };
  });
}
