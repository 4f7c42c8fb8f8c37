import {
  PutEventsCommand,
  type EventBridgeClient,
  type PutEventsCommandInput,
  type PutEventsRequestEntry,
  type PutEventsResultEntry,
} from '@aws-sdk/client-eventbridge';
import type { AwsClientStub } from 'aws-sdk-client-mock';
import type { z } from 'zod';
import { ActivitySummarized, createEvent, OrderPlaced, type CatalogEvent } from '../../../shared/events/index.ts';
import { putEventsEntrySize } from '../../../shared/publishing/index.ts';

export const OCCURRED_AT = '2026-03-02T10:00:00.000Z';

type Placed = CatalogEvent<typeof OrderPlaced>;

/** A valid OrderPlaced with a deterministic id `evt-<n>`. */
export function orderPlaced(n: number, data: Partial<z.input<typeof OrderPlaced.data>> = {}): Placed {
  return createEvent(
    OrderPlaced,
    {
      orderId: `ord-${n}`,
      customerId: `cus-${n}`,
      items: [{ sku: 'SKU-1', quantity: 1, unitPriceMinor: 10 }],
      totalMinor: 10,
      currency: 'EUR',
      paymentDeadline: '2026-03-03T10:00:00.000Z',
      ...data,
    },
    { eventId: `evt-${n}`, occurredAt: OCCURRED_AT, correlationId: 'corr-1' },
  );
}

/** The size of the PutEvents entry the publisher builds for `event` (source, detail-type, detail JSON, time). */
export function entrySizeOf(event: CatalogEvent): number {
  return putEventsEntrySize({ Source: event.source, DetailType: event.detailType, Detail: JSON.stringify(event.detail), Time: new Date() });
}

type Summarized = CatalogEvent<typeof ActivitySummarized>;

function activitySummarized(n: number, skus: readonly string[]): Summarized {
  return createEvent(
    ActivitySummarized,
    { periodStart: '2026-03-01T00:00:00.000Z', periodEnd: '2026-03-02T00:00:00.000Z', products: skus.map((sku) => ({ sku, counts: {} })) },
    { eventId: `evt-${n}`, occurredAt: OCCURRED_AT, correlationId: 'corr-1' },
  );
}

/**
 * A valid event whose entry weighs exactly `bytes`: an ActivitySummarized padded with products (every
 * field of OrderPlaced is bounded, ActivitySummarized's product list is not). Each product costs a fixed
 * number of bytes plus its SKU's length (1 to 64), which makes any size from a few hundred bytes up.
 */
export function eventOfEntrySize(n: number, bytes: number): Summarized {
  const empty = entrySizeOf(activitySummarized(n, []));
  const first = entrySizeOf(activitySummarized(n, ['A'])) - empty;
  const remaining = bytes - empty;
  // The first product costs `first` bytes with a one-character SKU, each next one a comma more; each SKU character 1 byte.
  const count = Math.ceil((remaining + 1) / (first + 64));
  let extra = remaining - count * first - (count - 1);
  if (extra < 0) throw new RangeError(`cannot build an event of exactly ${bytes} bytes`);
  const skus = Array.from({ length: count }, () => {
    const length = 1 + Math.min(63, extra);
    extra -= length - 1;
    return 'S'.repeat(length);
  });
  const event = activitySummarized(n, skus);
  if (entrySizeOf(event) !== bytes) throw new RangeError(`built ${entrySizeOf(event)} bytes instead of ${bytes}`);
  return event;
}

export const eventIdOf = (entry: PutEventsRequestEntry): string => (JSON.parse(entry.Detail ?? '{}') as { metadata: { eventId: string } }).metadata.eventId;

type Stub = AwsClientStub<EventBridgeClient>;

/**
 * Makes the mocked EventBridge answer like the real one: one result per entry, in order. An entry is
 * accepted (`EventId: entry-<eventId>`) unless `failures[eventId]` still holds error codes, in which
 * case it fails with the next one: `{ 'evt-3': ['ThrottlingException'] }` fails evt-3 once.
 */
export function answerPutEvents(mock: Stub, failures: Record<string, string[]> = {}): void {
  const remaining = new Map(Object.entries(failures).map(([id, codes]) => [id, [...codes]]));
  mock.on(PutEventsCommand).callsFake((input: PutEventsCommandInput) => {
    const Entries = (input.Entries ?? []).map((entry): PutEventsResultEntry => {
      const id = eventIdOf(entry);
      const code = remaining.get(id)?.shift();
      return code ? { ErrorCode: code, ErrorMessage: `${code} for ${id}` } : { EventId: `entry-${id}` };
    });
    return { FailedEntryCount: Entries.filter((e) => e.ErrorCode).length, Entries };
  });
}

/** What each PutEvents call carried, as event ids. */
export function putEventsCalls(mock: Stub): string[][] {
  return mock.commandCalls(PutEventsCommand).map((call) => ((call.args[0].input as PutEventsCommandInput).Entries ?? []).map(eventIdOf));
}

/** Retry options that never wait: `delays` records each requested sleep, `random` replays `draws`. */
export function instantRetry(draws: number[] = [0.5]) {
  const delays: number[] = [];
  let next = 0;
  return {
    delays,
    sleep: async (ms: number) => {
      delays.push(ms);
    },
    random: () => draws[next++ % draws.length] as number,
  };
}
