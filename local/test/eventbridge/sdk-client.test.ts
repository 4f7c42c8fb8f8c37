import {
  DescribeReplayCommand,
  DescribeRuleCommand,
  EventBridgeServiceException,
  InvalidEventPatternException,
  ListRulesCommand,
  ListTargetsByRuleCommand,
  PutEventsCommand,
  ResourceNotFoundException,
  StartReplayCommand,
  TestEventPatternCommand,
} from '@aws-sdk/client-eventbridge';
import { afterEach, describe, expect, it } from 'vitest';
import { arn, DEFAULT_ACCOUNT as TEST_ACCOUNT } from '../../aws/events/index.ts';
import { entryOf, orderPlaced } from './support/entries.ts';
import { eventsServer } from './support/events-server.ts';
import { harness } from './support/harness.ts';
import { archive, ORDERS_QUEUE, rule, target, topology } from './support/topology.ts';

const closing: (() => Promise<void>)[] = [];
afterEach(async () => {
  await Promise.all(closing.splice(0).map((close) => close()));
});

async function sdk() {
  const local = harness(
    topology({
      rules: [
        rule('orders-placed', { eventPattern: { 'detail-type': ['OrderPlaced'] }, targets: [target('queue', ORDERS_QUEUE, { inputPath: '$.detail.data' })] }),
      ],
      archives: [archive('orders')],
    }),
  );
  const { client, close } = await eventsServer(local.service);
  closing.push(close);
  return { ...local, client };
}

describe('the real EventBridge SDK client against the local actions', () => {
  it('puts events and reads per-entry failures', async () => {
    // Prepare
    const { client, callsTo, activitiesOf } = await sdk();

    // Act
    const output = await client.send(new PutEventsCommand({ Entries: [entryOf(orderPlaced()), { ...entryOf(orderPlaced()), Detail: '[]' }] }));

    // Assess
    expect(output.FailedEntryCount).toBe(1);
    expect(output.Entries).toEqual([{ EventId: expect.any(String) }, { ErrorCode: 'MalformedDetail', ErrorMessage: 'Detail is malformed.' }]);
    await expect.poll(() => activitiesOf('delivered')).toHaveLength(1);
    expect(JSON.parse(callsTo(ORDERS_QUEUE)[0]!.payload)).toMatchObject({ orderId: 'o-1' });
  });

  it('sends Time as a timestamp the event keeps, to the second', async () => {
    // Prepare
    const { client, service, activitiesOf } = await sdk();
    await client.send(new PutEventsCommand({ Entries: [entryOf(orderPlaced(), { Time: new Date('2025-11-28T08:30:15.250Z') })] }));
    await expect.poll(() => activitiesOf('delivered')).toHaveLength(1);

    // Act
    await client.send(
      new StartReplayCommand({
        ReplayName: 'by-time',
        EventSourceArn: arn('events', 'archive/orders'),
        EventStartTime: new Date('2025-11-28T08:30:00Z'),
        EventEndTime: new Date('2025-11-28T08:31:00Z'),
        Destination: { Arn: arn('events', 'event-bus/default') },
      }),
    );
    await service.drained();
    const replay = await client.send(new DescribeReplayCommand({ ReplayName: 'by-time' }));

    // Assess
    expect(replay.EventLastReplayedTime).toEqual(new Date('2025-11-28T08:30:15Z'));
  });

  it('gets a ValidationException for 11 entries', async () => {
    // Prepare
    const { client } = await sdk();

    // Act
    const sending = client.send(new PutEventsCommand({ Entries: Array.from({ length: 11 }, () => entryOf(orderPlaced())) }));

    // Assess
    await expect(sending).rejects.toBeInstanceOf(EventBridgeServiceException);
    await expect(sending).rejects.toMatchObject({ name: 'ValidationException', $metadata: { httpStatusCode: 400 } });
  });

  it.each([
    [{ source: ['eventful.orders'] }, true],
    [{ source: ['eventful.payments'] }, false],
  ])('tests the pattern %j', async (pattern, expected) => {
    // Prepare
    const { client } = await sdk();
    const event = {
      id: '1',
      account: TEST_ACCOUNT,
      source: 'eventful.orders',
      time: '2026-01-15T12:00:00Z',
      region: 'us-east-1',
      'detail-type': 'OrderPlaced',
      resources: [],
      detail: {},
    };

    // Act
    const output = await client.send(new TestEventPatternCommand({ EventPattern: JSON.stringify(pattern), Event: JSON.stringify(event) }));

    // Assess
    expect(output.Result).toBe(expected);
  });

  it('gets InvalidEventPatternException as the SDK class', async () => {
    // Prepare
    const { client } = await sdk();
    const event = JSON.stringify({ id: '1', account: TEST_ACCOUNT, source: 's', time: '2026-01-15T12:00:00Z', region: 'us-east-1', 'detail-type': 'd' });

    // Act
    const testing = client.send(new TestEventPatternCommand({ EventPattern: '{"source": []}', Event: event }));

    // Assess
    await expect(testing).rejects.toBeInstanceOf(InvalidEventPatternException);
    await expect(testing).rejects.toThrow(/^Event pattern is not valid\. Reason: Empty arrays are not allowed/);
  });

  it('lists and describes rules and their targets', async () => {
    // Prepare
    const { client } = await sdk();

    // Act
    const rules = await client.send(new ListRulesCommand({}));
    const described = await client.send(new DescribeRuleCommand({ Name: 'orders-placed' }));
    const targets = await client.send(new ListTargetsByRuleCommand({ Rule: 'orders-placed' }));

    // Assess
    expect(rules.Rules).toEqual([
      {
        Name: 'orders-placed',
        Arn: arn('events', 'rule/orders-placed'),
        EventPattern: '{"detail-type":["OrderPlaced"]}',
        State: 'ENABLED',
        EventBusName: 'default',
      },
    ]);
    expect(described).toMatchObject({ Name: 'orders-placed', CreatedBy: TEST_ACCOUNT, EventBusName: 'default' });
    expect(targets.Targets).toEqual([
      { Id: 'queue', Arn: ORDERS_QUEUE, InputPath: '$.detail.data', RetryPolicy: { MaximumRetryAttempts: 185, MaximumEventAgeInSeconds: 86_400 } },
    ]);
  });

  it('gets ResourceNotFoundException as the SDK class', async () => {
    // Prepare
    const { client } = await sdk();

    // Act
    const describing = client.send(new DescribeRuleCommand({ Name: 'ghost' }));

    // Assess
    await expect(describing).rejects.toBeInstanceOf(ResourceNotFoundException);
    await expect(describing).rejects.toThrow('Rule ghost does not exist on EventBus default.');
  });

  it('starts a replay and follows it to COMPLETED with dates the SDK parses', async () => {
    // Prepare
    const { client, clock, service, callsTo } = await sdk();
    await client.send(new PutEventsCommand({ Entries: [entryOf(orderPlaced())] }));
    await expect.poll(() => callsTo(ORDERS_QUEUE)).toHaveLength(1);

    // Act
    await client.send(
      new StartReplayCommand({
        ReplayName: 'after-fix',
        EventSourceArn: arn('events', 'archive/orders'),
        EventStartTime: new Date(clock.now() - 60_000),
        EventEndTime: new Date(clock.now() + 60_000),
        Destination: { Arn: arn('events', 'event-bus/default') },
      }),
    );
    await service.drained();
    const replay = await client.send(new DescribeReplayCommand({ ReplayName: 'after-fix' }));

    // Assess
    expect(replay).toMatchObject({
      State: 'COMPLETED',
      ReplayArn: arn('events', 'replay/after-fix'),
      EventLastReplayedTime: new Date(clock.now()),
      ReplayStartTime: new Date(clock.now()),
    });
    expect(replay.EventStartTime).toEqual(new Date(clock.now() - 60_000));
    expect(callsTo(ORDERS_QUEUE)).toHaveLength(2);
  });
});
