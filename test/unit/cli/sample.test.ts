import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { mockClient } from 'aws-sdk-client-mock';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../../../local/chaos/prng.ts';
import { main } from '../../../cli/main.ts';
import { sampleCatalogEvent } from '../../../cli/sample/sample-catalog-event.ts';
import { sampleFromSchema, UnsupportedSchemaError } from '../../../cli/sample/sample-from-schema.ts';
import { catalog, parseDetail } from '../../../shared/events/index.ts';

function captureIO() {
  const out: string[] = [];
  const err: string[] = [];
  return { io: { out: (l: string) => out.push(l), err: (l: string) => err.push(l) }, out, err };
}

describe('sample catalog events', () => {
  it.each(catalog.map((definition) => [definition.detailType, definition] as const))(
    '%s: every sample parses with its schema, whatever the seed',
    (_, definition) => {
      fc.assert(
        fc.property(fc.integer(), (seed) => {
          const event = sampleCatalogEvent(definition.detailType, { random: mulberry32(seed) });

          expect(event).toMatchObject({ source: definition.source, detailType: definition.detailType });
          expect(definition.data.safeParse(event.detail.data).success).toBe(true);
          // The whole detail, metadata included, reads back as a consumer reads it.
          expect(parseDetail(definition, event.detail).data).toEqual(event.detail.data);
        }),
        { numRuns: 50 },
      );
    },
  );

  it('without a seed, the same type gives the same readable data', () => {
    const now = new Date('2026-11-28T12:00:00.000Z');

    expect(sampleCatalogEvent('OrderExpired', { now }).detail.data).toEqual({ orderId: 'order-1', paymentDeadline: '2026-11-28T12:00:00.000Z' });
    expect(sampleCatalogEvent('OrderExpired', { now }).detail.data).toEqual(sampleCatalogEvent('OrderExpired', { now }).detail.data);
  });

  it('refuses an unknown detail type, listing the known ones', () => {
    expect(() => sampleCatalogEvent('OrderTeleported')).toThrow(/Unknown event type "OrderTeleported". Known types: OrderPlaced, /);
  });
});

describe('sampleFromSchema', () => {
  it('keeps numbers inside their bounds, exclusive ones included', () => {
    fc.assert(
      fc.property(fc.integer(), (seed) => {
        const value = sampleFromSchema({ type: 'integer', exclusiveMinimum: 5, maximum: 7 }, { random: mulberry32(seed) }) as number;
        expect(value).toBeGreaterThan(5);
        expect(value).toBeLessThanOrEqual(7);
      }),
    );
  });

  it('fits strings to their pattern and length', () => {
    expect(sampleFromSchema({ type: 'object', properties: { orderId: { type: 'string', minLength: 1, maxLength: 64, pattern: '^[a-z0-9-]+$' } } })).toEqual({
      orderId: 'order-1',
    });
    expect(sampleFromSchema({ type: 'string', minLength: 3, maxLength: 3, pattern: '^[A-Z]+$' })).toBe('AAA');
  });

  it('says which field it cannot make, rather than making an invalid value', () => {
    expect(() => sampleFromSchema({ type: 'object', properties: { code: { type: 'string', pattern: '^#[0-9]{6}$' } } })).toThrow(
      new UnsupportedSchemaError('code', 'no candidate string matches ^#[0-9]{6}$'),
    );
  });
});

describe('eventful sample', () => {
  it('prints the data emit takes, which emit then publishes', async () => {
    // Prepare
    const eventBridge = mockClient(EventBridgeClient);
    eventBridge.on(PutEventsCommand).resolves({ FailedEntryCount: 0, Entries: [{ EventId: 'eb-1' }] });
    const sampled = captureIO();

    // Act
    const code = await main(['sample', 'OrderPlaced'], sampled.io);
    const emitted = captureIO();
    const emitCode = await main(['emit', 'OrderPlaced', '--detail', sampled.out.join('\n')], emitted.io);

    // Assess
    expect(code).toBe(0);
    expect(JSON.parse(sampled.out.join('\n'))).toMatchObject({ orderId: 'order-1', items: [{ sku: 'sku-1', quantity: 1 }] });
    expect(emitCode).toBe(0);
    expect(eventBridge.commandCalls(PutEventsCommand)).toHaveLength(1);
    eventBridge.restore();
  });

  it('prints the whole EventBridge event with --envelope', async () => {
    const { io, out } = captureIO();

    await main(['sample', 'OrderPaid', '--envelope'], io);

    expect(JSON.parse(out.join('\n'))).toMatchObject({
      version: '0',
      source: 'eventful.orders',
      'detail-type': 'OrderPaid',
      detail: { metadata: { version: 2 } },
    });
  });

  it('refuses an unknown detail type with exit code 2, naming it', async () => {
    const { io, err } = captureIO();

    const code = await main(['sample', 'OrderTeleported'], io);

    expect(code).toBe(2);
    expect(err.join('\n')).toContain('Unknown event type "OrderTeleported"');
  });
});
