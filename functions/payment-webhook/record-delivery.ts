import { ConcurrencyConflictError, type EventStore } from '../../shared/event-store/index.ts';
import { PAYMENT_WEBHOOK_AGGREGATE_PREFIX } from '../../shared/payments/webhook-secret.ts';
import type { PaymentEvent } from './translate-payment.ts';

/** The aggregate type of webhook deliveries in the event store (flows contract). */
export const PAYMENT_WEBHOOK_DELIVERY_AGGREGATE = 'payment-webhook-delivery';

export type DeliveryOutcome = { kind: 'recorded'; aggregateId: string } | { kind: 'duplicate'; aggregateId: string };

/**
 * Stores the delivery's event as version 1 of the aggregate `payment-webhook#<delivery id>`; the
 * outbox relay publishes it. The conditional write on version 1 IS the deduplication: a redelivery
 * finds the version taken and records nothing.
 */
export async function recordDelivery(deliveryId: string, event: PaymentEvent, { store }: { store: EventStore }): Promise<DeliveryOutcome> {
  const aggregateId = `${PAYMENT_WEBHOOK_AGGREGATE_PREFIX}${deliveryId}`;
  try {
    await store.append({ aggregateId, aggregateType: PAYMENT_WEBHOOK_DELIVERY_AGGREGATE, expectedVersion: 0, events: [event] });
    return { kind: 'recorded', aggregateId };
  } catch (error) {
    if (error instanceof ConcurrencyConflictError) return { kind: 'duplicate', aggregateId };
    throw error;
  }
}
