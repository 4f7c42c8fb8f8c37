import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { scanActivityJson } from '../../../../functions/aggregate-activity/scan-activity-json.ts';

const scan = (text: string) => {
  const bytes = Buffer.from(text, 'utf8');
  return scanActivityJson(bytes, bytes.length);
};

const KEYS = ['type', 'userId', 'sku', 'at', 'eventId', 'other', '__proto__'];
/** Text shaped like a record, often plain and sometimes not: escapes, unicode, spaces, numbers, other keys. */
const recordLike = fc
  .array(fc.tuple(fc.constantFrom(...KEYS), fc.oneof(fc.string(), fc.string({ unit: 'binary' }), fc.integer(), fc.constant(null))), { maxLength: 7 })
  .chain((entries) =>
    fc.constantFrom(
      `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${JSON.stringify(v)}`).join(',')}}`,
      `{ ${entries.map(([k, v]) => `${JSON.stringify(k)}: ${JSON.stringify(v)}`).join(', ')} }`,
      `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${JSON.stringify(v)}`).join(',')}`,
    ),
  );

describe('scanActivityJson', () => {
  it('reads the record ingest writes as JSON.parse does', () => {
    // Prepare
    const text = JSON.stringify({ type: 'product_view', userId: 'u-1', sku: 'SKU-1', at: '2026-11-28T12:00:00.000Z', eventId: 'abc:0' });
    // Act
    const fields = scan(text);
    // Assess
    expect(fields).toEqual(JSON.parse(text));
  });

  it.each([
    ['whitespace', '{ "type":"page_view"}'],
    ['an escape', '{"type":"page\\u005fview"}'],
    ['a number', '{"type":1}'],
    ['another key', '{"type":"page_view","extra":"x"}'],
    ['non-ASCII', '{"userId":"zoë"}'],
    ['a missing brace', '{"type":"page_view"'],
    ['a trailing comma', '{"type":"page_view",}'],
  ])('leaves text with %s to JSON.parse', (_case, text) => {
    // Act
    const fields = scan(text);
    // Assess
    expect(fields).toBeUndefined();
  });

  it('answers, whenever it answers, exactly what JSON.parse does', () => {
    fc.assert(
      fc.property(fc.oneof(recordLike, fc.string()), (text) => {
        const fields = scan(text);
        if (fields !== undefined) expect(fields).toEqual(JSON.parse(text));
      }),
      { numRuns: 2_000 },
    );
  });
});
