import { ConcurrencyConflictError, withOptimisticConcurrency, type EventStore } from '../../shared/event-store/index.ts';
import type { CatalogEvent, EventData, PaymentReceived, PaymentRequiresAttention } from '../../shared/events/index.ts';
import {
  decidePayment,
  decideUnknownOrderPayment,
  foldOrder,
  ORDER_AGGREGATE,
  PAYMENT_ATTENTION_AGGREGATE,
  paymentAttentionStreamOf,
} from '../../shared/orders/index.ts';

type AttentionReason = EventData<typeof PaymentRequiresAttention>['reason'];

export type PaymentOutcome =
  /** OrderPaid was appended; `attention` is set when PaymentRequiresAttention was too (OVERPAYMENT). */
  | { kind: 'recorded'; orderId: string; paymentId: string; version: number; attention?: AttentionReason }
  /** The order was not paid; PaymentRequiresAttention was appended for a person. */
  | { kind: 'attention'; orderId: string; paymentId: string; reason: AttentionReason }
  | { kind: 'skipped'; orderId: string; paymentId: string; reason: string };

/**
 * Records OrderPaid on the order a received payment covers, and raises PaymentRequiresAttention
 * (through the event store: the outbox relay publishes it) for money the order cannot simply take:
 * see decidePayment. A payment naming no order raises UNKNOWN_ORDER in a stream of its own
 * (`payment-attention#<PaymentReceived event id>`). A redelivered PaymentReceived changes nothing.
 */
export async function recordPayment(payment: CatalogEvent<typeof PaymentReceived>, { store }: { store: EventStore }): Promise<PaymentOutcome> {
  const { orderId, paymentId } = payment.detail.data;
  return withOptimisticConcurrency(async (): Promise<PaymentOutcome> => {
    const order = foldOrder(await store.load(orderId));
    if (!order) return raiseUnknownOrder(payment, store);
    const decision = decidePayment(order, payment.detail);
    if (decision.kind === 'skip') return { kind: 'skipped', orderId, paymentId, reason: decision.reason };
    const stored = await store.append({ aggregateId: orderId, aggregateType: ORDER_AGGREGATE, expectedVersion: order.version, events: decision.events });
    const paid = stored.find((event) => event.detailType === 'OrderPaid');
    if (paid) return { kind: 'recorded', orderId, paymentId, version: paid.version, ...(decision.attention ? { attention: decision.attention } : {}) };
    return { kind: 'attention', orderId, paymentId, reason: decision.attention ?? 'UNKNOWN_ORDER' };
  });
}

async function raiseUnknownOrder(payment: CatalogEvent<typeof PaymentReceived>, store: EventStore): Promise<PaymentOutcome> {
  const { orderId, paymentId } = payment.detail.data;
  try {
    await store.append({
      aggregateId: paymentAttentionStreamOf(payment.detail.metadata.eventId),
      aggregateType: PAYMENT_ATTENTION_AGGREGATE,
      expectedVersion: 0,
      events: [decideUnknownOrderPayment(payment.detail)],
    });
  } catch (error) {
    if (!(error instanceof ConcurrencyConflictError)) throw error;
    return { kind: 'skipped', orderId, paymentId, reason: `attention for payment ${paymentId} to unknown order ${orderId} was raised before` };
  }
  return { kind: 'attention', orderId, paymentId, reason: 'UNKNOWN_ORDER' };
}
