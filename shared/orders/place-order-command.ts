import { createHash, randomUUID } from 'node:crypto';
import * as z from '../validation/zod.ts';
import { reportIssue } from '../validation/transform-issue.ts';
import { CustomerId, Quantity, Sku } from '../events/catalog/common.ts';
import { MAX_ORDER_LINES, MAX_UNIT_PRICE_MINOR, minorUnitsOf } from '../money/index.ts';

/** A validated `POST /orders` body: the lines to price, each with the unit price the client saw, if it sent one. */
export interface PlaceOrderCommand {
  customerId: string;
  items: { sku: string; quantity: number /** The `unitPrice` the client sent, in minor units. */; seenUnitPriceMinor?: number }[];
}

/**
 * The schema of the body of `POST /orders` (`PlaceOrderRequest` in docs/openapi.yaml) for orders in `currency`, built once
 * at cold start. `unitPrice` is optional: the decimal price the client saw, converted exactly to minor
 * units (more decimals than the currency has, or above the maximum unit price, is a problem on
 * `items[i].unitPrice`). Identifiers, quantities and the number of lines are bounded so that whatever
 * passes can be stored, published and queued unchanged (see shared/money/limits.ts).
 */
export function placeOrderCommandSchema(currency: string): z.ZodMiniType<PlaceOrderCommand> {
  const LineInput = z.object({
    sku: Sku,
    quantity: Quantity,
    unitPrice: z.optional(z.number()),
  });
  const Line = z.pipe(
    LineInput,
    z.transform(({ sku, quantity, unitPrice }: z.output<typeof LineInput>, context) => {
      if (unitPrice === undefined) return { sku, quantity };
      const seen = minorUnitsOf(unitPrice, currency, MAX_UNIT_PRICE_MINOR);
      if (!seen.ok) {
        reportIssue(context, { path: ['unitPrice'], message: seen.message });
        return z.NEVER;
      }
      return { sku, quantity, seenUnitPriceMinor: seen.minor };
    }),
  );
  return z
    .object({
      customerId: CustomerId,
      // 99 lines keeps a reservation (one stock update per line plus the event) inside one
      // 100-action DynamoDB transaction.
      items: z.array(Line).check(z.minLength(1), z.maxLength(MAX_ORDER_LINES)),
    })
    .check(
      z.superRefine(({ items }, context) => {
        const seen = new Map<string, number>();
        items.forEach(({ sku }, index) => {
          const first = seen.get(sku);
          if (first === undefined) seen.set(sku, index);
          else context.addIssue({ code: 'custom', path: ['items', index, 'sku'], message: `${sku} is already on line ${first}: one line per SKU` });
        });
      }),
    );
}

/**
 * The order id for a command. With an `Idempotency-Key`, it is derived from the key (and the
 * customer, so two customers' keys never collide): the same request retried targets the same order,
 * and the event store's conditional write on version 1 turns the retry into a read.
 */
export function orderIdFor(idempotencyKey: string | undefined, customerId: string): string {
  if (idempotencyKey === undefined) return randomUUID();
  // JSON of the pair, not the two joined by a separator: a customer id may contain any separator.
  const hex = createHash('sha256')
    .update(JSON.stringify([customerId, idempotencyKey]))
    .digest('hex');
  // Shaped as an RFC 9562 version-8 (custom) UUID, so every order id looks alike.
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-8${hex.slice(13, 16)}-${((Number.parseInt(hex[16] as string, 16) & 0x3) | 0x8).toString(16)}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/** A fingerprint of the command's content, to tell a retry (same body) from a reuse of the key (different body). */
export function commandHashOf(command: PlaceOrderCommand): string {
  const canonical = JSON.stringify({
    customerId: command.customerId,
    items: command.items.map(({ sku, quantity, seenUnitPriceMinor }) => ({ sku, quantity, seenUnitPriceMinor: seenUnitPriceMinor ?? null })),
  });
  return createHash('sha256').update(canonical).digest('hex');
}

/** The exact sum of the lines, in minor units (integers: no rounding anywhere). */
export function totalMinorOf(items: readonly { quantity: number; unitPriceMinor: number }[]): number {
  return items.reduce((sum, { quantity, unitPriceMinor }) => sum + quantity * unitPriceMinor, 0);
}
