import * as z from '../../validation/zod.ts';
import { defineEvent, previousVersion } from '../define-event.ts';
import { Currency, identifier, MinorUnits, OrderId, PaymentId } from './common.ts';
import { Sources } from './sources.ts';
import { minorUnitsOfStoredDecimal } from '../../money/index.ts';
import { PaymentV1 } from './version-1.ts';

/** The payment provider's delivery id of a webhook notification. */
export const DeliveryId = identifier(255);

const Payment = z.object({
  orderId: OrderId,
  paymentId: PaymentId,
  /** In integer minor units of `currency`. */
  amountMinor: MinorUnits,
  currency: Currency,
  /** The provider's delivery id, which deduplicates webhook redeliveries. */
  providerEventId: DeliveryId,
});

/** 1 → 2 of the payment events and OrderPaid: decimal `amount` (already in the currency's decimals) → `amountMinor`. */
export function amountToMinorUnits<T extends { amount: number; currency: string }>({ amount, ...data }: T): Omit<T, 'amount'> & { amountMinor: number } {
  return { ...data, amountMinor: minorUnitsOfStoredDecimal(amount, data.currency) };
}

export const PaymentReceived = defineEvent({
  source: Sources.payments,
  detailType: 'PaymentReceived',
  // 2: amountMinor, in integer minor units.
  version: 2,
  description: 'The payment provider confirmed a payment for an order (translated from its webhook; amount in minor units).',
  producers: ['payment-webhook'],
  data: Payment,
  previousVersions: [previousVersion(1, PaymentV1, amountToMinorUnits)],
});

export const PaymentFailed = defineEvent({
  source: Sources.payments,
  detailType: 'PaymentFailed',
  // 2: amountMinor, in integer minor units.
  version: 2,
  description: 'The payment provider reported a failed payment for an order (translated from its webhook; amount in minor units).',
  producers: ['payment-webhook'],
  data: Payment,
  previousVersions: [previousVersion(1, PaymentV1, amountToMinorUnits)],
});

/** Why a received payment needs a person (a refund, or matching it to an order by hand). */
export const AttentionReason = z.enum([
  /** Paid more than the order's total: the order is paid, `excessMinor` is to refund. */
  'OVERPAYMENT',
  /** Paid less than the order's total: the order is not paid. */
  'UNDERPAYMENT',
  /** Paid in another currency than the order's: the order is not paid. */
  'CURRENCY_MISMATCH',
  /** A second payment for an order already paid by another one. */
  'DUPLICATE_PAYMENT',
  /** A payment for an order that expired unpaid. */
  'ORDER_EXPIRED',
  /** A payment for an order no longer awaiting payment for another reason (rejected: out of stock). */
  'ORDER_NOT_AWAITING_PAYMENT',
  /** A payment naming an order that does not exist. */
  'UNKNOWN_ORDER',
]);

export const PaymentRequiresAttention = defineEvent({
  source: Sources.payments,
  detailType: 'PaymentRequiresAttention',
  version: 1,
  description:
    'Money was received that the order cannot simply take (overpaid, underpaid, paid twice, paid after expiry, or no such order): a person must refund it or match it. Alarmed.',
  producers: ['record-payment'],
  data: z.object({
    reason: AttentionReason,
    orderId: OrderId,
    paymentId: PaymentId,
    providerEventId: DeliveryId,
    /** What was paid, in integer minor units of `currency`. */
    amountMinor: MinorUnits,
    currency: Currency,
    /** The order's total and currency, when the order exists. */
    orderTotalMinor: z.optional(MinorUnits),
    orderCurrency: z.optional(Currency),
    /** The order's status when the payment arrived, when the order exists. */
    orderStatus: z.optional(z.enum(['PLACED', 'RESERVED', 'REJECTED', 'PAID', 'EXPIRED'])),
    /** What the order does not need of the payment, in minor units of `currency` (to refund): all of it unless OVERPAYMENT. */
    excessMinor: MinorUnits,
    /** One sentence for the person handling it. */
    explanation: z.string().check(z.minLength(1), z.maxLength(512)),
  }),
});
