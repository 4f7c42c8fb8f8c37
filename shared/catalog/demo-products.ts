/** A product of the demo catalog: what `npm start` writes to the Products table (flows contract). */
export interface DemoProduct {
  /** `SKU-<4 digits>`. */
  readonly sku: string;
  readonly name: string;
  /** In the order currency (EUR), decimal. */
  readonly unitPrice: number;
  /** Units available to reserve. */
  readonly stock: number;
}

/**
 * The catalog `npm start` seeds (skip with `--no-seed`). SKU-1007 is out of stock and SKU-1006 has two units left,
 * so a demo order can show a shortage (order SKU-1007, or three of SKU-1006) next to orders that reserve.
 */
export const DEMO_PRODUCTS: readonly DemoProduct[] = [
  { sku: 'SKU-1001', name: 'Espresso beans, 1 kg', unitPrice: 24.9, stock: 120 },
  { sku: 'SKU-1002', name: 'Ceramic pour-over dripper', unitPrice: 32.5, stock: 40 },
  { sku: 'SKU-1003', name: 'Paper filters, pack of 100', unitPrice: 6.95, stock: 500 },
  { sku: 'SKU-1004', name: 'Burr grinder', unitPrice: 149, stock: 15 },
  { sku: 'SKU-1005', name: 'Gooseneck kettle', unitPrice: 59.99, stock: 25 },
  { sku: 'SKU-1006', name: 'Limited roast, 250 g', unitPrice: 18.5, stock: 2 },
  { sku: 'SKU-1007', name: 'Cold brew tower', unitPrice: 219, stock: 0 },
  { sku: 'SKU-1008', name: 'Milk frothing pitcher', unitPrice: 14.75, stock: 60 },
  { sku: 'SKU-1009', name: 'Travel mug', unitPrice: 22, stock: 80 },
];
