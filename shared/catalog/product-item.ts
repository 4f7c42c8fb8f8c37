import * as z from '../validation/zod.ts';
import { Currency, Sku, UnitPriceMinor } from '../events/catalog/common.ts';

/** The Products table's key, declared once for the table (infra) and its readers and writers. */
export const PRODUCTS_TABLE_KEY = { partitionKey: 'sku' } as const;

/**
 * A product as the Products table holds it (PK `sku`): its price in integer minor units of its
 * currency (`unitPriceMinor: 2490, currency: 'EUR'` is 24.90 EUR), and the units in stock. Imports,
 * the demo seed, place-order (prices) and reserve-inventory (stock) agree on it.
 */
export interface ProductItem {
  sku: string;
  name: string;
  unitPriceMinor: number;
  currency: string;
  stock: number;
  /** ISO-8601 time of the write. */
  updatedAt: string;
  /** `s3://bucket/key#line`: the row it was imported from, for imported products. */
  importedFrom?: string;
}

/** What place-order reads of a product to price a line: a product whose price does not parse cannot be sold. */
export const ProductPrice = z.object({ sku: Sku, unitPriceMinor: UnitPriceMinor, currency: Currency });
