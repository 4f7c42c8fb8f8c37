/** A product of the demo catalog: what `npm start` writes to the Products table (flows contract). */
export interface DemoProduct {
  /** `SKU-<4 digits>`. */
  readonly sku: string;
  readonly name: string;
  /** In integer minor units of `currency` (2490 EUR is 24.90 EUR), as the Products table stores prices. */
  readonly unitPriceMinor: number;
  readonly currency: string;
  /** Units available to reserve. */
  readonly stock: number;
}

/**
 * The catalog `npm start` seeds (skip with `--no-seed`). SKU-1007 is out of stock and SKU-1006 has two units left,
 * so a demo order can show a shortage (order SKU-1007, or three of SKU-1006) next to orders that reserve.
 */
export const DEMO_PRODUCTS: readonly DemoProduct[] = [
  { sku: 'SKU-1001', name: 'Espresso beans, 1 kg', unitPriceMinor: 2490, currency: 'EUR', stock: 120 },
  { sku: 'SKU-1002', name: 'Ceramic pour-over dripper', unitPriceMinor: 3250, currency: 'EUR', stock: 40 },
  { sku: 'SKU-1003', name: 'Paper filters, pack of 100', unitPriceMinor: 695, currency: 'EUR', stock: 500 },
  { sku: 'SKU-1004', name: 'Burr grinder', unitPriceMinor: 14900, currency: 'EUR', stock: 15 },
  { sku: 'SKU-1005', name: 'Gooseneck kettle', unitPriceMinor: 5999, currency: 'EUR', stock: 25 },
  { sku: 'SKU-1006', name: 'Limited roast, 250 g', unitPriceMinor: 1850, currency: 'EUR', stock: 2 },
  { sku: 'SKU-1007', name: 'Cold brew tower', unitPriceMinor: 21900, currency: 'EUR', stock: 0 },
  { sku: 'SKU-1008', name: 'Milk frothing pitcher', unitPriceMinor: 1475, currency: 'EUR', stock: 60 },
  { sku: 'SKU-1009', name: 'Travel mug', unitPriceMinor: 2200, currency: 'EUR', stock: 80 },
];
