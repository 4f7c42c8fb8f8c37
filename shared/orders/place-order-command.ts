import { createHash, randomUUID } from 'node:crypto';
import { z } from 'zod';
import { OrderLine } from '../events/catalog/common.ts';

/** The body of `POST /orders` (`PlaceOrderRequest` in docs/openapi.yaml). */
export const PlaceOrderCommand = z
  .object({
    customerId: z.string().min(1).max(128),
    // 100 lines keeps a reservation (one stock update per line plus the event) inside one
    // 100-action DynamoDB transaction.
    items: z.array(OrderLine).min(1).max(99),
  })
  .superRefine(({ items }, context) => {
    const seen = new Map<string, number>();
    items.forEach(({ sku }, index) => {
      const first = seen.get(sku);
      if (first === undefined) seen.set(sku, index);
      else context.addIssue({ code: 'custom', path: ['items', index, 'sku'], message: `${sku} is already on line ${first}: one line per SKU` });
    });
  });
export type PlaceOrderCommand = z.infer<typeof PlaceOrderCommand>;

/**
 * The order id for a command. With an `Idempotency-Key`, it is derived from the key (and the
 * customer, so two customers' keys never collide): the same request retried targets the same order,
 * and the event store's conditional write on version 1 turns the retry into a read.
 */
export function orderIdFor(idempotencyKey: string | undefined, customerId: string): string {
  if (idempotencyKey === undefined) return randomUUID();
  // JSON of the pair, not the two joined by a separator: a customer id may contain any separator.
  const hex = createHash('sha256').update(JSON.stringify([customerId, idempotencyKey])).digest('hex');
  // Shaped as an RFC 9562 version-8 (custom) UUID, so every order id looks alike.
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-8${hex.slice(13, 16)}-${((Number.parseInt(hex[16] as string, 16) & 0x3) | 0x8).toString(16)}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/** A fingerprint of the command's content, to tell a retry (same body) from a reuse of the key (different body). */
export function commandHashOf(command: PlaceOrderCommand): string {
  const canonical = JSON.stringify({ customerId: command.customerId, items: command.items.map(({ sku, quantity, unitPrice }) => ({ sku, quantity, unitPrice })) });
  return createHash('sha256').update(canonical).digest('hex');
}

/** Sum of the lines, rounded to cents. */
export function totalOf(items: readonly { quantity: number; unitPrice: number }[]): number {
  return Math.round(items.reduce((sum, { quantity, unitPrice }) => sum + quantity * unitPrice * 100, 0)) / 100;
}
