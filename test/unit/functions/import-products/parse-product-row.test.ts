import { describe, expect, it } from 'vitest';
import { columnPositions, InvalidCsvHeaderError, isBlankRow, parseProductRow } from '../../../../shared/imports/index.ts';

const positions = columnPositions(['sku', 'name', 'unitPrice', 'stock']);
const origin = { bucket: 'imports', key: 'incoming/products.csv', line: 7 };

describe('columnPositions', () => {
  it('accepts the four columns in any order, trimmed', () => {
    // Act
    const found = columnPositions([' stock', 'sku ', 'name', 'unitPrice']);
    // Assess
    expect(found).toEqual({ stock: 0, sku: 1, name: 2, unitPrice: 3 });
  });

  it.each([
    [['sku', 'name', 'price', 'stock'], 'missing: unitPrice; unexpected: "price"'],
    [['sku', 'name', 'unitPrice'], 'missing: stock'],
    [['sku', 'name', 'unitPrice', 'stock', 'color'], 'unexpected: "color"'],
    [['sku', 'name', 'unitPrice', 'stock', 'sku'], 'repeated: sku'],
    [['SKU', 'Name', 'UnitPrice', 'Stock'], 'missing: sku, name, unitPrice, stock; unexpected: "SKU", "Name", "UnitPrice", "Stock"'],
    [['PK\u0003\u0004\u0014'], 'missing: sku, name, unitPrice, stock; unexpected: "PK\\u0003\\u0004\\u0014"'],
  ])('rejects the header %j naming what is wrong', (header, problems) => {
    // Act
    const error = (() => {
      try {
        return columnPositions(header);
      } catch (e) {
        return e;
      }
    })();
    // Assess
    expect(error).toBeInstanceOf(InvalidCsvHeaderError);
    expect((error as InvalidCsvHeaderError).message).toMatch(/^line 1: expected the header "sku,name,unitPrice,stock" \(in any order\), got /);
    expect((error as InvalidCsvHeaderError).message.endsWith(problems)).toBe(true);
  });
});

describe('parseProductRow', () => {
  it('reads a row into the data of its ProductImported event, fields trimmed', () => {
    // Act
    const outcome = parseProductRow([' SKU-1 ', ' Mug, large ', ' 12.50 ', ' 3 '], positions, origin);
    // Assess
    expect(outcome).toEqual({ ok: true, product: { sku: 'SKU-1', name: 'Mug, large', unitPriceMinor: 1250, currency: 'EUR', stock: 3, importedFrom: origin } });
  });

  it('reads the price exactly into minor units of the given currency', () => {
    // Act
    const euros = parseProductRow(['SKU-1', 'Mug', '0.29', '1'], positions, origin);
    const yen = parseProductRow(['SKU-1', 'Mug', '1250', '1'], positions, origin, 'JPY');
    const cents = parseProductRow(['SKU-1', 'Mug', '10000000.00', '1'], positions, origin);
    // Assess
    expect(euros).toMatchObject({ ok: true, product: { unitPriceMinor: 29, currency: 'EUR' } });
    expect(yen).toMatchObject({ ok: true, product: { unitPriceMinor: 1250, currency: 'JPY' } });
    expect(cents).toMatchObject({ ok: true, product: { unitPriceMinor: 1_000_000_000 } });
  });

  it('reads the columns where the header put them', () => {
    // Act
    const outcome = parseProductRow(['3', 'SKU-1', '0', 'Mug'], columnPositions(['stock', 'sku', 'unitPrice', 'name']), origin);
    // Assess
    expect(outcome).toMatchObject({ ok: true, product: { sku: 'SKU-1', name: 'Mug', unitPriceMinor: 0, currency: 'EUR', stock: 3 } });
  });

  it.each([
    [['SKU-1', 'Mug', '12abc', '3'], 'unitPrice: expected a number ≥ 0 in decimal notation (e.g. 12.50), got "12abc"'],
    [['SKU-1', 'Mug', '-1', '3'], 'unitPrice: expected a number ≥ 0 in decimal notation (e.g. 12.50), got "-1"'],
    [['SKU-1', 'Mug', '1e3', '3'], 'unitPrice: expected a number ≥ 0 in decimal notation (e.g. 12.50), got "1e3"'],
    [['SKU-1', 'Mug', '', '3'], 'unitPrice: expected a number ≥ 0 in decimal notation (e.g. 12.50), got ""'],
    [['SKU-1', 'Mug', '2', '1.5'], 'stock: expected a non-negative integer, got "1.5"'],
    [['SKU-1', 'Mug', '2', '-4'], 'stock: expected a non-negative integer, got "-4"'],
    [['SKU-1', 'Mug', '2', '99999999999999999999'], 'stock: expected at most 1000000000, got "99999999999999999999"'],
    [['SKU-1', 'Mug', '2', '1000000001'], 'stock: expected at most 1000000000, got "1000000001"'],
    [['SKU-1', 'Mug', `1${'0'.repeat(130)}`, '1'], `unitPrice: expected at most 10000000.00 EUR, got "1${'0'.repeat(59)}…"`],
    [['SKU-1', 'Mug', '10000000.01', '1'], 'unitPrice: expected at most 10000000.00 EUR, got "10000000.01"'],
    [['SKU-1', 'Mug', '12.505', '1'], 'unitPrice: expected at most 2 decimals for EUR, got "12.505"'],
    [['SKU 1', 'Mug', '2', '1'], 'sku: expected letters, digits and - _ . : @ / + = only, starting with a letter or digit'],
    [['SKU-1', 'Mug\uFFFE', '2', '1'], 'name: expected printable characters only (no control characters or noncharacters such as U+FFFE)'],
    [['', 'Mug', '2', '1'], 'sku: Too small: expected string to have >=1 characters'],
    [['SKU-1', '   ', '2', '1'], 'name: Too small: expected string to have >=1 characters'],
    [['S'.repeat(65), 'Mug', '2', '1'], 'sku: Too big: expected string to have <=64 characters'],
    [
      ['', '', 'x', 'y'],
      'unitPrice: expected a number ≥ 0 in decimal notation (e.g. 12.50), got "x"; stock: expected a non-negative integer, got "y"; sku: Too small: expected string to have >=1 characters; name: Too small: expected string to have >=1 characters',
    ],
    [['SKU-1', 'Mug', '2'], 'expected 4 fields (sku,name,unitPrice,stock), got 3'],
    [['SKU-1', 'Mug, large', '2', '1', 'extra'], 'expected 4 fields (sku,name,unitPrice,stock), got 5'],
  ])('rejects %j: %s', (fields, reason) => {
    // Act
    const outcome = parseProductRow(fields, positions, origin);
    // Assess
    expect(outcome).toEqual({ ok: false, reason });
  });

  it('quotes at most 60 characters of a bad value, so reasons stay short', () => {
    // Act
    const outcome = parseProductRow(['SKU-1', 'Mug', 'x'.repeat(5000), '1'], positions, origin);
    // Assess
    expect(outcome).toEqual({ ok: false, reason: `unitPrice: expected a number ≥ 0 in decimal notation (e.g. 12.50), got "${'x'.repeat(60)}…"` });
  });
});

describe('isBlankRow', () => {
  it.each([
    [[''], true],
    [['  ', ''], true],
    [['', '', '', ''], true],
    [['', 'x'], false],
  ])('%j is blank: %s', (fields, blank) => {
    // Act, Assess
    expect(isBlankRow(fields)).toBe(blank);
  });
});
