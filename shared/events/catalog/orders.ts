import * as z from '../../validation/zod.ts';
import { defineEvent, previousVersion } from '../define-event.ts';
import { MAX_ORDER_LINES, minorUnitsOfStoredDecimal } from '../../money/index.ts';
import { Currency, CustomerId, MinorUnits, OrderId, OrderLine, PaymentId, Quantity, Sku, Timestamp } from './common.ts';
import { Sources } from './sources.ts';
import { amountToMinorUnits } from './payments.ts';
import { OrderPaidV1, OrderPlacedV1 } from './version-1.ts';

const OrderPlacedData = z.object({
  orderId: OrderId,
  customerId: CustomerId,
  items: z.array(OrderLine).check(z.minLength(1), z.maxLength(MAX_ORDER_LINES)),
  /** The sum of quantity × unitPriceMinor over the lines. */
  totalMinor: MinorUnits,
  currency: Currency,
  /** Unpaid past this instant, the order expires. */
  paymentDeadline: Timestamp,
});

export const OrderPlaced = defineEvent({
  source: Sources.orders,
  detailType: 'OrderPlaced',
  // 2: amounts in integer minor units (unitPriceMinor, totalMinor), priced from the catalog.
  version: 2,
  description: 'A customer placed an order, priced from the catalog (amounts in minor units of the currency); it waits for stock reservation and payment.',
  producers: ['place-order'],
  data: OrderPlacedData,
  previousVersions: [
    // 1 → 2: decimal unitPrice and total (already rounded to the currency's decimals) → minor units.
    previousVersion(
      1,
      OrderPlacedV1,
      ({ items, total, ...data }): z.input<typeof OrderPlacedData> => ({
        ...data,
        items: items.map(({ unitPrice, ...line }) => ({ ...line, unitPriceMinor: minorUnitsOfStoredDecimal(unitPrice, data.currency) })),
        totalMinor: minorUnitsOfStoredDecimal(total, data.currency),
      }),
    ),
  ],
});

export const OrderPaid = defineEvent({
  source: Sources.orders,
  detailType: 'OrderPaid',
  // 2: amountMinor, in integer minor units.
  version: 2,
  description: 'A successful payment was recorded against an order (amount in minor units).',
  producers: ['record-payment'],
  data: z.object({
    orderId: OrderId,
    paymentId: PaymentId,
    amountMinor: MinorUnits,
    currency: Currency,
  }),
  previousVersions: [previousVersion(1, OrderPaidV1, amountToMinorUnits)],
});

export const OrderExpired = defineEvent({
  source: Sources.orders,
  detailType: 'OrderExpired',
  version: 1,
  description: 'An order stayed unpaid past its payment deadline and was expired.',
  producers: ['expire-unpaid-orders'],
  data: z.object({
    orderId: OrderId,
    paymentDeadline: Timestamp,
  }),
});

export const InventoryReserved = defineEvent({
  source: Sources.inventory,
  detailType: 'InventoryReserved',
  version: 1,
  description: 'Stock for every line of an order was reserved.',
  producers: ['reserve-inventory'],
  data: z.object({
    orderId: OrderId,
    items: z.array(z.object({ sku: Sku, quantity: Quantity })).check(z.minLength(1)),
  }),
});

export const InventoryShortage = defineEvent({
  source: Sources.inventory,
  detailType: 'InventoryShortage',
  version: 1,
  description: 'An order could not be reserved: a SKU is unknown or short of stock. Nothing was reserved.',
  producers: ['reserve-inventory'],
  data: z.object({
    orderId: OrderId,
    shortages: z
      .array(
        z.object({
          sku: Sku,
          requested: Quantity,
          available: z.number().check(z.int(), z.nonnegative()),
          reason: z.enum(['UNKNOWN_SKU', 'INSUFFICIENT_STOCK']),
        }),
      )
      .check(z.minLength(1)),
  }),
});
