import type { ImportReport } from '../drivers/catalog-csv.ts';
import type { CheckContext } from './context.ts';
import { fromViolations, type InvariantResult } from './invariant.ts';

/** Every CSV file gets a report naming exactly its bad lines, and its valid rows are in Products as written. */
export function importInvariants({ csv, stores }: CheckContext, reports: Map<string, ImportReport | undefined>): InvariantResult[] {
  const products = new Map(stores.products.map((item) => [String(item.sku), item]));
  const violations: string[] = [];
  for (const [index, file] of csv.entries()) {
    const report = reports.get(file.key);
    if (!report) {
      violations.push(`${file.key}: no report`);
      continue;
    }
    const lines = report.rejected.map((r) => r.line).sort((a, b) => a - b);
    if (report.rowsOk !== file.valid.size) violations.push(`${file.key}: ${report.rowsOk} rows ok, ${file.valid.size} valid`);
    if (JSON.stringify(lines) !== JSON.stringify(file.rejectedLines))
      violations.push(`${file.key}: rejected lines ${lines.join(',')}, expected ${file.rejectedLines.join(',')}`);
    // The first file's stock is what orders take from: only its other files' stock must be as written.
    for (const [sku, row] of file.valid) {
      const item = products.get(sku);
      if (!item) violations.push(`${sku} of ${file.key} not in Products`);
      else if (Number(item.unitPriceMinor) !== row.unitPriceMinor || (index > 0 && Number(item.stock) !== row.stock)) {
        violations.push(`${sku}: Products holds ${String(item.unitPriceMinor)} / ${String(item.stock)}, the file said ${row.unitPriceMinor} / ${row.stock}`);
      }
    }
  }
  return [fromViolations('every CSV file gets a report naming its bad lines, and its valid rows are in Products', `${csv.length} files`, violations)];
}
