/**
 * Thrown when the first line of a product CSV is not the expected header. Nothing of such a file
 * is imported: without the right columns no row can be read with confidence.
 *
 * `InvalidCsvHeaderError: line 1: expected the header "sku,name,unitPrice,stock" (in any order), got "sku,title,price"; missing: name, unitPrice, stock; unexpected: title, price`
 */
export class InvalidCsvHeaderError extends Error {
  override readonly name = 'InvalidCsvHeaderError';

  constructor(readonly reason: string) {
    super(`line 1: ${reason}`);
  }
}

/**
 * Thrown when the CSV cannot be read past a point, e.g. a quote opened on `line` and never closed:
 * where the next record starts is then unknowable, so reading stops there. Records before it were
 * already delivered.
 *
 * `CsvSyntaxError: line 7: Quote Not Closed: the parsing is finished with an opening quote`
 */
export class CsvSyntaxError extends Error {
  override readonly name = 'CsvSyntaxError';

  constructor(
    /** The physical line the unreadable record starts on (the header is line 1). */
    readonly line: number,
    readonly reason: string,
    options?: ErrorOptions,
  ) {
    super(`line ${line}: ${reason}`, options);
  }
}
