import { describe, expect, it } from 'vitest';
import { Chaos, parseChaosSpec } from '../../chaos/index.ts';
import { handleEventsRequest } from '../../eventbridge/index.ts';
import { entryOf, orderPlaced } from '../eventbridge/support/entries.ts';
import { harness } from '../eventbridge/support/harness.ts';
import { ORDERS_QUEUE, rule, target, topology } from '../eventbridge/support/topology.ts';

const ordersToQueue = () =>
  topology({ rules: [rule('orders', { eventBusName: 'default', eventPattern: { source: ['eventful.orders'] }, targets: [target('queue', ORDERS_QUEUE)] })] });
const chaos = (spec: string) => new Chaos(parseChaosSpec(spec));

describe('EventBridge faults under --chaos', () => {
  it('putevents.internal at rate 1: every entry fails with InternalFailure in a 200 answer, and no event is routed', async () => {
    // Prepare
    const { service, calls } = harness(ordersToQueue(), { chaos: chaos('seed=1,putevents.internal=1') });

    // Act
    const answer = await handleEventsRequest(
      service,
      'AWSEvents.PutEvents',
      JSON.stringify({ Entries: [entryOf(orderPlaced()), entryOf(orderPlaced({ orderId: 'o-2' }))] }),
    );

    // Assess
    expect(answer.status).toBe(200);
    const failure = { ErrorCode: 'InternalFailure', ErrorMessage: 'The request processing has failed because of an unknown error, exception or failure.' };
    expect(JSON.parse(answer.body)).toEqual({ FailedEntryCount: 2, Entries: [failure, failure] });
    await new Promise((resolve) => setImmediate(resolve));
    expect(calls).toEqual([]);
  });

  it('putevents.throttle at rate 1: entries fail with ThrottlingException', () => {
    // Prepare
    const { service } = harness(ordersToQueue(), { chaos: chaos('seed=1,putevents.throttle=1') });

    // Act
    const result = service.putEvents([entryOf(orderPlaced())]);

    // Assess
    expect(result).toEqual({ FailedEntryCount: 1, Entries: [{ ErrorCode: 'ThrottlingException', ErrorMessage: 'Rate exceeded' }] });
  });

  it('fails some entries of a call and routes the others, in their places, the same way for the same seed', async () => {
    // Prepare
    const entries = Array.from({ length: 10 }, (_, i) => entryOf(orderPlaced({ orderId: `o-${i}` })));
    const run = () => harness(ordersToQueue(), { chaos: chaos('seed=11,putevents.internal=0.5') });
    const first = run();

    // Act
    const result = first.service.putEvents(entries);
    const again = run().service.putEvents(entries);

    // Assess
    const failedAt = result.Entries.flatMap((entry, index) => (entry.ErrorCode ? [index] : []));
    expect(failedAt.length).toBeGreaterThan(0);
    expect(failedAt.length).toBeLessThan(10);
    expect(result.FailedEntryCount).toBe(failedAt.length);
    expect(again.Entries.map((entry) => entry.ErrorCode)).toEqual(result.Entries.map((entry) => entry.ErrorCode));
    await expect.poll(() => first.calls.length).toBe(10 - failedAt.length);
  });

  it('eventbridge.duplicate at rate 1: the target receives the same event twice', async () => {
    // Prepare
    const { service, jsonTo, activitiesOf } = harness(ordersToQueue(), { chaos: chaos('seed=1,eventbridge.duplicate=1') });

    // Act
    const result = service.putEvents([entryOf(orderPlaced())]);

    // Assess
    await expect.poll(() => jsonTo(ORDERS_QUEUE)).toHaveLength(2);
    const [first, second] = jsonTo(ORDERS_QUEUE) as Array<{ id: string }>;
    expect(first).toEqual(second);
    expect(first!.id).toBe(result.Entries[0]!.EventId);
    expect(activitiesOf('delivered')).toHaveLength(2);
  });

  it('at rate 0 nothing changes: entries get EventIds and one delivery each', async () => {
    // Prepare
    const { service, calls } = harness(ordersToQueue(), { chaos: chaos('seed=1,rate=0') });

    // Act
    const result = service.putEvents([entryOf(orderPlaced())]);

    // Assess
    expect(result).toEqual({ FailedEntryCount: 0, Entries: [{ EventId: expect.any(String) }] });
    await expect.poll(() => calls.length).toBe(1);
  });
});
