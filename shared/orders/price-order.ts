import type * as z from '../validation/zod.ts';
import type { OrderLine } from '../events/catalog/common.ts';
import type { ValidationProblem } from '../events/index.ts';
import { decimalOf } from '../money/index.ts';
import type { PlaceOrderCommand } from './place-order-command.ts';
import { totalMinorOf } from './place-order-command.ts';

/** A product's price in the catalog (the Products table), in minor units of its currency. */
export interface CatalogPrice {
  unitPriceMinor: number;
  currency: string;
}

/** The catalog's prices of the SKUs asked for; a SKU absent from the map is not in the catalog (or has no valid price). */
export type CatalogPrices = ReadonlyMap<string, CatalogPrice>;

/** The current price of one line, as a 409 answer lists it (decimal, as the HTTP API carries amounts). */
export interface CurrentPrice {
  sku: string;
  unitPrice: number;
  currency: string;
}

export type PricingDecision =
  /** Every line priced from the catalog. */
  | { kind: 'priced'; items: z.infer<typeof OrderLine>[]; totalMinor: number }
  /** Some SKUs cannot be sold (422): one problem per line, on `items[i].sku`. */
  | { kind: 'unknown-skus'; problems: ValidationProblem[] }
  /** Some prices the client saw differ from the catalog's (409): one problem per line, and every line's current price. */
  | { kind: 'prices-changed'; problems: ValidationProblem[]; prices: CurrentPrice[] };

/**
 * Prices each line of a command from the catalog (README, "Orders": prices are the catalog's). A
 * SKU the catalog does not have, or prices in another currency than the order's, cannot be ordered;
 * a line whose `unitPrice` (the price the client saw) differs from the catalog's means the client
 * must confirm the current prices. Unknown SKUs are reported before changed prices: a client can only
 * confirm prices of products that exist.
 */
export function priceOrder(command: PlaceOrderCommand, prices: CatalogPrices, currency: string): PricingDecision {
  const unknown: ValidationProblem[] = [];
  const changed: ValidationProblem[] = [];
  const items = command.items.map(({ sku, quantity, seenUnitPriceMinor }, index) => {
    const price = prices.get(sku);
    if (price === undefined) unknown.push({ path: `items[${index}].sku`, message: `${sku} is not in the catalog` });
    else if (price.currency !== currency)
      unknown.push({ path: `items[${index}].sku`, message: `${sku} is priced in ${price.currency}, orders are in ${currency}` });
    else if (seenUnitPriceMinor !== undefined && seenUnitPriceMinor !== price.unitPriceMinor) {
      changed.push({
        path: `items[${index}].unitPrice`,
        message: `${sku} costs ${decimalOf(price.unitPriceMinor, currency)} ${currency}, not ${decimalOf(seenUnitPriceMinor, currency)}`,
      });
    }
    return { sku, quantity, unitPriceMinor: price?.unitPriceMinor ?? 0 };
  });
  if (unknown.length > 0) return { kind: 'unknown-skus', problems: unknown };
  if (changed.length > 0) {
    return {
      kind: 'prices-changed',
      problems: changed,
      prices: items.map(({ sku, unitPriceMinor }) => ({ sku, unitPrice: decimalOf(unitPriceMinor, currency), currency })),
    };
  }
  return { kind: 'priced', items, totalMinor: totalMinorOf(items) };
}
