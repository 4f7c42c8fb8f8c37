/**
 * Reading product CSV imports, pure and streaming: records with their physical line numbers, the
 * header check, and each row turned into the `data` of a `ProductImported` event or a reason.
 *
 * @example
 * import { columnPositions, isBlankRow, parseProductRow, readCsvRecords } from '../../shared/imports/index.ts';
 *
 * let positions;
 * for await (const { line, fields } of readCsvRecords(body)) {
 *   if (line === 1) positions = columnPositions(fields);
 *   else if (!isBlankRow(fields)) console.log(line, parseProductRow(fields, positions, { bucket, key, line }));
 * }
 */
export { CsvSyntaxError, InvalidCsvHeaderError } from './errors.ts';
export { REPORTS_PREFIX } from './reports-prefix.ts';
export { normalizeLineBreaks } from './normalize-line-breaks.ts';
export { isBlankRow, parseProductRow, type ImportedProduct, type RowOrigin, type RowOutcome } from './parse-product-row.ts';
export { columnPositions, excerpt, PRODUCT_CSV_COLUMNS, type ColumnPositions, type ProductCsvColumn } from './product-csv-header.ts';
export { DEFAULT_MAX_RECORD_BYTES, readCsvRecords, type CsvRecord, type ReadCsvRecordsOptions } from './read-csv-records.ts';
