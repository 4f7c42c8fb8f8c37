import { EventBridgeClient, PutEventsCommand, type PutEventsCommandInput, type PutEventsRequestEntry } from '@aws-sdk/client-eventbridge';
import { GetObjectCommand, PutObjectCommand, S3Client, type PutObjectCommandInput } from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { ActivitySummarized, InvalidEventError, parseDetail, UnknownEventTypeError, type CatalogEvent } from '../../../shared/events/index.ts';
import {
  EventTooLargeError,
  PUT_EVENTS_MAX_REQUEST_BYTES,
  PublishFailedError,
  publishEvents,
  putEventsEntrySize,
  resolveClaimCheck,
  S3ClaimCheckStore,
  type PublishEventsOptions,
} from '../../../shared/publishing/index.ts';
import { answerPutEvents, entrySizeOf, eventIdOf, instantRetry, OCCURRED_AT, orderPlaced, eventOfEntrySize, putEventsCalls } from './fixtures.ts';

const eventBridge = mockClient(EventBridgeClient);
const s3 = mockClient(S3Client);
const client = new EventBridgeClient({});

function options(extra: Partial<PublishEventsOptions> = {}): PublishEventsOptions {
  return { client, eventBusName: 'eventful', ...instantRetry(), ...extra };
}

const entriesOfCall = (n: number): PutEventsRequestEntry[] =>
  (eventBridge.commandCalls(PutEventsCommand)[n]!.args[0].input as PutEventsCommandInput).Entries ?? [];

async function rejection<E extends Error>(promise: Promise<unknown>, type: new (...args: never[]) => E): Promise<E> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(type);
  return error as E;
}

describe('publishEvents', () => {
  afterEach(() => {
    eventBridge.reset();
    s3.reset();
  });

  describe('serialized events (the outbox relay)', () => {
    it('sends the detail JSON unchanged, with its source, detail-type and occurredAt as the entry Time', async () => {
      // Prepare: spacing, key order and a field no schema knows: none of it may change on the way.
      answerPutEvents(eventBridge);
      const detailJson = '{"data":{"orderId":"o-1","legacy":true},  "metadata":{"eventId":"e-1","version":1}}';

      // Act
      const { published } = await publishEvents(
        [{ source: 'eventful.orders', detailType: 'OrderPlaced', eventId: 'e-1', occurredAt: OCCURRED_AT, detailJson }],
        options(),
      );

      // Assess
      expect(entriesOfCall(0)).toEqual([
        { EventBusName: 'eventful', Source: 'eventful.orders', DetailType: 'OrderPlaced', Detail: detailJson, Time: new Date(OCCURRED_AT) },
      ]);
      expect(published).toEqual([{ eventId: 'e-1', detailType: 'OrderPlaced', entryId: 'entry-e-1' }]);
    });
  });

  describe('packing', () => {
    it('sends 25 events in 3 PutEvents calls of 10, 10 and 5 entries, in order', async () => {
      // Prepare
      answerPutEvents(eventBridge);
      const events = Array.from({ length: 25 }, (_, i) => orderPlaced(i));

      // Act
      const { published } = await publishEvents(events, options());

      // Assess
      const calls = putEventsCalls(eventBridge);
      expect(calls.map((entries) => entries.length)).toEqual([10, 10, 5]);
      expect(calls.flat()).toEqual(events.map((e) => e.detail.metadata.eventId));
      expect(published.map((p) => p.entryId)).toEqual(events.map((e) => `entry-${e.detail.metadata.eventId}`));
    });

    it('sends an entry near the 1 MiB limit in a call of its own, keeping the order', async () => {
      // Prepare
      answerPutEvents(eventBridge);
      const big = eventOfEntrySize(2, PUT_EVENTS_MAX_REQUEST_BYTES - 100);
      const events = [orderPlaced(1), big, orderPlaced(3), orderPlaced(4)];

      // Act
      await publishEvents(events, options());

      // Assess
      expect(putEventsCalls(eventBridge)).toEqual([['evt-1'], ['evt-2'], ['evt-3', 'evt-4']]);
      expect(putEventsEntrySize(entriesOfCall(1)[0] as PutEventsRequestEntry)).toBe(PUT_EVENTS_MAX_REQUEST_BYTES - 100);
    });

    it('sends an entry of exactly 1 MiB inline, and refuses one byte more when no claim-check store is set', async () => {
      // Prepare
      answerPutEvents(eventBridge);
      const atLimit = eventOfEntrySize(1, PUT_EVENTS_MAX_REQUEST_BYTES);
      const overLimit = eventOfEntrySize(2, PUT_EVENTS_MAX_REQUEST_BYTES + 1);

      // Act
      await publishEvents([atLimit], options());
      const error = await rejection(publishEvents([overLimit], options()), EventTooLargeError);

      // Assess
      expect(putEventsCalls(eventBridge)).toEqual([['evt-1']]);
      expect(error.message).toContain(`ActivitySummarized evt-2 is ${PUT_EVENTS_MAX_REQUEST_BYTES + 1} bytes as a PutEvents entry`);
      expect(error).toMatchObject({ detailType: 'ActivitySummarized', eventId: 'evt-2', sizeBytes: PUT_EVENTS_MAX_REQUEST_BYTES + 1 });
    });

    it('builds each entry from the event: bus, source, detail-type, the detail as JSON, occurredAt as Time', async () => {
      answerPutEvents(eventBridge);
      const event = orderPlaced(1);

      await publishEvents([event], options());

      expect(entriesOfCall(0)).toEqual([
        {
          EventBusName: 'eventful',
          Source: 'eventful.orders',
          DetailType: 'OrderPlaced',
          Detail: JSON.stringify(event.detail),
          Time: new Date(OCCURRED_AT),
        },
      ]);
    });

    it('makes no call for no event', async () => {
      expect(await publishEvents([], options())).toEqual({ published: [] });
      expect(eventBridge.calls()).toHaveLength(0);
    });
  });

  describe('partial failures', () => {
    it('retries only the entries that failed, with growing jittered delays', async () => {
      // Prepare
      answerPutEvents(eventBridge, { 'evt-1': ['ThrottlingException', 'InternalFailure'], 'evt-3': ['InternalFailure'] });
      const retry = instantRetry([0.5, 0.25]);

      // Act
      const { published } = await publishEvents(
        [0, 1, 2, 3].map((n) => orderPlaced(n)),
        options({ ...retry, baseDelayMs: 100, maxDelayMs: 1000 }),
      );

      // Assess
      expect(putEventsCalls(eventBridge)).toEqual([['evt-0', 'evt-1', 'evt-2', 'evt-3'], ['evt-1', 'evt-3'], ['evt-1']]);
      expect(entriesOfCall(1)).toEqual([entriesOfCall(0)[1], entriesOfCall(0)[3]]);
      // Ceilings 100 then 200 ms, drawn at 0.5 then 0.25.
      expect(retry.delays).toEqual([50, 50]);
      expect(published.map((p) => p.eventId)).toEqual(['evt-0', 'evt-1', 'evt-2', 'evt-3']);
    });

    it('surfaces the entries still failing after maxAttempts, with their codes and the events that were published', async () => {
      // Prepare
      answerPutEvents(eventBridge, { 'evt-1': Array.from({ length: 3 }, () => 'ThrottlingException') });

      // Act
      const error = await rejection(
        publishEvents(
          [0, 1, 2].map((n) => orderPlaced(n)),
          options({ maxAttempts: 3 }),
        ),
        PublishFailedError,
      );

      // Assess
      expect(eventBridge.commandCalls(PutEventsCommand)).toHaveLength(3);
      expect(error.failed).toEqual([
        { eventId: 'evt-1', detailType: 'OrderPlaced', errorCode: 'ThrottlingException', errorMessage: 'ThrottlingException for evt-1' },
      ]);
      expect(error.publishedEventIds).toEqual(['evt-0', 'evt-2']);
      expect(error.message).toBe('1 of 3 events not published: OrderPlaced evt-1 (ThrottlingException: ThrottlingException for evt-1)');
    });

    it.each(['AccessDeniedException', 'InvalidArgument', 'MalformedDetail', 'NotAuthorizedForSourceException', 'NotAuthorizedForDetailTypeException'])(
      'does not retry an entry that failed with %s',
      async (code) => {
        answerPutEvents(eventBridge, { 'evt-1': [code] });

        const error = await rejection(publishEvents([orderPlaced(1), orderPlaced(2)], options()), PublishFailedError);

        expect(eventBridge.commandCalls(PutEventsCommand)).toHaveLength(1);
        expect(error.failed.map((f) => [f.eventId, f.errorCode])).toEqual([['evt-1', code]]);
      },
    );

    it('reports every entry of a call that failed as a whole, after the calls that succeeded', async () => {
      // Prepare
      eventBridge
        .on(PutEventsCommand)
        .resolvesOnce({ FailedEntryCount: 0, Entries: Array.from({ length: 10 }, (_, i) => ({ EventId: `entry-${i}` })) })
        .rejectsOnce(Object.assign(new Error('User is not authorized to perform: events:PutEvents'), { name: 'AccessDeniedException' }));

      // Act
      const error = await rejection(
        publishEvents(
          Array.from({ length: 12 }, (_, i) => orderPlaced(i)),
          options(),
        ),
        PublishFailedError,
      );

      // Assess
      expect(error.publishedEventIds).toHaveLength(10);
      expect(error.failed.map((f) => [f.eventId, f.errorCode])).toEqual([
        ['evt-10', 'AccessDeniedException'],
        ['evt-11', 'AccessDeniedException'],
      ]);
    });
  });

  describe('validation', () => {
    it('rejects an invalid event with the path of the bad field, before any call', async () => {
      // Prepare: built valid, then tampered with, as a caller could.
      const broken = orderPlaced(2);
      (broken.detail.data.items[0] as { quantity: number }).quantity = 0;

      // Act
      const error = await rejection(publishEvents([orderPlaced(1), broken], options()), InvalidEventError);

      // Assess
      expect(error.problems.map((p) => p.path)).toEqual(['data.items[0].quantity']);
      expect(error.message).toMatch(/^OrderPlaced is invalid: data\.items\[0\]\.quantity: /);
      expect(eventBridge.calls().length).toBe(0);
    });

    it('rejects an event whose source is not its definition source, before any call', async () => {
      const misrouted = { ...orderPlaced(1), source: 'eventful.payments' } as CatalogEvent;

      const error = await rejection(publishEvents([misrouted], options()), InvalidEventError);

      expect(error.problems).toEqual([{ path: 'source', message: 'expected "eventful.orders", got "eventful.payments"' }]);
      expect(eventBridge.calls().length).toBe(0);
    });

    it('rejects an event type the catalog does not know, before any call', async () => {
      const unknown = { ...orderPlaced(1), detailType: 'OrderTeleported' } as unknown as CatalogEvent;

      await rejection(publishEvents([unknown], options()), UnknownEventTypeError);
      expect(eventBridge.calls().length).toBe(0);
    });
  });

  describe('claim check', () => {
    // ~1.2 MB of data.
    const hugeOrder = () => eventOfEntrySize(7, 1_200_000);

    it('moves the data of an event too large for an entry to S3, and consumers get it back intact', async () => {
      // Prepare
      answerPutEvents(eventBridge);
      s3.on(PutObjectCommand).resolves({});
      const event = hugeOrder();
      const dataJson = JSON.stringify(event.detail.data);
      expect(Buffer.byteLength(dataJson)).toBeGreaterThan(1_150_000);

      // Act
      const { published } = await publishEvents([orderPlaced(1), event], options({ claimCheckStore: new S3ClaimCheckStore('claims', new S3Client({})) }));

      // Assess: the payload went to S3 ...
      const put = s3.commandCalls(PutObjectCommand)[0]?.args[0].input as PutObjectCommandInput;
      const key = 'claim-checks/ActivitySummarized/2026-03-02/evt-7.json';
      expect(put).toMatchObject({ Bucket: 'claims', Key: key, ContentType: 'application/json' });
      expect(Buffer.from(put.Body as Uint8Array).toString('utf8')).toBe(dataJson);
      // ... the entry is small and carries the reference ...
      const entry = entriesOfCall(0).find((e) => eventIdOf(e) === 'evt-7') as PutEventsRequestEntry;
      expect(putEventsEntrySize(entry)).toBeLessThan(1024);
      const detail = JSON.parse(entry.Detail as string) as Record<string, unknown>;
      const claimCheck = { bucket: 'claims', key, sizeBytes: Buffer.byteLength(dataJson) };
      expect(detail).toEqual({ metadata: { ...event.detail.metadata, claimCheck }, data: null });
      expect(published[1]).toEqual({ eventId: 'evt-7', detailType: 'ActivitySummarized', entryId: 'entry-evt-7', claimCheck });
      // ... and resolving the reference gives the original data back.
      s3.on(GetObjectCommand, { Bucket: 'claims', Key: key }).resolves({ Body: { transformToString: async () => put.Body!.toString() } as never });
      const resolved = await resolveClaimCheck(detail, new S3Client({}));
      expect(resolved.data).toEqual(event.detail.data);
      expect(parseDetail(ActivitySummarized, resolved).data).toEqual(event.detail.data);
    });

    it('keeps events under the limit inline when a claim-check store is set', async () => {
      answerPutEvents(eventBridge);

      await publishEvents([orderPlaced(1)], options({ claimCheckStore: new S3ClaimCheckStore('claims', new S3Client({})) }));

      expect(s3.calls()).toHaveLength(0);
      expect(entriesOfCall(0)[0]?.Detail).toBe(JSON.stringify(orderPlaced(1).detail));
    });

    it('rejects an event too large for an entry, naming it and its size, when no store is set: nothing is sent', async () => {
      const event = hugeOrder();

      const error = await rejection(publishEvents([orderPlaced(1), event], options()), EventTooLargeError);

      expect(error.message).toMatch(new RegExp(`^ActivitySummarized evt-7 is ${entrySizeOf(event)} bytes as a PutEvents entry, over the 1048576-byte limit`));
      expect(eventBridge.calls().length).toBe(0);
    });

    it('sends nothing to the bus when a payload cannot be stored', async () => {
      s3.on(PutObjectCommand).rejects(Object.assign(new Error('Access Denied'), { name: 'AccessDenied' }));

      const publishing = publishEvents([orderPlaced(1), hugeOrder()], options({ claimCheckStore: new S3ClaimCheckStore('claims', new S3Client({})) }));

      await expect(publishing).rejects.toThrow(
        'Cannot store the payload of event evt-7 at s3://claims/claim-checks/ActivitySummarized/2026-03-02/evt-7.json: AccessDenied: Access Denied',
      );
      expect(eventBridge.calls().length).toBe(0);
    });
  });
});
