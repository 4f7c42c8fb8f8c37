import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../eventbridge/index.ts';
import { PUT_EVENTS_MAX_REQUEST_BYTES } from '../../aws/limits.ts';
import { putEventsEntrySize } from '../../aws/put-events-entry-size.ts';
import { arn, DEFAULT_ACCOUNT as TEST_ACCOUNT, DEFAULT_REGION as TEST_REGION } from '../../aws/events/index.ts';
import { entryOf, orderPlaced } from './support/entries.ts';
import { harness } from './support/harness.ts';
import { AUDIT_BUS, bus, ORDERS_QUEUE, rule, target, topology } from './support/topology.ts';

const everyOrderToQueue = (eventBusName = 'default') =>
  rule(`orders-${eventBusName}`, { eventBusName, eventPattern: { source: ['eventful.orders'] }, targets: [target('queue', ORDERS_QUEUE)] });

describe('PutEvents', () => {
  it('answers an EventId per entry and delivers the envelope EventBridge sends, keys in AWS order', async () => {
    // Prepare
    const { service, clock, jsonTo, callsTo, activitiesOf } = harness(topology({ rules: [everyOrderToQueue()] }));
    const placed = orderPlaced();

    // Act
    const result = service.putEvents([entryOf(placed, { Resources: ['arn:aws:dynamodb:us-east-1:123456789012:table/orders'] })]);

    // Assess
    expect(result).toEqual({ FailedEntryCount: 0, Entries: [{ EventId: expect.any(String) }] });
    await expect.poll(() => activitiesOf('delivered')).toHaveLength(1);
    const [event] = jsonTo(ORDERS_QUEUE);
    expect(event).toEqual({
      version: '0',
      id: result.Entries[0]!.EventId,
      'detail-type': 'OrderPlaced',
      source: 'eventful.orders',
      account: TEST_ACCOUNT,
      time: new Date(clock.now()).toISOString().replace('.000Z', 'Z'),
      region: TEST_REGION,
      resources: ['arn:aws:dynamodb:us-east-1:123456789012:table/orders'],
      detail: placed.detail,
    });
    expect(Object.keys(event as object)).toEqual(['version', 'id', 'detail-type', 'source', 'account', 'time', 'region', 'resources', 'detail']);
    expect(callsTo(ORDERS_QUEUE)[0]!.payload.startsWith('{"version":"0","id":')).toBe(true);
  });

  it('uses the entry Time as the event time, to the second', async () => {
    // Prepare
    const { service, jsonTo, activitiesOf } = harness(topology({ rules: [everyOrderToQueue()] }));

    // Act
    service.putEvents([entryOf(orderPlaced(), { Time: new Date('2025-12-31T23:59:58.765Z') })]);

    // Assess
    await expect.poll(() => activitiesOf('delivered')).toHaveLength(1);
    expect(jsonTo(ORDERS_QUEUE)[0]).toMatchObject({ time: '2025-12-31T23:59:58Z' });
  });

  it.each([
    ['Source missing', { Source: undefined }, 'InvalidArgument', 'Parameter Source is not valid. Reason: Source is a required argument.'],
    ['Source empty', { Source: '' }, 'InvalidArgument', 'Parameter Source is not valid. Reason: Source is a required argument.'],
    ['DetailType missing', { DetailType: undefined }, 'InvalidArgument', 'Parameter DetailType is not valid. Reason: DetailType is a required argument.'],
    ['Detail missing', { Detail: undefined }, 'InvalidArgument', 'Parameter Detail is not valid. Reason: Detail is a required argument.'],
    ['Detail an array', { Detail: '["a"]' }, 'MalformedDetail', 'Detail is malformed.'],
    ['Detail a JSON string', { Detail: '"{\\"a\\":1}"' }, 'MalformedDetail', 'Detail is malformed.'],
    ['Detail plain text', { Detail: 'not json' }, 'MalformedDetail', 'Detail is malformed.'],
    ['Detail null', { Detail: 'null' }, 'MalformedDetail', 'Detail is malformed.'],
    ['a Source reserved to AWS services', { Source: 'aws.s3' }, 'NotAuthorizedForSourceException', 'Not authorized for the source.'],
  ])('fails the entry with %s as AWS words it', (_case, change, code, message) => {
    // Prepare
    const { service } = harness(topology());

    // Act
    const result = service.putEvents([{ ...entryOf(orderPlaced()), ...change }]);

    // Assess
    expect(result).toEqual({ FailedEntryCount: 1, Entries: [{ ErrorCode: code, ErrorMessage: message }] });
  });

  it('keeps each result in the position of its entry and delivers only the valid ones', async () => {
    // Prepare
    const { service, jsonTo, activitiesOf } = harness(topology({ rules: [everyOrderToQueue()] }));

    // Act
    const result = service.putEvents([
      entryOf(orderPlaced({ orderId: 'o-1' })),
      { ...entryOf(orderPlaced()), Detail: '[]' },
      entryOf(orderPlaced({ orderId: 'o-3' })),
    ]);

    // Assess
    expect(result.FailedEntryCount).toBe(1);
    expect(result.Entries.map((entry) => entry.ErrorCode ?? 'ok')).toEqual(['ok', 'MalformedDetail', 'ok']);
    await expect.poll(() => activitiesOf('delivered')).toHaveLength(2);
    expect(jsonTo(ORDERS_QUEUE).map((event) => (event as { detail: { data: { orderId: string } } }).detail.data.orderId)).toEqual(['o-1', 'o-3']);
  });

  it('refuses more than 10 entries as a whole with the validation message AWS sends', () => {
    // Prepare
    const { service } = harness(topology());
    const entries = Array.from({ length: 11 }, () => ({ Source: 's', DetailType: 't', Detail: '{}' }));

    // Act
    const putting = () => service.putEvents(entries);

    // Assess
    expect(putting).toThrow(ValidationError);
    expect(putting).toThrow(/^1 validation error detected: Value '\[PutEventsRequestEntry\(time=null, source=s, resources=null, detailType=t, detail=\{\}/);
    expect(putting).toThrow(/at 'entries' failed to satisfy constraint: Member must have length less than or equal to 10$/);
  });

  it('accepts entries totalling exactly the 1 MiB limit and refuses one byte more', () => {
    // Prepare
    const { service } = harness(topology());
    const base = { Source: 'eventful.orders', DetailType: 'Big', Detail: '{"blob":""}' };
    const padding = PUT_EVENTS_MAX_REQUEST_BYTES - putEventsEntrySize(base);
    const atLimit = { ...base, Detail: `{"blob":"${'x'.repeat(padding)}"}` };
    const overLimit = { ...base, Detail: `{"blob":"${'x'.repeat(padding + 1)}"}` };

    // Act
    const accepted = service.putEvents([atLimit]);
    const refusing = () => service.putEvents([overLimit]);

    // Assess
    expect(putEventsEntrySize(atLimit)).toBe(PUT_EVENTS_MAX_REQUEST_BYTES);
    expect(accepted.FailedEntryCount).toBe(0);
    expect(refusing).toThrow(new ValidationError('Total size of the entries in the request is over the limit.'));
  });

  it.each([
    ['its name', 'audit'],
    ['its ARN', AUDIT_BUS],
  ])('puts the event on the bus named by %s', async (_how, eventBusName) => {
    // Prepare
    const { service, callsTo, activitiesOf } = harness(topology({ eventBuses: [bus('audit')], rules: [everyOrderToQueue('audit')] }));

    // Act
    service.putEvents([entryOf(orderPlaced(), { EventBusName: eventBusName })]);

    // Assess
    await expect.poll(() => activitiesOf('delivered')).toHaveLength(1);
    expect(activitiesOf('received')[0]).toMatchObject({ busName: 'audit' });
    expect(callsTo(ORDERS_QUEUE)).toHaveLength(1);
  });

  it('does not route an event without EventBusName to a custom bus', async () => {
    // Prepare
    const { service, activitiesOf } = harness(topology({ eventBuses: [bus('audit')], rules: [everyOrderToQueue('audit')] }));

    // Act
    service.putEvents([entryOf(orderPlaced())]);

    // Assess
    expect(activitiesOf('received')[0]).toMatchObject({ busName: 'default' });
    expect(activitiesOf('matched')[0]).toMatchObject({ rules: [] });
  });

  it('accepts an entry for a bus that does not exist and drops it, as AWS does, saying so in the activity log', () => {
    // Prepare
    const { service, activitiesOf } = harness(topology());

    // Act
    const result = service.putEvents([entryOf(orderPlaced({ correlationId: 'corr-typo' }), { EventBusName: 'no-such-bus' })]);

    // Assess
    expect(result).toEqual({ FailedEntryCount: 0, Entries: [{ EventId: expect.any(String) }] });
    expect(activitiesOf('bus-not-found')).toEqual([
      expect.objectContaining({ busName: 'no-such-bus', correlationId: 'corr-typo', eventId: result.Entries[0]!.EventId }),
    ]);
    expect(activitiesOf('received')).toHaveLength(0);
  });

  it('fails the entry for a bus that does not exist when told to reject them', () => {
    // Prepare
    const { service } = harness(topology(), { unknownEventBus: 'reject' });

    // Act
    const result = service.putEvents([entryOf(orderPlaced(), { EventBusName: arn('events', 'event-bus/no-such-bus') })]);

    // Assess
    expect(result).toEqual({
      FailedEntryCount: 1,
      Entries: [{ ErrorCode: 'InvalidArgument', ErrorMessage: 'Parameter EventBusName is not valid. Reason: Event bus no-such-bus does not exist.' }],
    });
  });
});
