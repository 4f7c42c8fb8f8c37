import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PoisonRecordError } from '../../../../functions/aggregate-activity/errors.ts';
import { tallyBatch } from '../../../../functions/aggregate-activity/tally-batch.ts';
import {
  type ActivityCounts,
  activityEventId,
  activityRequestId,
  COUNTED_ACTIVITY_TYPES,
  type CountedActivityType,
  StreamActivityRecord,
  zeroCounts,
} from '../../../../shared/activity/index.ts';
import { kinesisRecord } from '../../../kit/index.ts';

const requests = [activityRequestId('key-1', []), activityRequestId('key-2', [])];

/** Records as ingest and other producers write them, valid and not, with ids that repeat (retried writes). */
const activity = fc.record(
  {
    type: fc.constantFrom('page_view', 'product_view', 'product_view', 'add_to_cart', 'checkout', 'view'),
    userId: fc.constantFrom('u-1', 'u-2', ''),
    sku: fc.constantFrom('SKU-1', 'SKU-2', 'sku/3', '-SKU'),
    at: fc.constantFrom('2026-11-28T12:00:10.000Z', '2026-11-28T12:00:10+01:00', '2026-02-29T12:00:00Z'),
    eventId: fc.oneof(
      fc.tuple(fc.constantFrom(...requests), fc.nat(3)).map(([request, index]) => activityEventId(request, index)),
      fc.constantFrom('e-1', 'e-2', `${requests[0]}:07`),
    ),
  },
  { requiredKeys: ['type', 'userId', 'at', 'eventId'] },
);
type Activity = typeof activity extends fc.Arbitrary<infer A> ? A : never;

/** How a record's JSON is written: as ingest does (the plain shape), or otherwise (spaces, another key, not JSON). */
type Encoding = 'plain' | 'spaced' | 'extra key' | 'not JSON';
const encode = (value: Activity, encoding: Encoding, sequenceNumber: string) =>
  kinesisRecord(
    encoding === 'plain'
      ? value
      : encoding === 'spaced'
        ? JSON.stringify(value, null, 1)
        : encoding === 'extra key'
          ? { ...value, note: 'ü' }
          : `{"type": "${value.type}", `,
    { sequenceNumber },
  );

/** What counting the batch means: in order, each valid record's id once, page views read but not counted, up to the first invalid record. */
function expectedTally(batch: readonly [Activity, Encoding][]) {
  const counts: Record<string, ActivityCounts> = {};
  const seen = new Set<string>();
  let duplicates = 0;
  for (const [index, [value, encoding]] of batch.entries()) {
    if (encoding === 'not JSON' || !StreamActivityRecord.safeParse(value).success) return { counts, duplicates, poisonIndex: index };
    if (!(COUNTED_ACTIVITY_TYPES as readonly string[]).includes(value.type)) continue;
    if (seen.has(value.eventId)) {
      duplicates += 1;
      continue;
    }
    seen.add(value.eventId);
    const sku = (counts[value.sku as string] ??= zeroCounts());
    sku[value.type as CountedActivityType] += 1;
  }
  return { counts, duplicates, poisonIndex: undefined };
}

const EMPTY_STATE = { counts: {} };

describe('tallyBatch', () => {
  it('counts every record once per event id and stops at the first invalid one, however its JSON is written', () => {
    const encoding = fc.constantFrom<Encoding>('plain', 'plain', 'plain', 'spaced', 'extra key', 'not JSON');
    fc.assert(
      fc.property(fc.array(fc.tuple(activity, encoding), { maxLength: 40 }), (batch) => {
        // Act
        const tally = tallyBatch(
          batch.map(([value, how], i) => encode(value, how, String(i))),
          EMPTY_STATE,
        );
        // Assess
        const expected = expectedTally(batch);
        expect(tally.state.counts).toEqual(expected.counts);
        expect(tally.duplicates).toBe(expected.duplicates);
        expect(tally.poison?.index).toBe(expected.poisonIndex);
        if (tally.poison) expect(tally.poison.error).toBeInstanceOf(PoisonRecordError);
      }),
      { numRuns: 1_000 },
    );
  });

  it('answers the same state for records read from their bytes as for the same records parsed whole', () => {
    fc.assert(
      fc.property(fc.array(activity, { maxLength: 40 }), fc.array(activity, { maxLength: 5 }), (batch, before) => {
        // Prepare: ids the part before this one counted, for the dedupe.
        const earlier = tallyBatch(
          before.map((value, i) => encode(value, 'spaced', String(i))),
          EMPTY_STATE,
        ).state.seen;
        const incoming = { counts: { 'SKU-1': { product_view: 2, add_to_cart: 0, checkout: 1 } }, earlier };
        // Act
        const plain = tallyBatch(
          batch.map((value, i) => encode(value, 'plain', String(i))),
          incoming,
        );
        const parsed = tallyBatch(
          batch.map((value, i) => encode(value, 'spaced', String(i))),
          incoming,
        );
        // Assess
        expect(JSON.stringify(plain.state)).toBe(JSON.stringify(parsed.state));
        expect(plain.duplicates).toBe(parsed.duplicates);
        expect(plain.poison?.index).toBe(parsed.poison?.index);
        expect(plain.poison?.error.message).toBe(parsed.poison?.error.message);
      }),
      { numRuns: 1_000 },
    );
  });
});
