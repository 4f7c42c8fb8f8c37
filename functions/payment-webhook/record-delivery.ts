import { createHash } from 'node:crypto';
import { ConcurrencyConflictError, type EventStore } from '../../shared/event-store/index.ts';
import { PAYMENT_WEBHOOK_AGGREGATE_PREFIX } from '../../shared/payments/webhook-secret.ts';
import type { PaymentEvent } from './translate-payment.ts';

/** The aggregate type of webhook deliveries in the event store (flows contract). */
export const PAYMENT_WEBHOOK_DELIVERY_AGGREGATE = 'payment-webhook-delivery';

export type DeliveryOutcome =
  | { kind: 'recorded'; aggregateId: string }
  /** The same delivery id with the same body: a redelivery, nothing stored again. */
  | { kind: 'duplicate'; aggregateId: string }
  /** The same delivery id with another body: not the notification recorded under that id. */
  | { kind: 'conflict'; aggregateId: string };

/** The SHA-256 of the raw body bytes as received (and signed), hex. */
export function bodyHashOf(rawBody: Uint8Array | string): string {
  return createHash('sha256').update(rawBody).digest('hex');
}

/**
 * Stores the delivery's event as version 1 of the aggregate `payment-webhook#<delivery id>`, with the
 * hash of the raw body; the outbox relay publishes it. The conditional write on version 1 IS the
 * deduplication: a redelivery finds the version taken and records nothing. The stored hash tells a
 * redelivery (same body: `duplicate`) from another notification reusing the id (`conflict`), which
 * must not pass as a duplicate: e.g. a `payment.failed` followed by a `payment.succeeded` under one id.
 */
export async function recordDelivery(deliveryId: string, event: PaymentEvent, bodyHash: string, { store }: { store: EventStore }): Promise<DeliveryOutcome> {
  const aggregateId = `${PAYMENT_WEBHOOK_AGGREGATE_PREFIX}${deliveryId}`;
  try {
    await store.append({ aggregateId, aggregateType: PAYMENT_WEBHOOK_DELIVERY_AGGREGATE, expectedVersion: 0, events: [event], commandHash: bodyHash });
    return { kind: 'recorded', aggregateId };
  } catch (error) {
    if (!(error instanceof ConcurrencyConflictError)) throw error;
  }
  const [first] = await store.load(aggregateId);
  // A delivery recorded before body hashes were kept has none: it is taken for a redelivery, as it was then.
  const stored = first?.commandHash;
  return stored === undefined || stored === bodyHash ? { kind: 'duplicate', aggregateId } : { kind: 'conflict', aggregateId };
}
