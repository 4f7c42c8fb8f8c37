import { z } from 'zod';
import { defineEvent } from '../define-event.ts';
import { Currency, Money, OrderId } from './common.ts';
import { Sources } from './sources.ts';

const Payment = z.object({
  orderId: OrderId,
  paymentId: z.string().min(1),
  amount: Money,
  currency: Currency,
  /** The provider's delivery id, which deduplicates webhook redeliveries. */
  providerEventId: z.string().min(1),
});

export const PaymentReceived = defineEvent({
  source: Sources.payments,
  detailType: 'PaymentReceived',
  version: 1,
  description: 'The payment provider confirmed a payment for an order (translated from its webhook).',
  producers: ['payment-webhook'],
  data: Payment,
});

export const PaymentFailed = defineEvent({
  source: Sources.payments,
  detailType: 'PaymentFailed',
  version: 1,
  description: 'The payment provider reported a failed payment for an order (translated from its webhook).',
  producers: ['payment-webhook'],
  data: Payment,
});
