import * as z from '../../validation/zod.ts';

/*
 * The schemas of `detail.data` as version 1 wrote them (decimal amounts, looser identifiers), kept so
 * that events stored or still in flight at version 1 stay readable: each is the `previousVersions`
 * entry of its definition, with the upcaster to version 2 (README, "Changing an event"). Never edit
 * them: they describe bytes that already exist.
 */

const Sku = z.string().check(z.minLength(1), z.maxLength(64));
const OrderId = z.string().check(z.minLength(1), z.maxLength(64));
const Money = z.number().check(z.nonnegative());
const Currency = z.string().check(z.regex(/^[A-Z]{3}$/, 'expected an ISO 4217 code such as "EUR"'));
const Timestamp = z.iso.datetime({ offset: true });

export const OrderPlacedV1 = z.object({
  orderId: OrderId,
  customerId: z.string().check(z.minLength(1)),
  items: z.array(z.object({ sku: Sku, quantity: z.number().check(z.int(), z.positive()), unitPrice: Money })).check(z.minLength(1)),
  total: Money,
  currency: Currency,
  paymentDeadline: Timestamp,
});

export const OrderPaidV1 = z.object({
  orderId: OrderId,
  paymentId: z.string().check(z.minLength(1)),
  amount: Money,
  currency: Currency,
});

/** PaymentReceived and PaymentFailed at version 1. */
export const PaymentV1 = z.object({
  orderId: OrderId,
  paymentId: z.string().check(z.minLength(1)),
  amount: Money,
  currency: Currency,
  providerEventId: z.string().check(z.minLength(1)),
});

export const ProductImportedV1 = z.object({
  sku: Sku,
  name: z.string().check(z.minLength(1), z.maxLength(256)),
  unitPrice: Money,
  stock: z.number().check(z.int(), z.nonnegative()),
  importedFrom: z.object({ bucket: z.string().check(z.minLength(1)), key: z.string().check(z.minLength(1)), line: z.number().check(z.int(), z.positive()) }),
});
