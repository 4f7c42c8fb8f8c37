import type { CheckContext } from './context.ts';
import { fromViolations, type InvariantResult } from './invariant.ts';

/**
 * Stock is conserved per SKU: what the import gave it = what the Products table holds now + what RESERVED and PAID
 * orders hold (EXPIRED gave theirs back, REJECTED never took any); and never negative.
 */
export function stockInvariants({ catalog, streams, stores }: CheckContext): InvariantResult[] {
  const current = new Map(stores.products.map((item) => [String(item.sku), Number(item.stock)]));
  const held = new Map(catalog.skus.map((sku) => [sku, 0]));
  const unheldPaid: string[] = [];
  for (const stream of streams.values()) {
    if (stream.status !== 'RESERVED' && stream.status !== 'PAID') continue;
    if (!stream.holdsStock) {
      unheldPaid.push(`${stream.orderId} is ${stream.status} without its stock reserved`);
      continue;
    }
    for (const { sku, quantity } of stream.items) if (held.has(sku)) held.set(sku, (held.get(sku) ?? 0) + quantity);
  }
  const conservation: string[] = [...unheldPaid];
  const negative: string[] = [];
  const lines: string[] = [];
  for (const sku of catalog.skus) {
    const initial = catalog.initialStock.get(sku) ?? 0;
    const now = current.get(sku);
    const holding = held.get(sku) ?? 0;
    lines.push(`${sku}: ${initial} = ${now} + ${holding}`);
    if (now === undefined) conservation.push(`${sku} is not in Products`);
    else if (initial !== now + holding)
      conservation.push(`${sku}: imported ${initial}, now ${now}, held by orders ${holding} (${initial - now - holding} unaccounted)`);
    if (now !== undefined && now < 0) negative.push(`${sku}: ${now}`);
  }
  for (const item of stores.products) if (Number(item.stock) < 0) negative.push(`${String(item.sku)}: ${String(item.stock)}`);
  return [
    fromViolations('stock is conserved per SKU: imported = in stock + held by RESERVED or PAID orders', lines.join(', '), conservation),
    fromViolations('stock is never negative, with many concurrent orders on few SKUs', `${stores.products.length} products`, [...new Set(negative)]),
  ];
}
