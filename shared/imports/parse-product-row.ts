import { ProductImported, toProblems, type EventData } from '../events/index.ts';
import { MAX_STOCK, MAX_UNIT_PRICE_MINOR, minorUnitsOfText } from '../money/index.ts';
import { excerpt, PRODUCT_CSV_COLUMNS, type ColumnPositions } from './product-csv-header.ts';

/** A valid row: exactly the `data` of its `ProductImported` event. */
export type ImportedProduct = EventData<typeof ProductImported>;

export type RowOutcome = { ok: true; product: ImportedProduct } | { ok: false; reason: string };

/** Where a row comes from, carried by the product it becomes. */
export interface RowOrigin {
  bucket: string;
  key: string;
  line: number;
}

/*
 * Numbers are read strictly: plain decimal notation only, so "12abc", "1e3", "0x10", "" and "-1"
 * are rejected with the value in the reason, where Number() or parseFloat() would guess. The price is
 * read digit by digit into minor units (exact for any length), and both are bounded
 * (MAX_UNIT_PRICE_MINOR, MAX_STOCK): a row that passes can always be written and published.
 */
const INTEGER = /^\d+$/;
const MAX_STOCK_DIGITS = String(MAX_STOCK).length;

/** True for a row of empty fields (an empty line, or the ",,," rows spreadsheets export): skipped, not rejected. */
export function isBlankRow(fields: readonly string[]): boolean {
  return fields.every((field) => field.trim() === '');
}

/**
 * Reads one data row of a product CSV into the `data` of a `ProductImported` event, or says why it
 * cannot: fields are trimmed, numbers parsed strictly (the price into minor units of `currency`), then
 * the event's own schema decides (sku characters and length, name characters and length). Every
 * problem of the row is in the reason.
 *
 * @example
 * parseProductRow(['SKU-1', 'Mug', '12abc', '3'], positions, origin);
 * // { ok: false, reason: 'unitPrice: expected a number ≥ 0 in decimal notation (e.g. 12.50), got "12abc"' }
 */
export function parseProductRow(fields: readonly string[], positions: ColumnPositions, origin: RowOrigin, currency = 'EUR'): RowOutcome {
  if (fields.length !== PRODUCT_CSV_COLUMNS.length) {
    return { ok: false, reason: `expected ${PRODUCT_CSV_COLUMNS.length} fields (${PRODUCT_CSV_COLUMNS.join(',')}), got ${fields.length}` };
  }
  const value = (column: keyof ColumnPositions) => (fields[positions[column]] ?? '').trim();
  const problems: string[] = [];

  const price = value('unitPrice');
  const unitPrice = minorUnitsOfText(price, currency, MAX_UNIT_PRICE_MINOR);
  if (!unitPrice.ok) problems.push(`unitPrice: ${unitPrice.message}, got ${JSON.stringify(excerpt(price))}`);
  const stock = value('stock');
  const stockDigits = stock.replace(/^0+(?=\d)/, '');
  if (!INTEGER.test(stock)) problems.push(`stock: expected a non-negative integer, got ${JSON.stringify(excerpt(stock))}`);
  else if (stockDigits.length > MAX_STOCK_DIGITS || Number(stockDigits) > MAX_STOCK)
    problems.push(`stock: expected at most ${MAX_STOCK}, got ${JSON.stringify(excerpt(stock))}`);

  const candidate = {
    sku: value('sku'),
    name: value('name'),
    unitPriceMinor: unitPrice.ok ? unitPrice.minor : -1,
    currency,
    stock: Number(stockDigits),
    importedFrom: { bucket: origin.bucket, key: origin.key, line: origin.line },
  };
  const parsed = ProductImported.data.safeParse(candidate);
  if (!parsed.success) {
    // Fields already reported as unreadable numbers are not reported twice.
    const reported = new Set(problems.map((p) => p.slice(0, p.indexOf(':'))).map((path) => (path === 'unitPrice' ? 'unitPriceMinor' : path)));
    problems.push(
      ...toProblems(parsed.error)
        .filter((p) => !reported.has(p.path))
        .map((p) => `${p.path}: ${p.message}`),
    );
  }
  if (problems.length > 0 || !parsed.success) return { ok: false, reason: problems.join('; ') };
  return { ok: true, product: parsed.data };
}
