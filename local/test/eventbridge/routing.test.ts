import { describe, expect, it } from 'vitest';
import { arn } from '../../aws/events/index.ts';
import { entryOf, orderPaid, orderPlaced } from './support/entries.ts';
import { harness } from './support/harness.ts';
import { AUDIT_BUS, BILLING_FUNCTION, bus, CLICKS_STREAM, ORDERS_QUEUE, rule, target, topology } from './support/topology.ts';

const PAYMENTS_QUEUE = arn('sqs', 'payments.fifo');

describe('routing to targets', () => {
  it('delivers to the targets of the rules that match, and to no other', async () => {
    // Prepare
    const { service, callsTo, activitiesOf } = harness(
      topology({
        rules: [
          rule('placed', { eventPattern: { 'detail-type': ['OrderPlaced'] }, targets: [target('queue', ORDERS_QUEUE), target('billing', BILLING_FUNCTION)] }),
          rule('paid', { eventPattern: { 'detail-type': ['OrderPaid'] }, targets: [target('queue', PAYMENTS_QUEUE)] }),
          rule('big-orders', { eventPattern: { detail: { data: { totalMinor: [{ numeric: ['>=', 100000] }] } } }, targets: [target('stream', CLICKS_STREAM)] }),
        ],
      }),
    );

    // Act
    service.putEvents([entryOf(orderPlaced({ totalMinor: 2500 }))]);

    // Assess
    await expect.poll(() => activitiesOf('delivered')).toHaveLength(2);
    expect(activitiesOf('matched')).toEqual([expect.objectContaining({ rules: ['placed'] })]);
    expect(callsTo(ORDERS_QUEUE)).toHaveLength(1);
    expect(callsTo(BILLING_FUNCTION)).toEqual([expect.objectContaining({ kind: 'lambda' })]);
    expect(callsTo(PAYMENTS_QUEUE)).toHaveLength(0);
    expect(callsTo(CLICKS_STREAM)).toHaveLength(0);
  });

  it('gives the same event to every matching rule', async () => {
    // Prepare
    const { service, jsonTo, activitiesOf } = harness(
      topology({
        rules: [
          rule('all-orders', { eventPattern: { source: ['eventful.orders'] }, targets: [target('queue', ORDERS_QUEUE)] }),
          rule('paid', { eventPattern: { 'detail-type': ['OrderPaid'] }, targets: [target('billing', BILLING_FUNCTION)] }),
        ],
      }),
    );

    // Act
    const { Entries } = service.putEvents([entryOf(orderPaid())]);

    // Assess
    await expect.poll(() => activitiesOf('delivered')).toHaveLength(2);
    expect(activitiesOf('matched')[0]).toMatchObject({ rules: ['all-orders', 'paid'] });
    expect(jsonTo(ORDERS_QUEUE)).toEqual(jsonTo(BILLING_FUNCTION));
    expect(jsonTo(ORDERS_QUEUE)[0]).toMatchObject({ id: Entries[0]!.EventId });
  });

  it('ignores disabled rules and rules that only run on a schedule', async () => {
    // Prepare
    const { service, activitiesOf } = harness(
      topology({
        rules: [
          rule('disabled', { state: 'DISABLED', eventPattern: { source: ['eventful.orders'] }, targets: [target('queue', ORDERS_QUEUE)] }),
          rule('nightly', { scheduleExpression: 'cron(0 3 * * ? *)', targets: [target('billing', BILLING_FUNCTION)] }),
        ],
      }),
    );

    // Act
    service.putEvents([entryOf(orderPlaced())]);

    // Assess
    expect(activitiesOf('matched')).toEqual([expect.objectContaining({ rules: [] })]);
    await new Promise((resolve) => setImmediate(resolve));
    expect(activitiesOf('delivered')).toHaveLength(0);
  });

  it('logs the flow event → rules → target → outcome with the correlation id of the event', async () => {
    // Prepare
    const { service, activities, activitiesOf } = harness(
      topology({ rules: [rule('placed', { eventPattern: { 'detail-type': ['OrderPlaced'] }, targets: [target('queue', ORDERS_QUEUE)] })] }),
    );

    // Act
    const { Entries } = service.putEvents([entryOf(orderPlaced({ correlationId: 'corr-42' }))]);

    // Assess
    await expect.poll(() => activitiesOf('delivered')).toHaveLength(1);
    const eventId = Entries[0]!.EventId;
    expect(activities.map((activity) => activity.type)).toEqual(['received', 'matched', 'delivered']);
    expect(activities).toEqual([
      expect.objectContaining({ type: 'received', eventId, correlationId: 'corr-42', source: 'eventful.orders', detailType: 'OrderPlaced' }),
      expect.objectContaining({ type: 'matched', eventId, correlationId: 'corr-42', rules: ['placed'] }),
      expect.objectContaining({
        type: 'delivered',
        eventId,
        correlationId: 'corr-42',
        ruleName: 'placed',
        targetId: 'queue',
        targetArn: ORDERS_QUEUE,
        attempt: 1,
      }),
    ]);
  });

  it('sends to a FIFO queue with the target message group id', async () => {
    // Prepare
    const { service, callsTo, activitiesOf } = harness(
      topology({
        rules: [rule('paid', { eventPattern: { 'detail-type': ['OrderPaid'] }, targets: [target('fifo', PAYMENTS_QUEUE, { sqsMessageGroupId: 'payments' })] })],
      }),
    );

    // Act
    service.putEvents([entryOf(orderPaid())]);

    // Assess
    await expect.poll(() => activitiesOf('delivered')).toHaveLength(1);
    expect(callsTo(PAYMENTS_QUEUE)[0]).toMatchObject({ kind: 'sqs', messageGroupId: 'payments' });
  });

  it.each([
    ['the value at the partition key path', '$.detail.data.orderId', () => 'o-77'],
    ['a number at the path, as text', '$.detail.data.totalMinor', () => '2500'],
    ['the event id when the path finds nothing', '$.detail.data.missing', (eventId: string) => eventId],
    ['the event id without a path', undefined, (eventId: string) => eventId],
  ])('writes to Kinesis with %s as partition key', async (_case, kinesisPartitionKeyPath, expected) => {
    // Prepare
    const { service, callsTo, activitiesOf } = harness(
      topology({
        rules: [
          rule('to-stream', {
            eventPattern: { source: ['eventful.orders'] },
            targets: [target('stream', CLICKS_STREAM, kinesisPartitionKeyPath === undefined ? {} : { kinesisPartitionKeyPath })],
          }),
        ],
      }),
    );

    // Act
    const { Entries } = service.putEvents([entryOf(orderPlaced({ orderId: 'o-77' }))]);

    // Assess
    await expect.poll(() => activitiesOf('delivered')).toHaveLength(1);
    expect(callsTo(CLICKS_STREAM)[0]).toMatchObject({ kind: 'kinesis', partitionKey: expected(Entries[0]!.EventId!) });
  });

  it('reads the partition key from the original event even when an input path reshapes the record', async () => {
    // Prepare
    const { service, callsTo, activitiesOf } = harness(
      topology({
        rules: [
          rule('to-stream', {
            eventPattern: { source: ['eventful.orders'] },
            targets: [target('stream', CLICKS_STREAM, { inputPath: '$.detail.data', kinesisPartitionKeyPath: '$.source' })],
          }),
        ],
      }),
    );

    // Act
    service.putEvents([entryOf(orderPlaced())]);

    // Assess
    await expect.poll(() => activitiesOf('delivered')).toHaveLength(1);
    expect(callsTo(CLICKS_STREAM)[0]).toMatchObject({ partitionKey: 'eventful.orders' });
    expect(JSON.parse(callsTo(CLICKS_STREAM)[0]!.payload)).toMatchObject({ orderId: 'o-1' });
  });

  it('hands the event to an event-bus target, and the receiving bus routes it like any other', async () => {
    // Prepare
    const { service, callsTo, activitiesOf } = harness(
      topology({
        eventBuses: [bus('audit')],
        rules: [
          rule('forward', { eventPattern: { source: ['eventful.orders'] }, targets: [target('audit', AUDIT_BUS)] }),
          rule('audit-all', { eventBusName: 'audit', eventPattern: { source: [{ prefix: 'eventful.' }] }, targets: [target('queue', ORDERS_QUEUE)] }),
        ],
      }),
    );
    const { Entries } = service.putEvents([entryOf(orderPlaced())]);
    await expect.poll(() => callsTo(AUDIT_BUS)).toHaveLength(1);

    // Act
    const routed = service.routeEvent(AUDIT_BUS, callsTo(AUDIT_BUS)[0]!.event as Parameters<typeof service.routeEvent>[1]);

    // Assess
    expect(routed).toBe(true);
    expect(callsTo(AUDIT_BUS)[0]!.event).toMatchObject({ id: Entries[0]!.EventId, source: 'eventful.orders' });
    await expect.poll(() => callsTo(ORDERS_QUEUE)).toHaveLength(1);
    expect(activitiesOf('received').map((activity) => activity.busName)).toEqual(['default', 'audit']);
  });

  it('fires a scheduled rule with the Scheduled Event EventBridge sends', async () => {
    // Prepare
    const nightly = rule('nightly', { scheduleExpression: 'rate(1 day)', targets: [target('billing', BILLING_FUNCTION)] });
    const { service, jsonTo, activitiesOf } = harness(topology({ rules: [nightly] }));

    // Act
    const eventId = service.fireScheduledRule('nightly');

    // Assess
    await expect.poll(() => activitiesOf('delivered')).toHaveLength(1);
    expect(jsonTo(BILLING_FUNCTION)[0]).toMatchObject({
      id: eventId,
      source: 'aws.events',
      'detail-type': 'Scheduled Event',
      resources: [nightly.arn],
      detail: {},
    });
  });
});
