import { GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, expectTypeOf, it, vi } from 'vitest';
import { createEvent, InvalidEventError, OrderExpired, OrderPaid, type CatalogEvent } from '../../../shared/events/index.ts';
import { createEventParser } from '../../../shared/runtime/index.ts';
import { eventBridgeEvent, sqsRecord } from '../../kit/index.ts';

// biome-ignore lint/suspicious/noExplicitAny: each case breaks a field at its own depth of a JSON copy of the detail
type BreakableDetail = Record<string, any>;

const paidData = { orderId: 'ord-1', paymentId: 'pay-1', amountMinor: 19, currency: 'EUR' };
const paid = createEvent(OrderPaid, paidData, { correlationId: 'corr-1' });
const expired = createEvent(OrderExpired, { orderId: 'ord-2', paymentDeadline: '2026-11-28T12:00:00.000Z' });
const json = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;

/** A copy of `paid` whose detail is broken by `breakIt`. */
function invalidPaid(breakIt: (detail: BreakableDetail) => void): CatalogEvent<typeof OrderPaid> {
  const event = json(paid);
  breakIt(event.detail as BreakableDetail);
  return event;
}

const noClaimCheck = { resolveClaimCheck: async (detail: unknown) => detail };

async function rejection(promise: Promise<unknown>): Promise<InvalidEventError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(InvalidEventError);
  return error as InvalidEventError;
}

describe('createEventParser', () => {
  const parser = createEventParser(OrderPaid, noClaimCheck);

  describe.each([
    ['an EventBridge event', 'detail', (e: unknown) => parser.fromEventBridge(eventBridgeEvent(e as typeof paid))],
    ['an SQS record', 'body.detail', (e: unknown) => parser.fromSqsRecord(sqsRecord(eventBridgeEvent(e as typeof paid)))],
  ] as const)('from %s', (_source, detailPath, parse) => {
    it('returns the catalog event', async () => {
      // Act
      const event = await parse(paid);

      // Assess
      expect(event).toEqual(json(paid));
    });

    it.each([
      ['a negative amount', (d: BreakableDetail) => (d.data.amountMinor = -1), 'data.amountMinor'],
      ['a lowercase currency', (d: BreakableDetail) => (d.data.currency = 'eur'), 'data.currency'],
      ['no correlation id', (d: BreakableDetail) => delete d.metadata.correlationId, 'metadata.correlationId'],
    ])('rejects %s, naming the field', async (_case, breakIt, field) => {
      // Act
      const error = await rejection(parse(invalidPaid(breakIt)));

      // Assess
      expect(error.problems.map((p) => p.path)).toEqual([`${detailPath}.${field}`]);
      expect(error.message).toContain(`${detailPath}.${field}: `);
    });

    it('rejects a type the consumer does not accept, naming the types it does', async () => {
      const error = await rejection(parse(expired));

      expect(error.message).toMatch(/detail-?[tT]ype: expected one of "OrderPaid", got "OrderExpired"/);
    });

    it('rejects an event from another source than the definition says', async () => {
      const error = await rejection(parse({ ...json(paid), source: 'eventful.impostor' }));

      expect(error.message).toMatch(/source: expected "eventful.orders", got "eventful.impostor"/);
    });
  });

  it('rejects an SQS body that is not JSON, naming the body', async () => {
    const error = await rejection(parser.fromSqsRecord(sqsRecord('not json')));

    expect(error.problems[0]?.path).toBe('body');
  });

  it('gives a consumer of several types a union it can narrow on detailType', async () => {
    // Prepare
    const several = createEventParser([OrderPaid, OrderExpired], noClaimCheck);

    // Act
    const events = [await several.fromEventBridge(eventBridgeEvent(paid)), await several.fromEventBridge(eventBridgeEvent(expired))];

    // Assess
    expect(events.map((e) => e.detailType)).toEqual(['OrderPaid', 'OrderExpired']);
    const [first] = events;
    if (first?.detailType === 'OrderPaid') expectTypeOf(first.detail.data.paymentId).toEqualTypeOf<string>();
    if (first?.detailType === 'OrderExpired') expectTypeOf(first.detail.data).not.toHaveProperty('paymentId');
  });

  describe('with a claim-checked event', () => {
    const s3 = mockClient(S3Client);
    afterEach(() => {
      s3.reset();
      vi.restoreAllMocks();
    });

    const claimChecked = () => {
      const event = json(paid);
      return {
        ...event,
        detail: { metadata: { ...event.detail.metadata, claimCheck: { bucket: 'claims', key: 'orders/evt-1.json', sizeBytes: 80 } }, data: null },
      };
    };

    it('resolves the payload from S3 before validating it', async () => {
      // Prepare
      // The SDK's body stream mixin is not a dependency; the resolver only calls transformToString.
      s3.on(GetObjectCommand, { Bucket: 'claims', Key: 'orders/evt-1.json' }).resolves({
        Body: { transformToString: async () => JSON.stringify(paidData) } as never,
      });

      // Act
      const event = await createEventParser(OrderPaid).fromSqsRecord(sqsRecord(eventBridgeEvent(claimChecked())));

      // Assess
      expect(event.detail.data).toEqual(paidData);
      expect(event.detail.metadata.claimCheck).toEqual({ bucket: 'claims', key: 'orders/evt-1.json', sizeBytes: 80 });
    });

    it('validates the resolved payload, naming the field', async () => {
      s3.on(GetObjectCommand).resolves({ Body: { transformToString: async () => JSON.stringify({ ...paidData, amountMinor: -5 }) } as never });

      const error = await rejection(createEventParser(OrderPaid).fromEventBridge(eventBridgeEvent(claimChecked())));

      expect(error.problems.map((p) => p.path)).toEqual(['detail.data.amountMinor']);
    });

    it('uses an injected resolver instead of S3', async () => {
      // Prepare
      const resolveClaimCheck = vi.fn(async (detail: unknown) => ({ ...(detail as object), data: paidData }));

      // Act
      const event = await createEventParser(OrderPaid, { resolveClaimCheck }).fromEventBridge(eventBridgeEvent(claimChecked()));

      // Assess
      expect(event.detail.data).toEqual(paidData);
      expect(s3.commandCalls(GetObjectCommand)).toHaveLength(0);
    });
  });
});
