import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseStreamActivityRecord, StreamActivityRecord } from '../../../shared/activity/index.ts';

/** Values near the limits of each field, valid and not: the fast path must agree with zod on every one. */
const type = fc.oneof(fc.constantFrom('page_view', 'product_view', 'add_to_cart', 'checkout', 'PRODUCT_VIEW', '', 'view'), fc.integer(), fc.constant(null));
const text = (max: number) =>
  fc.oneof(
    fc.string({ minLength: 0, maxLength: max + 2 }),
    fc.constantFrom('', 'a'.repeat(max), 'a'.repeat(max + 1), 'SKU-1', '-SKU', 'sku/1+=@:._', 'sku 1', 'ü', '\u{1F600}'.repeat(Math.ceil(max / 2))),
    fc.integer(),
    fc.constant(null),
  );
const at = fc.oneof(
  fc.date({ min: new Date('1900-01-01'), max: new Date('2200-01-01'), noInvalidDate: true }).map((date) => date.toISOString()),
  fc.constantFrom(
    '2026-03-01T12:00:00Z',
    '2026-03-01T12:00:00+01:00',
    '2026-03-01T12:00:00.123456+14:00',
    '2026-03-01T12:00Z',
    '2026-03-01 12:00:00Z',
    '2026-02-29T12:00:00Z',
    '2024-02-29T12:00:00Z',
    '2026-03-01T24:00:00Z',
    '2026-03-01T12:00:00',
    '2026-03-01T12:00:00+24:00',
    '',
  ),
  fc.integer(),
);
const record = fc.record(
  { type, userId: text(128), sku: fc.oneof(text(64), fc.constant(undefined)), at, eventId: text(36), extra: fc.anything() },
  { requiredKeys: [] },
);
const anyValue = fc.oneof({ weight: 10, arbitrary: record }, { weight: 1, arbitrary: fc.anything() });

describe('parseStreamActivityRecord', () => {
  it('accepts and refuses exactly what StreamActivityRecord does, with the same data', () => {
    fc.assert(
      fc.property(anyValue, (value) => {
        // Act
        const fast = parseStreamActivityRecord(value);

        // Assess
        const zod = StreamActivityRecord.safeParse(value);
        expect(fast.success).toBe(zod.success);
        expect(fast.data).toStrictEqual(zod.data);
      }),
      { numRuns: 5_000 },
    );
  });

  it('leaves the refusal of an invalid record to zod, naming the field', () => {
    // Act
    const parsed = parseStreamActivityRecord({ type: 'product_view', userId: 'u-1', at: '2026-03-01T12:00:00Z', eventId: 'e-1' });

    // Assess
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues.map((issue) => [issue.path.join('.'), issue.message])).toEqual([['sku', 'required for product_view events']]);
  });

  it('gives a valid record without the fields the schema does not know', () => {
    // Act
    const parsed = parseStreamActivityRecord({ type: 'checkout', userId: 'u-1', sku: 'SKU-1', at: '2026-03-01T12:00:00Z', eventId: 'e-1', extra: 1 });

    // Assess
    expect(parsed).toEqual({ success: true, data: { type: 'checkout', userId: 'u-1', sku: 'SKU-1', at: '2026-03-01T12:00:00Z', eventId: 'e-1' } });
  });
});
