import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isSkuBytes, isTimestampBytes, plainActivityType } from '../../../../functions/aggregate-activity/activity-bytes.ts';
import { ACTIVITY_TYPES, activityFieldOffsets, scanActivityFields } from '../../../../functions/aggregate-activity/scan-activity-json.ts';
import { Sku, StreamActivityRecord, TIMESTAMP_PATTERN } from '../../../../shared/activity/index.ts';

/** The text between other bytes, as a record's value sits between quotes: a check must read only its own range. */
const checkIn = (check: (bytes: Uint8Array, start: number, end: number) => boolean, text: string) =>
  check(Buffer.from(`"${text}"`, 'latin1'), 1, 1 + text.length);

const printable = (text: string) => [...text].every((c) => c >= ' ' && c <= '~' && c !== '"' && c !== '\\');

const pad = (n: number, width: number) => String(n).padStart(width, '0');
/** Timestamps of every form the pattern has, and near misses: any date (February 29th too), times past their range, offsets, fractions. */
const timestampLike = fc.oneof(
  fc
    .tuple(
      fc.integer({ min: 0, max: 9999 }),
      fc.integer({ min: 0, max: 13 }),
      fc.integer({ min: 0, max: 32 }),
      fc.integer({ min: 0, max: 25 }),
      fc.integer({ min: 0, max: 60 }),
      fc.integer({ min: 0, max: 60 }),
      fc.constantFrom('', '.', '.1', '.123', '.123456789', '.x'),
      fc.constantFrom('Z', 'z', '', '+01:00', '-14:00', '+24:00', '+23:60', '+0100', '+01:00Z', ' '),
    )
    .map(([y, mo, d, h, mi, s, fraction, zone]) => `${pad(y, 4)}-${pad(mo, 2)}-${pad(d, 2)}T${pad(h, 2)}:${pad(mi, 2)}:${pad(s, 2)}${fraction}${zone}`),
  fc.constantFrom('2024-02-29T00:00:00Z', '2000-02-29T00:00:00Z', '1900-02-29T00:00:00Z', '0000-02-29T00:00:00Z', '2026-03-01 12:00:00Z', '2026-03-01T12:00Z'),
  fc.date({ min: new Date('0000-01-01T00:00:00Z'), max: new Date('9999-12-31T23:59:59Z'), noInvalidDate: true }).map((date) => date.toISOString()),
  fc.string({ maxLength: 30 }),
);

describe('isTimestampBytes', () => {
  it.each([
    ['the form ingest writes', '2026-03-01T12:00:00.000Z', true],
    ['an offset and no fraction', '2026-03-01T12:00:00+01:00', true],
    ['February 29th of a leap year', '2024-02-29T12:00:00Z', true],
    ['February 29th of a century not a leap year', '1900-02-29T12:00:00Z', false],
    ['April 31st', '2026-04-31T12:00:00Z', false],
    ['hour 24', '2026-03-01T24:00:00Z', false],
    ['no zone', '2026-03-01T12:00:00', false],
  ])('reads %s as TIMESTAMP_PATTERN does', (_case, text, valid) => {
    // Act
    const answer = checkIn(isTimestampBytes, text);
    // Assess
    expect(answer).toBe(valid);
    expect(TIMESTAMP_PATTERN.test(text)).toBe(valid);
  });

  it('accepts exactly what TIMESTAMP_PATTERN (zod: z.iso.datetime({ offset: true })) accepts', () => {
    fc.assert(
      fc.property(timestampLike, (text) => {
        fc.pre(printable(text));
        expect(checkIn(isTimestampBytes, text)).toBe(TIMESTAMP_PATTERN.test(text));
      }),
      { numRuns: 5_000 },
    );
  });
});

describe('isSkuBytes', () => {
  it('accepts exactly the skus the catalog accepts (an identifier of 1 to 64 characters)', () => {
    const skuLike = fc.oneof(
      fc.string({ unit: fc.constantFrom(...'aZ09._:@/+=-~ #'.split('')), maxLength: 70 }),
      fc.constantFrom('', 'S', 'SKU-1', '-SKU', '.sku', 'a'.repeat(64), 'a'.repeat(65), 'sku/1+=@:._'),
      fc.string({ maxLength: 70 }),
    );
    fc.assert(
      fc.property(skuLike, (text) => {
        fc.pre(printable(text));
        expect(checkIn(isSkuBytes, text)).toBe(Sku.safeParse(text).success);
      }),
      { numRuns: 3_000 },
    );
  });
});

describe('plainActivityType', () => {
  const valid = { type: 'product_view', userId: 'u-1', sku: 'SKU-1', at: '2026-11-28T12:00:00.000Z', eventId: 'e-1' };
  /** Records of the plain shape, valid or near it: each field absent, empty, at and past its limits, or of another type. */
  const plainRecord = fc.record(
    {
      type: fc.constantFrom(...ACTIVITY_TYPES, 'PAGE_VIEW', 'view', ''),
      userId: fc.constantFrom('u-1', '', 'u'.repeat(128), 'u'.repeat(129), 'zo e'),
      sku: fc.constantFrom('SKU-1', '', '-SKU', 's'.repeat(64), 's'.repeat(65)),
      at: timestampLike,
      eventId: fc.constantFrom('e-1', '', 'AAAAAAAAAAAAAAAAAAAAAA:0'),
    },
    { requiredKeys: [] },
  );
  const read = (record: object) => {
    const bytes = Buffer.from(JSON.stringify(record), 'utf8');
    const offsets = activityFieldOffsets();
    return scanActivityFields(bytes, bytes.length, offsets) ? plainActivityType(bytes, offsets) : undefined;
  };

  it('answers the type of a valid record, and -1 for one without the sku its type is counted by', () => {
    // Act
    const answers = [read(valid), read({ ...valid, type: 'page_view', sku: undefined }), read({ ...valid, sku: undefined })];
    // Assess
    expect(answers).toEqual([ACTIVITY_TYPES.indexOf('product_view'), ACTIVITY_TYPES.indexOf('page_view'), -1]);
  });

  it('accepts exactly the plain records StreamActivityRecord accepts, with their type', () => {
    fc.assert(
      fc.property(plainRecord, (record) => {
        const type = read(record);
        if (type === undefined) return; // Not of the plain shape (an escape, a byte beyond ASCII): not its to answer.
        const parsed = StreamActivityRecord.safeParse(record);
        expect(type >= 0).toBe(parsed.success);
        if (parsed.success) expect(ACTIVITY_TYPES[type]).toBe(parsed.data.type);
      }),
      { numRuns: 3_000 },
    );
  });
});
