/**
 * The aggregate type of the streams that hold a PaymentRequiresAttention for a payment naming no
 * order (UNKNOWN_ORDER): one stream per PaymentReceived, so a redelivery finds version 1 taken.
 * Attention about an existing order is appended to the order's own stream.
 */
export const PAYMENT_ATTENTION_AGGREGATE = 'payment-attention';

/** The stream of the attention raised for the PaymentReceived `paymentEventId` that names no order. */
export function paymentAttentionStreamOf(paymentEventId: string): string {
  return `${PAYMENT_ATTENTION_AGGREGATE}#${paymentEventId}`;
}
