import { InvalidCsvHeaderError } from './errors.ts';

/** The columns of a product CSV, as the header names them. */
export const PRODUCT_CSV_COLUMNS = ['sku', 'name', 'unitPrice', 'stock'] as const;

export type ProductCsvColumn = (typeof PRODUCT_CSV_COLUMNS)[number];

/** Where each column is in a record. */
export type ColumnPositions = Readonly<Record<ProductCsvColumn, number>>;

const expected = PRODUCT_CSV_COLUMNS.join(',');
const isColumn = (name: string): name is ProductCsvColumn => (PRODUCT_CSV_COLUMNS as readonly string[]).includes(name);

/**
 * Checks the header of a product CSV: exactly the columns `sku,name,unitPrice,stock`, each once,
 * in any order (a spreadsheet may reorder them), names compared after trimming, case-sensitive.
 *
 * @throws InvalidCsvHeaderError naming the missing, unexpected and repeated columns.
 * @example
 * columnPositions(['stock', 'sku', 'name', 'unitPrice']); // { stock: 0, sku: 1, name: 2, unitPrice: 3 }
 */
export function columnPositions(header: readonly string[]): ColumnPositions {
  const names = header.map((name) => name.trim());
  const positions: Partial<Record<ProductCsvColumn, number>> = {};
  const unexpected: string[] = [];
  const repeated: string[] = [];
  names.forEach((name, index) => {
    if (!isColumn(name)) unexpected.push(JSON.stringify(name));
    else if (positions[name] !== undefined) repeated.push(name);
    else positions[name] = index;
  });
  const missing = PRODUCT_CSV_COLUMNS.filter((column) => positions[column] === undefined);
  if (missing.length === 0 && unexpected.length === 0 && repeated.length === 0) return positions as ColumnPositions;

  const problems = [
    missing.length > 0 && `missing: ${missing.join(', ')}`,
    unexpected.length > 0 && `unexpected: ${unexpected.join(', ')}`,
    repeated.length > 0 && `repeated: ${repeated.join(', ')}`,
  ].filter(Boolean);
  throw new InvalidCsvHeaderError(`expected the header "${expected}" (in any order), got ${JSON.stringify(excerpt(names.join(',')))}; ${problems.join('; ')}`);
}

/** Keeps messages (and the report holding them) small whatever the file holds. */
export function excerpt(text: string, max = 60): string {
  return text.length <= max ? text : `${text.slice(0, max)}…`;
}
