import type { EventBridgeClient, PutEventsCommand, PutEventsRequestEntry } from '@aws-sdk/client-eventbridge';
import { packBatches, PUT_EVENTS_MAX_ENTRIES, PUT_EVENTS_MAX_REQUEST_BYTES, publishEvents, putEventsEntrySize } from '../../shared/publishing/index.ts';
import { orderPlacedEvents } from '../fixtures/order-placed-events.ts';
import { ratioAtLeast, reported } from '../goals.ts';
import type { Comparison } from '../types.ts';

const EVENTS = orderPlacedEvents(500);
const THROUGHPUT = { kind: 'throughput', itemsPerCall: EVENTS.length, unit: 'events/s' } as const;
const LIMITS = { maxCount: PUT_EVENTS_MAX_ENTRIES, maxBytes: PUT_EVENTS_MAX_REQUEST_BYTES };

/** Answers every PutEvents entry with success at once: what is left to measure is our own work per event. */
const noOpClient = {
  send: async (command: PutEventsCommand) => ({ Entries: (command.input.Entries ?? []).map((_, i) => ({ EventId: `id-${i}` })) }),
} as unknown as EventBridgeClient;

/**
 * What the publisher adds to serializing events: sizing entries as EventBridge counts them and packing them into
 * PutEvents calls; then the whole of `publishEvents` (validation, sizing, packing, per-entry bookkeeping) with a
 * client that answers at once. Both against `JSON.stringify` of the same events' details, the work no publisher
 * can avoid.
 */
export function publishingComparisons(): Comparison[] {
  const entries: PutEventsRequestEntry[] = EVENTS.map((event) => ({
    Source: event.source,
    DetailType: event.detailType,
    Detail: JSON.stringify(event.detail),
    Time: new Date(event.detail.metadata.occurredAt),
  }));
  const stringify = { name: 'JSON.stringify(detail)', run: () => EVENTS.map((event) => JSON.stringify(event.detail)) };
  return [
    {
      name: 'PutEvents entry sizing + packing',
      ...ratioAtLeast(1, 'faster than serializing the same details (ratio above 1)'),
      measure: THROUGHPUT,
      subject: { name: 'putEventsEntrySize + packBatches', run: () => packBatches(entries, putEventsEntrySize, LIMITS) },
      baseline: stringify,
      verify: () => {
        const batches = packBatches(entries, putEventsEntrySize, LIMITS);
        if (batches.flat().length !== EVENTS.length) throw new Error('packBatches lost or added entries');
      },
    },
    {
      name: 'publishEvents, no-op client',
      ...reported('what validation, sizing, packing and bookkeeping cost beyond serializing'),
      measure: THROUGHPUT,
      subject: { name: 'publishEvents', run: () => publishEvents(EVENTS, { client: noOpClient, eventBusName: 'eventful' }) },
      baseline: stringify,
      verify: async () => {
        const { published } = await publishEvents(EVENTS, { client: noOpClient, eventBusName: 'eventful' });
        if (published.length !== EVENTS.length) throw new Error(`publishEvents published ${published.length} of ${EVENTS.length} events`);
      },
    },
  ];
}
