import { createEvent, PaymentFailed, PaymentReceived, type CatalogEvent } from '../../shared/events/index.ts';
import type { PaymentWebhookPayload } from './webhook-payload.ts';

export type PaymentEvent = CatalogEvent<typeof PaymentReceived> | CatalogEvent<typeof PaymentFailed>;

export interface TranslationContext {
  /** The correlation id of the webhook request. */
  correlationId: string;
  /** @default now */
  receivedAt?: Date;
}

/**
 * Translator (message translator pattern): the provider's vocabulary in, our catalog's out.
 * `payment.succeeded` → PaymentReceived, `payment.failed` → PaymentFailed, with the amount in minor
 * units (converted by PaymentWebhookPayload) and the delivery id kept as `providerEventId`. The idempotency key names the delivery, so a
 * redelivery is recognisably the same operation.
 */
export function translatePayment(payload: PaymentWebhookPayload, { correlationId, receivedAt }: TranslationContext): PaymentEvent {
  const data = { ...payload.data, providerEventId: payload.id };
  const context = { correlationId, causationId: null, idempotencyKey: `payment-webhook#${payload.id}`, ...(receivedAt ? { occurredAt: receivedAt } : {}) };
  return payload.type === 'payment.succeeded' ? createEvent(PaymentReceived, data, context) : createEvent(PaymentFailed, data, context);
}
