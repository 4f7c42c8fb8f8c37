import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../clock.ts';
import { FileDeliveryStore } from '../../eventbridge/index.ts';
import { entryOf, orderPlaced } from './support/entries.ts';
import { harness } from './support/harness.ts';
import { ORDERS_QUEUE, rule, target, topology } from './support/topology.ts';

const ordersTopology = () =>
  topology({ rules: [rule('placed', { eventPattern: { 'detail-type': ['OrderPlaced'] }, targets: [target('queue', ORDERS_QUEUE)] })] });
const throttled = () => Object.assign(new Error('Rate exceeded'), { name: 'TooManyRequestsException', $metadata: { httpStatusCode: 429 } });

describe('target deliveries kept in a store (--persist)', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'eventful-deliveries-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('makes after a restart a delivery the previous run accepted and never finished (a kill)', async () => {
    // Prepare: the queue refuses, so the delivery waits for its retry when the run is killed (never stopped).
    const path = join(dir, 'deliveries.json');
    const clock = new ManualClock(Date.UTC(2026, 0, 15, 12, 0, 0));
    const killed = harness(ordersTopology(), { clock, deliveryStore: new FileDeliveryStore(path) });
    killed.failCalls(ORDERS_QUEUE, throttled);
    const [accepted] = killed.service.putEvents([entryOf(orderPlaced())]).Entries;
    await expect.poll(() => killed.activitiesOf('retry-scheduled')).toHaveLength(1);

    // Act
    const restarted = harness(ordersTopology(), { clock: new ManualClock(clock.now()), deliveryStore: new FileDeliveryStore(path) });
    const resumed = restarted.service.resumeDeliveries();

    // Assess
    expect(resumed).toBe(1);
    await expect.poll(() => restarted.jsonTo(ORDERS_QUEUE)).toEqual([expect.objectContaining({ id: accepted?.EventId })]);
    await expect.poll(() => new FileDeliveryStore(path).load()).toEqual([]);
  });

  it('forgets a delivery once it is made', async () => {
    // Prepare
    const path = join(dir, 'deliveries.json');
    const { service, jsonTo } = harness(ordersTopology(), { deliveryStore: new FileDeliveryStore(path) });

    // Act
    service.putEvents([entryOf(orderPlaced())]);

    // Assess
    await expect.poll(() => jsonTo(ORDERS_QUEUE)).toHaveLength(1);
    await expect.poll(() => new FileDeliveryStore(path).load()).toEqual([]);
  });
});
