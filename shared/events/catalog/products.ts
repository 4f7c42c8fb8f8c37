import * as z from '../../validation/zod.ts';
import { MAX_STOCK, minorUnitsOfStoredDecimal } from '../../money/index.ts';
import { defineEvent, previousVersion } from '../define-event.ts';
import { Currency, Sku, TEXT_PATTERN, UnitPriceMinor } from './common.ts';
import { Sources } from './sources.ts';
import { ProductImportedV1 } from './version-1.ts';

export const ProductImported = defineEvent({
  source: Sources.catalog,
  detailType: 'ProductImported',
  // 2: unitPriceMinor and currency, in integer minor units.
  version: 2,
  description: 'One valid row of a product CSV import, split out of the file (price in minor units of the catalog currency).',
  producers: ['import-products'],
  data: z.object({
    sku: Sku,
    name: z
      .string()
      .check(
        z.minLength(1),
        z.maxLength(256),
        z.regex(TEXT_PATTERN, 'expected printable characters only (no control characters or noncharacters such as U+FFFE)'),
      ),
    unitPriceMinor: UnitPriceMinor,
    currency: Currency,
    stock: z.number().check(z.int(), z.nonnegative(), z.lte(MAX_STOCK)),
    /** `s3://bucket/key` of the imported file and the row's line number, for tracing back. */
    importedFrom: z.object({ bucket: z.string().check(z.minLength(1)), key: z.string().check(z.minLength(1)), line: z.number().check(z.int(), z.positive()) }),
  }),
  previousVersions: [
    // 1 → 2: version 1 prices were decimals of EUR, the only catalog currency then.
    previousVersion(1, ProductImportedV1, ({ unitPrice, ...data }) => ({
      ...data,
      unitPriceMinor: minorUnitsOfStoredDecimal(unitPrice, 'EUR'),
      currency: 'EUR',
    })),
  ],
});
