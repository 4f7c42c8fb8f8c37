import * as z from 'zod';

/*
 * The schemas of `detail.data` as version 1 wrote them (decimal amounts, looser identifiers), kept so
 * that events stored or still in flight at version 1 stay readable: each is the `previousVersions`
 * entry of its definition, with the upcaster to version 2 (README, "Changing an event"). Never edit
 * them: they describe bytes that already exist.
 */

const Sku = z.string().min(1).max(64);
const OrderId = z.string().min(1).max(64);
const Money = z.number().nonnegative();
const Currency = z.string().regex(/^[A-Z]{3}$/, 'expected an ISO 4217 code such as "EUR"');
const Timestamp = z.iso.datetime({ offset: true });

export const OrderPlacedV1 = z.object({
  orderId: OrderId,
  customerId: z.string().min(1),
  items: z.array(z.object({ sku: Sku, quantity: z.number().int().positive(), unitPrice: Money })).min(1),
  total: Money,
  currency: Currency,
  paymentDeadline: Timestamp,
});

export const OrderPaidV1 = z.object({
  orderId: OrderId,
  paymentId: z.string().min(1),
  amount: Money,
  currency: Currency,
});

/** PaymentReceived and PaymentFailed at version 1. */
export const PaymentV1 = z.object({
  orderId: OrderId,
  paymentId: z.string().min(1),
  amount: Money,
  currency: Currency,
  providerEventId: z.string().min(1),
});

export const ProductImportedV1 = z.object({
  sku: Sku,
  name: z.string().min(1).max(256),
  unitPrice: Money,
  stock: z.number().int().nonnegative(),
  importedFrom: z.object({ bucket: z.string().min(1), key: z.string().min(1), line: z.number().int().positive() }),
});
