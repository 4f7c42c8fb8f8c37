import * as z from '../../shared/validation/zod.ts';
import { reportIssue } from '../../shared/validation/transform-issue.ts';
import { OrderId, PaymentId } from '../../shared/events/catalog/common.ts';
import { DeliveryId } from '../../shared/events/catalog/payments.ts';
import { MAX_AMOUNT_MINOR, minorUnitDigits, minorUnitsOf, SUPPORTED_CURRENCIES } from '../../shared/money/index.ts';

/**
 * The payment provider's webhook body (`PaymentWebhook` in docs/openapi.yaml), validated and with its amount converted exactly
 * to integer minor units of its currency: `{"amount": 24.9, "currency": "eur"}` → `amountMinor: 2490,
 * currency: 'EUR'`. An amount with more decimals than its currency has, above MAX_AMOUNT_MINOR, or in
 * a currency we do not support is a problem on `data.amount` / `data.currency`. Fields we do not use
 * are allowed and dropped: providers add fields without notice.
 */
const WebhookBody = z.object({
  /** The delivery's id: the same for every redelivery of one notification. */
  id: DeliveryId,
  type: z.enum(['payment.succeeded', 'payment.failed']),
  data: z.object({
    orderId: OrderId,
    paymentId: PaymentId,
    amount: z.number(),
    // Providers differ in case ("eur", "EUR"); ISO 4217's upper case is kept.
    currency: z.string().check(z.regex(/^[A-Za-z]{3}$/, 'expected a three-letter ISO 4217 code such as "EUR"')),
  }),
});

export const PaymentWebhookPayload = z.pipe(
  WebhookBody,
  z.transform(({ id, type, data }: z.output<typeof WebhookBody>, context) => {
    const currency = data.currency.toUpperCase();
    if (minorUnitDigits(currency) === undefined) {
      reportIssue(context, { path: ['data', 'currency'], message: `${currency} is not a supported currency (${SUPPORTED_CURRENCIES.join(', ')})` });
      return z.NEVER;
    }
    const amount = minorUnitsOf(data.amount, currency, MAX_AMOUNT_MINOR);
    if (!amount.ok) {
      reportIssue(context, { path: ['data', 'amount'], message: amount.message });
      return z.NEVER;
    }
    return { id, type, data: { orderId: data.orderId, paymentId: data.paymentId, amountMinor: amount.minor, currency } };
  }),
);
export type PaymentWebhookPayload = z.output<typeof PaymentWebhookPayload>;
