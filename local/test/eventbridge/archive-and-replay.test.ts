import { appendFileSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../clock.ts';
import { IllegalStatusError, ResourceAlreadyExistsError, ResourceNotFoundError, ValidationError } from '../../eventbridge/index.ts';
import { arn } from '../../aws/events/index.ts';
import { entryOf, orderPaid, orderPlaced } from './support/entries.ts';
import { harness } from './support/harness.ts';
import { archive, BILLING_FUNCTION, bus, ORDERS_QUEUE, rule, target, topology } from './support/topology.ts';

const DAY_MS = 86_400_000;
const DEFAULT_BUS = arn('events', 'event-bus/default');
const ORDERS_ARCHIVE = arn('events', 'archive/orders');

function ordersWithArchive(archiveOptions: Parameters<typeof archive>[1] = {}) {
  const placed = rule('placed', { eventPattern: { 'detail-type': ['OrderPlaced'] }, targets: [target('queue', ORDERS_QUEUE)] });
  const everything = rule('everything', { eventPattern: { source: ['eventful.orders'] }, targets: [target('billing', BILLING_FUNCTION)] });
  return {
    placed,
    everything,
    ...harness(topology({ eventBuses: [bus('audit')], rules: [placed, everything], archives: [archive('orders', archiveOptions)] })),
  };
}

function replayWindow(clock: { now(): number }) {
  return { eventStartTime: clock.now() - 3_600_000, eventEndTime: clock.now() + 60_000 };
}

describe('archives', () => {
  it('keeps the events of its bus that match its pattern, with their count and size', () => {
    // Prepare
    const { service, activitiesOf } = ordersWithArchive({ eventPattern: { 'detail-type': ['OrderPaid'] } });

    // Act
    service.putEvents([entryOf(orderPlaced()), entryOf(orderPaid()), entryOf(orderPaid(), { EventBusName: 'audit' })]);

    // Assess
    const kept = service.requireArchive('orders');
    expect(kept.eventCount(service.now())).toBe(1);
    expect(kept.sizeBytes(service.now())).toBeGreaterThan(100);
    expect(activitiesOf('archived')).toEqual([expect.objectContaining({ archiveName: 'orders', busName: 'default' })]);
  });

  it('keeps every event of its bus without a pattern', () => {
    // Prepare
    const { service } = ordersWithArchive();

    // Act
    service.putEvents([entryOf(orderPlaced()), entryOf(orderPaid())]);

    // Assess
    expect(service.requireArchive('orders').eventCount(service.now())).toBe(2);
  });

  it('forgets events older than its retention, on the service clock', async () => {
    // Prepare
    const { service, clock } = ordersWithArchive({ retentionDays: 2 });
    service.putEvents([entryOf(orderPlaced())]);
    await clock.advance(DAY_MS);
    service.putEvents([entryOf(orderPaid())]);

    // Act
    await clock.advance(DAY_MS);

    // Assess
    expect(service.requireArchive('orders').eventCount(service.now())).toBe(1);
  });

  it('keeps events forever with a retention of 0 days', async () => {
    // Prepare
    const { service, clock } = ordersWithArchive({ retentionDays: 0 });
    service.putEvents([entryOf(orderPlaced())]);

    // Act
    await clock.advance(3_650 * DAY_MS);

    // Assess
    expect(service.requireArchive('orders').eventCount(service.now())).toBe(1);
  });
});

describe('archives kept in a directory (--persist)', () => {
  function withArchiveDir(test: (dir: string) => Promise<void> | void) {
    return async () => {
      const dir = mkdtempSync(join(tmpdir(), 'eventful-archives-'));
      try {
        await test(dir);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    };
  }
  const restartedArchive = (dir: string, clock: ManualClock, archiveOptions: Parameters<typeof archive>[1] = {}) =>
    harness(topology({ archives: [archive('orders', archiveOptions)] }), { archiveDir: dir, clock }).service.requireArchive('orders');

  it(
    'holds after a restart exactly the events it held before, in order',
    withArchiveDir((dir) => {
      // Prepare
      const clock = new ManualClock(Date.UTC(2026, 0, 15, 12, 0, 0));
      const { service } = harness(topology({ archives: [archive('orders')] }), { archiveDir: dir, clock });
      const ids = service.putEvents([entryOf(orderPlaced()), entryOf(orderPaid())]).Entries.map((entry) => entry.EventId);

      // Act
      const restarted = restartedArchive(dir, clock);

      // Assess
      expect(restarted.eventsBetween(0, clock.now() + 1, clock.now()).map((event) => event.id)).toEqual(ids);
      expect(readdirSync(dir)).toEqual(['orders.jsonl']);
    }),
  );

  it(
    'drops a line torn by a kill mid-append and keeps archiving after it',
    withArchiveDir((dir) => {
      // Prepare
      const clock = new ManualClock(Date.UTC(2026, 0, 15, 12, 0, 0));
      const { service } = harness(topology({ archives: [archive('orders')] }), { archiveDir: dir, clock });
      const [kept] = service.putEvents([entryOf(orderPlaced())]).Entries.map((entry) => entry.EventId);
      appendFileSync(join(dir, 'orders.jsonl'), '{"event":{"id":"torn');

      // Act
      const restarted = harness(topology({ archives: [archive('orders')] }), { archiveDir: dir, clock });
      const [next] = restarted.service.putEvents([entryOf(orderPaid())]).Entries.map((entry) => entry.EventId);

      // Assess
      expect(
        restartedArchive(dir, clock)
          .eventsBetween(0, clock.now() + 1, clock.now())
          .map((event) => event.id),
      ).toEqual([kept, next]);
    }),
  );

  it(
    'forgets on restart the events whose retention ran out while it was stopped',
    withArchiveDir(async (dir) => {
      // Prepare
      const clock = new ManualClock(Date.UTC(2026, 0, 15, 12, 0, 0));
      harness(topology({ archives: [archive('orders', { retentionDays: 1 })] }), { archiveDir: dir, clock }).service.putEvents([entryOf(orderPlaced())]);

      // Act
      await clock.advance(2 * DAY_MS);

      // Assess
      expect(restartedArchive(dir, clock, { retentionDays: 1 }).eventCount(clock.now())).toBe(0);
    }),
  );
});

describe('replays', () => {
  it('re-sends archived events to the rules with replay-name, going STARTING → RUNNING → COMPLETED', async () => {
    // Prepare
    const { service, clock, jsonTo, activitiesOf } = ordersWithArchive();
    const { Entries } = service.putEvents([entryOf(orderPlaced())]);
    await expect.poll(() => jsonTo(ORDERS_QUEUE)).toHaveLength(1);
    const original = jsonTo(ORDERS_QUEUE)[0] as Record<string, unknown>;
    await clock.advance(60_000);

    // Act
    const started = service.startReplay({ name: 'nightly', eventSourceArn: ORDERS_ARCHIVE, ...replayWindow(clock), destination: { arn: DEFAULT_BUS } });
    const stateAtStart = started.state;
    await service.drained();

    // Assess
    expect(stateAtStart).toBe('STARTING');
    expect(activitiesOf('replay-state').map((activity) => activity.state)).toEqual(['RUNNING', 'COMPLETED']);
    const replayed = jsonTo(ORDERS_QUEUE)[1] as Record<string, unknown>;
    expect(replayed).toEqual({ ...original, 'replay-name': 'nightly' });
    expect(replayed.id).toBe(Entries[0]!.EventId);
    expect(Object.keys(replayed)).toEqual(['version', 'id', 'detail-type', 'source', 'account', 'time', 'region', 'replay-name', 'resources', 'detail']);
    expect(service.requireReplay('nightly')).toMatchObject({
      state: 'COMPLETED',
      eventsReplayed: 1,
      eventLastReplayedTime: Date.parse(original.time as string),
      replayEndTime: clock.now(),
    });
  });

  it('replays only the events whose time lies in the window', async () => {
    // Prepare
    const { service, clock, jsonTo } = ordersWithArchive();
    service.putEvents([entryOf(orderPlaced({ orderId: 'early' }), { Time: new Date(clock.now() - 2 * 3_600_000) })]);
    service.putEvents([entryOf(orderPlaced({ orderId: 'inside' }))]);
    await service.drained();

    // Act
    service.startReplay({ name: 'window', eventSourceArn: ORDERS_ARCHIVE, ...replayWindow(clock), destination: { arn: DEFAULT_BUS } });
    await service.drained();

    // Assess
    const replayed = jsonTo(ORDERS_QUEUE).filter((event) => (event as Record<string, unknown>)['replay-name'] === 'window');
    expect(replayed.map((event) => (event as { detail: { data: { orderId: string } } }).detail.data.orderId)).toEqual(['inside']);
  });

  it('sends a replay only to the rules in FilterArns', async () => {
    // Prepare
    const { placed, service, clock, callsTo } = ordersWithArchive();
    service.putEvents([entryOf(orderPlaced())]);
    await service.drained();

    // Act
    service.startReplay({
      name: 'to-queue',
      eventSourceArn: ORDERS_ARCHIVE,
      ...replayWindow(clock),
      destination: { arn: DEFAULT_BUS, filterArns: [placed.arn] },
    });
    await service.drained();

    // Assess
    expect(callsTo(ORDERS_QUEUE)).toHaveLength(2);
    expect(callsTo(BILLING_FUNCTION)).toHaveLength(1);
  });

  it('does not archive replayed events again', async () => {
    // Prepare
    const { service, clock } = ordersWithArchive();
    service.putEvents([entryOf(orderPlaced()), entryOf(orderPaid())]);
    await service.drained();

    // Act
    service.startReplay({ name: 'again', eventSourceArn: ORDERS_ARCHIVE, ...replayWindow(clock), destination: { arn: DEFAULT_BUS } });
    await service.drained();

    // Assess
    expect(service.requireReplay('again').eventsReplayed).toBe(2);
    expect(service.requireArchive('orders').eventCount(service.now())).toBe(2);
  });

  it('replays one minute of events after the other, pausing between them on the clock', async () => {
    // Prepare
    const placed = rule('placed', { eventPattern: { 'detail-type': ['OrderPlaced'] }, targets: [target('queue', ORDERS_QUEUE)] });
    const { service, clock, callsTo } = harness(topology({ rules: [placed], archives: [archive('orders')] }), { replaySliceDelayMs: 1_000 });
    service.putEvents([entryOf(orderPlaced({ orderId: 'first' }), { Time: new Date(clock.now() - 120_000) })]);
    service.putEvents([entryOf(orderPlaced({ orderId: 'second' }), { Time: new Date(clock.now() - 30_000) })]);
    await expect.poll(() => callsTo(ORDERS_QUEUE)).toHaveLength(2);

    // Act
    service.startReplay({ name: 'paced', eventSourceArn: ORDERS_ARCHIVE, ...replayWindow(clock), destination: { arn: DEFAULT_BUS } });
    await expect.poll(() => callsTo(ORDERS_QUEUE)).toHaveLength(3);
    const afterFirstMinute = service.requireReplay('paced').state;
    await clock.advance(1_000);
    await expect.poll(() => callsTo(ORDERS_QUEUE)).toHaveLength(4);
    await clock.advance(1_000);
    await service.drained();

    // Assess
    expect(afterFirstMinute).toBe('RUNNING');
    expect(service.requireReplay('paced').state).toBe('COMPLETED');
    expect(
      callsTo(ORDERS_QUEUE)
        .slice(2)
        .map((call) => (JSON.parse(call.payload) as { detail: { data: { orderId: string } } }).detail.data.orderId),
    ).toEqual(['first', 'second']);
  });

  it('cancels a running replay before its next minute of events', async () => {
    // Prepare
    const placed = rule('placed', { eventPattern: { 'detail-type': ['OrderPlaced'] }, targets: [target('queue', ORDERS_QUEUE)] });
    const { service, clock, callsTo, activitiesOf } = harness(topology({ rules: [placed], archives: [archive('orders')] }), { replaySliceDelayMs: 1_000 });
    service.putEvents([entryOf(orderPlaced(), { Time: new Date(clock.now() - 120_000) }), entryOf(orderPlaced(), { Time: new Date(clock.now() - 30_000) })]);
    service.startReplay({ name: 'stopped', eventSourceArn: ORDERS_ARCHIVE, ...replayWindow(clock), destination: { arn: DEFAULT_BUS } });
    await expect.poll(() => callsTo(ORDERS_QUEUE)).toHaveLength(3);

    // Act
    const cancelling = service.cancelReplay('stopped').state;
    await clock.advance(1_000);
    await service.drained();

    // Assess
    expect(cancelling).toBe('CANCELLING');
    expect(service.requireReplay('stopped').state).toBe('CANCELLED');
    expect(activitiesOf('replay-state').map((activity) => activity.state)).toEqual(['RUNNING', 'CANCELLING', 'CANCELLED']);
    expect(callsTo(ORDERS_QUEUE)).toHaveLength(3);
  });

  it('abandons a replay in progress when the service stops', async () => {
    // Prepare
    const placed = rule('placed', { eventPattern: { 'detail-type': ['OrderPlaced'] }, targets: [target('queue', ORDERS_QUEUE)] });
    const { service, clock, callsTo } = harness(topology({ rules: [placed], archives: [archive('orders')] }), { replaySliceDelayMs: 1_000 });
    service.putEvents([entryOf(orderPlaced(), { Time: new Date(clock.now() - 120_000) }), entryOf(orderPlaced(), { Time: new Date(clock.now() - 30_000) })]);
    service.startReplay({ name: 'interrupted', eventSourceArn: ORDERS_ARCHIVE, ...replayWindow(clock), destination: { arn: DEFAULT_BUS } });
    await expect.poll(() => callsTo(ORDERS_QUEUE)).toHaveLength(3);

    // Act
    service.stop();
    await service.drained();
    await clock.advance(5_000);

    // Assess
    expect(service.pending).toBe(0);
    expect(callsTo(ORDERS_QUEUE)).toHaveLength(3);
  });

  it('refuses to cancel a replay that has completed', async () => {
    // Prepare
    const { service, clock } = ordersWithArchive();
    service.startReplay({ name: 'done', eventSourceArn: ORDERS_ARCHIVE, ...replayWindow(clock), destination: { arn: DEFAULT_BUS } });
    await service.drained();

    // Act
    const cancelling = () => service.cancelReplay('done');

    // Assess
    expect(cancelling).toThrow(IllegalStatusError);
  });

  it.each([
    [
      'an archive that does not exist',
      { eventSourceArn: arn('events', 'archive/nope') },
      ValidationError,
      'Parameter EventSourceArn is not valid. Reason: Archive nope does not exist.',
    ],
    [
      'an end before the start',
      { eventStartTime: 2_000, eventEndTime: 1_000 },
      ValidationError,
      'Parameter EventEndTime is not valid. Reason: EventStartTime must be before EventEndTime.',
    ],
    [
      'another existing bus',
      { destination: { arn: arn('events', 'event-bus/audit') } },
      ValidationError,
      'Parameter Destination.Arn is not valid. Reason: Cross event bus replay is not permitted.',
    ],
    ['a bus that does not exist', { destination: { arn: arn('events', 'event-bus/ghost') } }, ResourceNotFoundError, 'Event bus ghost does not exist.'],
    [
      'a filter naming no rule of the bus',
      { destination: { arn: DEFAULT_BUS, filterArns: [arn('events', 'rule/ghost')] } },
      ResourceNotFoundError,
      'Rule ghost does not exist on EventBus default.',
    ],
  ])('refuses a replay of %s with AWS’s message', (_case, change, errorClass, message) => {
    // Prepare
    const { service, clock } = ordersWithArchive();

    // Act
    const starting = () =>
      service.startReplay({ name: 'bad', eventSourceArn: ORDERS_ARCHIVE, ...replayWindow(clock), destination: { arn: DEFAULT_BUS }, ...change });

    // Assess
    expect(starting).toThrow(errorClass);
    expect(starting).toThrow(message);
  });

  it('refuses a second replay with the same name', async () => {
    // Prepare
    const { service, clock } = ordersWithArchive();
    service.startReplay({ name: 'twice', eventSourceArn: ORDERS_ARCHIVE, ...replayWindow(clock), destination: { arn: DEFAULT_BUS } });

    // Act
    const again = () => service.startReplay({ name: 'twice', eventSourceArn: ORDERS_ARCHIVE, ...replayWindow(clock), destination: { arn: DEFAULT_BUS } });

    // Assess
    expect(again).toThrow(new ResourceAlreadyExistsError('Replay twice already exists.'));
    await service.drained();
  });
});
