import { z } from 'zod';
import { Money, OrderId } from '../../shared/events/catalog/common.ts';

/**
 * The payment provider's webhook body (`PaymentWebhook` in docs/openapi.yaml). Fields we do not use are allowed and dropped:
 * providers add fields without notice.
 */
export const PaymentWebhookPayload = z.object({
  /** The delivery's id: the same for every redelivery of one notification. */
  id: z.string().min(1).max(255),
  type: z.enum(['payment.succeeded', 'payment.failed']),
  data: z.object({
    orderId: OrderId,
    paymentId: z.string().min(1).max(255),
    amount: Money,
    // Providers differ in case ("eur", "EUR"); the translator makes it ISO 4217's upper case.
    currency: z.string().regex(/^[A-Za-z]{3}$/, 'expected a three-letter ISO 4217 code such as "EUR"'),
  }),
});
export type PaymentWebhookPayload = z.infer<typeof PaymentWebhookPayload>;
