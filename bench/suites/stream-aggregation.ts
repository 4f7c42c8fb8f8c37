import type { KinesisStreamRecord } from 'aws-lambda';
import { kinesisTumblingWindowEvent } from '@eventful/local/aws-events';
import { activityRecords } from '../fixtures/activity-records.ts';
import { throughputAtLeast } from '../goals.ts';
import type { Comparison } from '../types.ts';

const BATCH_SIZE = 10_000;
const COUNTED = new Set(['product_view', 'add_to_cart', 'checkout']);

type Counts = Record<string, Record<string, number>>;

/** The least any aggregator does: decode, parse and count each record, trusting it (no validation, no state). */
function parseAndCount(records: readonly KinesisStreamRecord[]): Counts {
  const counts: Counts = {};
  for (const record of records) {
    const activity = JSON.parse(Buffer.from(record.kinesis.data, 'base64').toString('utf8')) as { type: string; sku: string };
    if (!COUNTED.has(activity.type)) continue;
    const sku = (counts[activity.sku] ??= { product_view: 0, add_to_cart: 0, checkout: 0 });
    sku[activity.type] = (sku[activity.type] ?? 0) + 1;
  }
  return counts;
}

/**
 * Issue 9, goal 5: aggregate-activity's window aggregation (`aggregate`, the handler without its middleware: read the
 * window state, decode and validate every record, count each event id once per product and type) on one 10,000-record invocation in the
 * middle of a tumbling window, against decoding, parsing and counting the same records with no validation.
 */
export async function streamAggregationComparisons(): Promise<Comparison[]> {
  // The handler's module reads its configuration when imported; no AWS call is made for a window not yet final.
  process.env.STATS_TABLE ??= 'ActivityStats';
  process.env.EVENT_BUS_NAME ??= 'eventful-bus';
  process.env.POWERTOOLS_METRICS_DISABLED ??= 'true';
  const { aggregate } = await import('../../functions/aggregate-activity/handler.ts');
  const records = activityRecords(BATCH_SIZE);
  // In the middle of a window: the state carries what the part before it counted (read once, at the part's first
  // invocation), so this invocation reads nothing from the table.
  const state = { counts: {}, earlier: { requests: {}, ids: [] } };
  const event = kinesisTumblingWindowEvent(records, { start: new Date('2026-03-01T12:00:00Z'), seconds: 300, state });
  return [
    {
      name: `stream aggregation, ${BATCH_SIZE.toLocaleString('en-US')}-record Kinesis batch`,
      ...throughputAtLeast(200_000, 'records/s'),
      measure: { kind: 'throughput', itemsPerCall: BATCH_SIZE, unit: 'records/s' },
      subject: { name: 'aggregate (window not final)', run: () => aggregate(event) },
      baseline: { name: 'decode + JSON.parse + count, unvalidated', run: () => parseAndCount(records) },
      verify: async () => {
        const { state, batchItemFailures } = await aggregate(event);
        if (batchItemFailures.length > 0) throw new Error(`aggregate reported ${batchItemFailures.length} failures on valid records`);
        if (JSON.stringify(sorted(state.counts ?? {})) !== JSON.stringify(sorted(parseAndCount(records)))) {
          throw new Error('aggregate and the plain count disagree on the batch');
        }
      },
    },
  ];
}

function sorted(counts: Counts): [string, Record<string, number>][] {
  return Object.entries(counts).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}
