import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { mockClient } from 'aws-sdk-client-mock';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { main } from '../../../cli/main.ts';

const eventBridge = mockClient(EventBridgeClient);

const order = {
  orderId: 'ord-1',
  customerId: 'cust-1',
  items: [{ sku: 'SKU-1', quantity: 1, unitPriceMinor: 500 }],
  totalMinor: 500,
  currency: 'EUR',
  paymentDeadline: '2026-11-28T12:00:00Z',
};

function captureIO() {
  const out: string[] = [];
  const err: string[] = [];
  return { io: { out: (l: string) => out.push(l), err: (l: string) => err.push(l) }, out, err };
}

describe('eventful emit', () => {
  beforeEach(() => {
    eventBridge.reset();
    eventBridge.on(PutEventsCommand).resolves({ FailedEntryCount: 0, Entries: [{ EventId: 'eb-1' }] });
  });

  it('publishes a valid event to the named bus and prints its event id', async () => {
    // Prepare
    const { io, out } = captureIO();

    // Act
    const code = await main(['emit', 'OrderPlaced', '--detail', JSON.stringify(order), '--bus', 'my-bus', '--correlation-id', 'corr-1'], io);

    // Assess
    expect(code).toBe(0);
    const calls = eventBridge.commandCalls(PutEventsCommand);
    expect(calls).toHaveLength(1);
    const entry = calls[0]!.args[0].input.Entries![0]!;
    expect(entry).toMatchObject({ EventBusName: 'my-bus', Source: 'eventful.orders', DetailType: 'OrderPlaced' });
    const detail = JSON.parse(entry.Detail!);
    expect(detail.data).toEqual(order);
    expect(detail.metadata.correlationId).toBe('corr-1');
    expect(out).toEqual([detail.metadata.eventId]);
  });

  it('reads the detail from a file given as @path', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'emit-'));
    await writeFile(join(dir, 'order.json'), JSON.stringify(order));
    const { io } = captureIO();

    const code = await main(['emit', 'OrderPlaced', '--detail', `@${join(dir, 'order.json')}`, '--bus', 'b'], io);

    expect(code).toBe(0);
    expect(eventBridge.commandCalls(PutEventsCommand)).toHaveLength(1);
  });

  it('rejects an invalid event naming the field, without any network call', async () => {
    const { io, err } = captureIO();

    const code = await main(['emit', 'OrderPlaced', '--detail', JSON.stringify({ ...order, items: [{ sku: 'SKU-1', quantity: 0, unitPriceMinor: 500 }] })], io);

    expect(code).toBe(1);
    expect(err.join('\n')).toContain('InvalidEventError: OrderPlaced is invalid: data.items[0].quantity:');
    expect(eventBridge.calls()).toHaveLength(0);
  });

  it('names the known types when the detail-type is unknown', async () => {
    const { io, err } = captureIO();

    const code = await main(['emit', 'OrderShipped', '--detail', '{}'], io);

    expect(code).toBe(1);
    expect(err.join('\n')).toMatch(/Unknown event type "OrderShipped"\. Known types: OrderPlaced, /);
    expect(eventBridge.calls()).toHaveLength(0);
  });

  it.each([
    ['no detail-type', ['emit'], 'missing <detail-type>'],
    ['no --detail', ['emit', 'OrderPlaced'], 'missing --detail'],
    ['malformed JSON', ['emit', 'OrderPlaced', '--detail', '{oops'], '--detail is not valid JSON'],
    ['an unreadable file', ['emit', 'OrderPlaced', '--detail', '@/nonexistent/order.json'], 'cannot read --detail file /nonexistent/order.json'],
    ['an unknown option', ['emit', 'OrderPlaced', '--detial', '{}'], "Unknown option '--detial'"],
  ])('exits with usage status 2 on %s', async (_case, argv, message) => {
    const { io, err } = captureIO();

    const code = await main(argv, io);

    expect(code).toBe(2);
    expect(err.join('\n')).toContain(message);
    expect(eventBridge.calls()).toHaveLength(0);
  });
});
