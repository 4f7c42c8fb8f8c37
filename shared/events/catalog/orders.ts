import { z } from 'zod';
import { defineEvent } from '../define-event.ts';
import { Currency, Money, OrderId, OrderLine, Sku, Timestamp } from './common.ts';
import { Sources } from './sources.ts';

export const OrderPlaced = defineEvent({
  source: Sources.orders,
  detailType: 'OrderPlaced',
  version: 1,
  description: 'A customer placed an order; it waits for stock reservation and payment.',
  producers: ['place-order'],
  data: z.object({
    orderId: OrderId,
    customerId: z.string().min(1),
    items: z.array(OrderLine).min(1),
    total: Money,
    currency: Currency,
    /** Unpaid past this instant, the order expires. */
    paymentDeadline: Timestamp,
  }),
});

export const OrderPaid = defineEvent({
  source: Sources.orders,
  detailType: 'OrderPaid',
  version: 1,
  description: 'A successful payment was recorded against an order.',
  producers: ['record-payment'],
  data: z.object({
    orderId: OrderId,
    paymentId: z.string().min(1),
    amount: Money,
    currency: Currency,
  }),
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
    items: z.array(z.object({ sku: Sku, quantity: z.number().int().positive() })).min(1),
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
          requested: z.number().int().positive(),
          available: z.number().int().nonnegative(),
          reason: z.enum(['UNKNOWN_SKU', 'INSUFFICIENT_STOCK']),
        }),
      )
      .min(1),
  }),
});
