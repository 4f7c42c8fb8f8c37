import { z } from 'zod';

export const Sku = z.string().min(1).max(64);
export const OrderId = z.string().min(1).max(64);
export const Money = z.number().nonnegative();
export const Currency = z.string().regex(/^[A-Z]{3}$/, 'expected an ISO 4217 code such as "EUR"');
export const Timestamp = z.iso.datetime({ offset: true });

export const OrderLine = z.object({
  sku: Sku,
  quantity: z.number().int().positive(),
  unitPrice: Money,
});
