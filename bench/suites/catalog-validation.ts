import { buildMetadata, createEvent, OrderPlaced, parseDetail } from '../../shared/events/index.ts';
import { orderPlacedData } from '../fixtures/order-placed-events.ts';
import { reported } from '../goals.ts';
import type { Comparison } from '../types.ts';

// Typical orders: 1 to 5 lines.
const DATA = Array.from({ length: 200 }, (_, n) => orderPlacedData(n, 1 + (n % 5)));
const THROUGHPUT = { kind: 'throughput', itemsPerCall: DATA.length, unit: 'events/s' } as const;

/**
 * The catalog's zod validation on both ends of the bus: `createEvent` (validate the data, add metadata) against
 * building the same event without validation, and `parseDetail` of a received detail against `JSON.parse` alone.
 */
export function catalogValidationComparisons(): Comparison[] {
  const texts = DATA.map((data) => JSON.stringify(createEvent(OrderPlaced, data).detail));
  return [
    {
      name: 'catalog: create an event',
      ...reported('what validating the data on publish costs'),
      measure: THROUGHPUT,
      subject: { name: 'createEvent (zod)', run: () => DATA.map((data) => createEvent(OrderPlaced, data)) },
      baseline: {
        name: 'same event, unvalidated',
        run: () =>
          DATA.map((data) => ({
            source: OrderPlaced.source,
            detailType: OrderPlaced.detailType,
            detail: { metadata: buildMetadata(OrderPlaced.version), data },
          })),
      },
    },
    {
      name: 'catalog: receive a detail',
      ...reported('what validating a received detail costs beyond parsing it'),
      measure: THROUGHPUT,
      subject: { name: 'JSON.parse + parseDetail (zod)', run: () => texts.map((text) => parseDetail(OrderPlaced, JSON.parse(text))) },
      baseline: { name: 'JSON.parse', run: () => texts.map((text) => JSON.parse(text) as unknown) },
    },
  ];
}
