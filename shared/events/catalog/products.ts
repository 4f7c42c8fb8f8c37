import { z } from 'zod';
import { defineEvent } from '../define-event.ts';
import { Money, Sku } from './common.ts';
import { Sources } from './sources.ts';

export const ProductImported = defineEvent({
  source: Sources.catalog,
  detailType: 'ProductImported',
  version: 1,
  description: 'One valid row of a product CSV import, split out of the file.',
  producers: ['import-products'],
  data: z.object({
    sku: Sku,
    name: z.string().min(1).max(256),
    unitPrice: Money,
    stock: z.number().int().nonnegative(),
    /** `s3://bucket/key` of the imported file and the row's line number, for tracing back. */
    importedFrom: z.object({ bucket: z.string().min(1), key: z.string().min(1), line: z.number().int().positive() }),
  }),
});
