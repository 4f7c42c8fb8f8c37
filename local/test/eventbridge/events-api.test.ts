import { describe, expect, it } from 'vitest';
import { handleEventsRequest } from '../../eventbridge/index.ts';
import { arn, DEFAULT_ACCOUNT as TEST_ACCOUNT } from '../../aws/events/index.ts';
import { call } from './support/call.ts';
import { entryOf, orderPlaced } from './support/entries.ts';
import { harness } from './support/harness.ts';
import { archive, BILLING_FUNCTION, bus, CLICKS_STREAM, DEAD_LETTERS, ORDERS_QUEUE, rule, target, topology } from './support/topology.ts';

const testEvent = {
  id: 'e-1',
  account: TEST_ACCOUNT,
  source: 'eventful.orders',
  time: '2026-01-15T12:00:00Z',
  region: 'us-east-1',
  'detail-type': 'OrderPlaced',
};

function app() {
  return harness(
    topology({
      eventBuses: [bus('audit')],
      rules: [
        rule('orders-placed', {
          description: 'New orders to the queue',
          eventPattern: { source: ['eventful.orders'], 'detail-type': ['OrderPlaced'] },
          targets: [
            target('queue', ORDERS_QUEUE, {
              sqsMessageGroupId: 'orders',
              deadLetterArn: DEAD_LETTERS,
              retryPolicy: { maximumRetryAttempts: 3, maximumEventAgeInSeconds: 600 },
            }),
            target('stream', CLICKS_STREAM, { kinesisPartitionKeyPath: '$.detail.data.orderId', inputPath: '$.detail' }),
            target('billing', BILLING_FUNCTION, {
              inputTransformer: { inputPathsMap: { order: '$.detail.data.orderId' }, inputTemplate: '{"order": <order>}' },
            }),
          ],
        }),
        rule('orders-paid', { eventPattern: { 'detail-type': ['OrderPaid'] }, targets: [] }),
        rule('nightly', { scheduleExpression: 'rate(1 day)', state: 'DISABLED', targets: [] }),
        rule('audit-all', { eventBusName: 'audit', eventPattern: { source: [{ prefix: '' }] }, targets: [] }),
      ],
      archives: [archive('orders', { eventPattern: { source: ['eventful.orders'] }, retentionDays: 7 })],
    }),
  );
}

describe('EventBridge API (JSON 1.1 actions)', () => {
  describe('requests', () => {
    it('answers an unknown action with UnknownOperationException', async () => {
      const { service } = app();
      const response = await handleEventsRequest(service, 'AWSEvents.CreateConnection', '{}');
      expect(response.status).toBe(400);
      expect(JSON.parse(response.body)).toMatchObject({ __type: 'UnknownOperationException' });
    });

    it.each(['__proto__', 'constructor', 'toString', 'hasOwnProperty'])(
      'answers AWSEvents.%s, a member every object inherits, with UnknownOperationException',
      async (name) => {
        // Prepare
        const { service } = app();

        // Act
        const response = await handleEventsRequest(service, `AWSEvents.${name}`, '{}');

        // Assess
        expect(response.status).toBe(400);
        expect(JSON.parse(response.body)).toMatchObject({ __type: 'UnknownOperationException' });
      },
    );

    it('answers a body that is not JSON with SerializationException', async () => {
      const { service } = app();
      const response = await handleEventsRequest(service, 'AWSEvents.ListRules', '{"Limit":');
      expect(response.status).toBe(400);
      expect(JSON.parse(response.body)).toMatchObject({ __type: 'SerializationException' });
    });

    it('answers a member of the wrong JSON type with SerializationException', async () => {
      const { service } = app();
      expect(await call(service, 'ListRules', { Limit: '10' })).toMatchObject({ status: 400, body: { __type: 'SerializationException' } });
    });

    it('lists every broken constraint in one ValidationException, as AWS words them', async () => {
      const { service } = app();
      expect(await call(service, 'DescribeRule', { Name: 'has spaces', EventBusName: 'x'.repeat(1601) })).toEqual({
        status: 400,
        body: {
          __type: 'ValidationException',
          message:
            "2 validation errors detected: Value 'has spaces' at 'name' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\.\\-_A-Za-z0-9]+; " +
            `Value '${'x'.repeat(1601)}' at 'eventBusName' failed to satisfy constraint: Member must have length less than or equal to 1600`,
        },
      });
    });

    it('says which required member is missing', async () => {
      const { service } = app();
      expect(await call(service, 'DescribeRule', {})).toMatchObject({
        body: {
          __type: 'ValidationException',
          message: "1 validation error detected: Value null at 'name' failed to satisfy constraint: Member must not be null",
        },
      });
    });
  });

  describe('PutEvents', () => {
    it('answers per-entry results and takes Time in epoch seconds', async () => {
      // Prepare
      const { service, jsonTo, activitiesOf } = app();
      const entry = entryOf(orderPlaced());

      // Act
      const { status, body } = await call(service, 'PutEvents', {
        Entries: [
          { ...entry, Time: 1_767_225_600 },
          { ...entry, DetailType: undefined },
        ],
      });

      // Assess
      expect(status).toBe(200);
      expect(body).toEqual({
        FailedEntryCount: 1,
        Entries: [
          { EventId: expect.any(String) },
          { ErrorCode: 'InvalidArgument', ErrorMessage: 'Parameter DetailType is not valid. Reason: DetailType is a required argument.' },
        ],
      });
      await expect.poll(() => activitiesOf('delivered')).toHaveLength(3);
      expect(jsonTo(ORDERS_QUEUE)[0]).toMatchObject({ time: '2026-01-01T00:00:00Z' });
    });

    it.each([
      ['beyond what a date can hold', 1e20],
      ['after year 9999', 253_402_300_800],
      ['before year 0', -62_167_219_201],
    ])('fails the whole call, delivering none of its entries, for an entry Time %s', async (_case, time) => {
      // Prepare
      const { service, activitiesOf } = app();
      const entry = entryOf(orderPlaced());

      // Act
      const { status, body } = await call(service, 'PutEvents', { Entries: [entry, { ...entry, Time: time }] });

      // Assess
      expect(status).toBe(400);
      expect(body).toMatchObject({ __type: 'ValidationException', message: expect.stringContaining("at 'entries.2.member.time'") });
      expect(activitiesOf('received')).toEqual([]);
    });

    it('fails the whole call with 11 entries', async () => {
      const { service } = app();
      const { status, body } = await call(service, 'PutEvents', { Entries: Array.from({ length: 11 }, () => entryOf(orderPlaced())) });
      expect(status).toBe(400);
      expect(body).toMatchObject({ __type: 'ValidationException', message: expect.stringMatching(/Member must have length less than or equal to 10$/) });
    });
  });

  describe('TestEventPattern', () => {
    it.each([
      [{ source: ['eventful.orders'] }, true],
      [{ source: ['eventful.payments'] }, false],
      [{ 'detail-type': [{ prefix: 'Order' }], account: [TEST_ACCOUNT] }, true],
    ])('tests %j', async (pattern, result) => {
      const { service } = app();
      expect(await call(service, 'TestEventPattern', { EventPattern: JSON.stringify(pattern), Event: JSON.stringify(testEvent) })).toEqual({
        status: 200,
        body: { Result: result },
      });
    });

    it.each([
      ['plain text', 'plain string'],
      ['a JSON array', '["plain string"]'],
      ['an event missing its required fields', '{"testEvent": "value"}'],
      ['an event without time', JSON.stringify({ ...testEvent, time: undefined })],
    ])('refuses %s as the event: Parameter Event is not valid.', async (_case, event) => {
      const { service } = app();
      expect(await call(service, 'TestEventPattern', { EventPattern: '{"source":["x"]}', Event: event })).toEqual({
        status: 400,
        body: { __type: 'ValidationException', message: 'Parameter Event is not valid.' },
      });
    });

    it('accepts an event without resources or detail, as AWS does', async () => {
      const { service } = app();
      expect(await call(service, 'TestEventPattern', { EventPattern: '{"source":["eventful.orders"]}', Event: JSON.stringify(testEvent) })).toMatchObject({
        status: 200,
      });
    });

    it.each([
      ['{"source": []}', 'Event pattern is not valid. Reason: Empty arrays are not allowed'],
      ['["not", "a", "dict"]', 'Event pattern is not valid. Reason: Filter is not an object'],
      ['{"detail": {"c-count": [{"numeric": [">", 0, "<"]}]}}', 'Event pattern is not valid. Reason: Value of < must be numeric'],
    ])('answers InvalidEventPatternException for %s', async (pattern, reason) => {
      const { service } = app();
      const { status, body } = await call(service, 'TestEventPattern', { EventPattern: pattern, Event: JSON.stringify(testEvent) });
      expect(status).toBe(400);
      expect(body.__type).toBe('InvalidEventPatternException');
      expect((body.message as string).split('\n')[0]).toBe(reason);
    });
  });

  describe('rules and targets', () => {
    it('lists the rules of the default bus, sorted by name, in the API shape', async () => {
      const { service } = app();
      expect(await call(service, 'ListRules')).toEqual({
        status: 200,
        body: {
          Rules: [
            { Name: 'nightly', Arn: arn('events', 'rule/nightly'), State: 'DISABLED', ScheduleExpression: 'rate(1 day)', EventBusName: 'default' },
            {
              Name: 'orders-paid',
              Arn: arn('events', 'rule/orders-paid'),
              State: 'ENABLED',
              EventPattern: '{"detail-type":["OrderPaid"]}',
              EventBusName: 'default',
            },
            {
              Name: 'orders-placed',
              Arn: arn('events', 'rule/orders-placed'),
              State: 'ENABLED',
              Description: 'New orders to the queue',
              EventPattern: '{"source":["eventful.orders"],"detail-type":["OrderPlaced"]}',
              EventBusName: 'default',
            },
          ],
        },
      });
    });

    it.each([
      [{ NamePrefix: 'orders-' }, ['orders-paid', 'orders-placed']],
      [{ EventBusName: 'audit' }, ['audit-all']],
      [{ EventBusName: arn('events', 'event-bus/audit') }, ['audit-all']],
      [{ NamePrefix: 'none' }, []],
    ])('filters ListRules with %j', async (input, names) => {
      const { service } = app();
      const { body } = await call(service, 'ListRules', input);
      expect((body.Rules as { Name: string }[]).map((listed) => listed.Name)).toEqual(names);
    });

    it('pages ListRules with Limit and NextToken', async () => {
      // Prepare
      const { service } = app();

      // Act
      const first = await call(service, 'ListRules', { Limit: 2 });
      const second = await call(service, 'ListRules', { Limit: 2, NextToken: first.body.NextToken });

      // Assess
      expect((first.body.Rules as unknown[]).length).toBe(2);
      expect(second.body).toEqual({ Rules: [expect.objectContaining({ Name: 'orders-placed' })] });
    });

    it('answers ListRules for a bus that does not exist with ResourceNotFoundException', async () => {
      const { service } = app();
      expect(await call(service, 'ListRules', { EventBusName: 'ghost' })).toEqual({
        status: 400,
        body: { __type: 'ResourceNotFoundException', message: 'Event bus ghost does not exist.' },
      });
    });

    it('describes a rule, with who created it', async () => {
      const { service } = app();
      expect(await call(service, 'DescribeRule', { Name: 'audit-all', EventBusName: 'audit' })).toEqual({
        status: 200,
        body: {
          Name: 'audit-all',
          Arn: arn('events', 'rule/audit/audit-all'),
          EventPattern: '{"source":[{"prefix":""}]}',
          State: 'ENABLED',
          EventBusName: 'audit',
          CreatedBy: TEST_ACCOUNT,
        },
      });
    });

    it('answers DescribeRule for a rule not on that bus as AWS does', async () => {
      const { service } = app();
      expect(await call(service, 'DescribeRule', { Name: 'orders-placed', EventBusName: 'audit' })).toEqual({
        status: 400,
        body: { __type: 'ResourceNotFoundException', message: 'Rule orders-placed does not exist on EventBus audit.' },
      });
    });

    it('lists the targets of a rule with their settings', async () => {
      const { service } = app();
      expect(await call(service, 'ListTargetsByRule', { Rule: 'orders-placed' })).toEqual({
        status: 200,
        body: {
          Targets: [
            {
              Id: 'queue',
              Arn: ORDERS_QUEUE,
              SqsParameters: { MessageGroupId: 'orders' },
              RetryPolicy: { MaximumRetryAttempts: 3, MaximumEventAgeInSeconds: 600 },
              DeadLetterConfig: { Arn: DEAD_LETTERS },
            },
            {
              Id: 'stream',
              Arn: CLICKS_STREAM,
              InputPath: '$.detail',
              KinesisParameters: { PartitionKeyPath: '$.detail.data.orderId' },
              RetryPolicy: { MaximumRetryAttempts: 185, MaximumEventAgeInSeconds: 86_400 },
            },
            {
              Id: 'billing',
              Arn: BILLING_FUNCTION,
              InputTransformer: { InputPathsMap: { order: '$.detail.data.orderId' }, InputTemplate: '{"order": <order>}' },
              RetryPolicy: { MaximumRetryAttempts: 185, MaximumEventAgeInSeconds: 86_400 },
            },
          ],
        },
      });
    });

    it('creates a rule and its targets at runtime, which then receive events', async () => {
      // Prepare
      const { service, callsTo, activitiesOf } = app();
      const pattern = JSON.stringify({ 'detail-type': ['OrderPlaced'], detail: { data: { currency: ['EUR'] } } });

      // Act
      const created = await call(service, 'PutRule', { Name: 'euro-orders', EventPattern: pattern, EventBusName: 'audit' });
      const targeted = await call(service, 'PutTargets', {
        Rule: 'euro-orders',
        EventBusName: 'audit',
        Targets: [{ Id: 'fn', Arn: BILLING_FUNCTION, RetryPolicy: { MaximumRetryAttempts: 0 } }],
      });
      service.putEvents([entryOf(orderPlaced(), { EventBusName: 'audit' })]);

      // Assess
      expect(created).toEqual({ status: 200, body: { RuleArn: arn('events', 'rule/audit/euro-orders') } });
      expect(targeted).toEqual({ status: 200, body: { FailedEntryCount: 0, FailedEntries: [] } });
      await expect.poll(() => callsTo(BILLING_FUNCTION)).toHaveLength(1);
      expect(activitiesOf('matched')[0]).toMatchObject({ busName: 'audit', rules: ['audit-all', 'euro-orders'] });
      expect((await call(service, 'ListTargetsByRule', { Rule: 'euro-orders', EventBusName: 'audit' })).body).toEqual({
        Targets: [{ Id: 'fn', Arn: BILLING_FUNCTION, RetryPolicy: { MaximumRetryAttempts: 0, MaximumEventAgeInSeconds: 86_400 } }],
      });
    });

    it.each([
      [
        'an invalid pattern',
        { Name: 'r', EventPattern: '{"source": "x"}' },
        'InvalidEventPatternException',
        /^Event pattern is not valid\. Reason: "source" must be an object or an array/,
      ],
      ['neither pattern nor schedule', { Name: 'r' }, 'ValidationException', /^Parameter\(s\) EventPattern or ScheduleExpression must be specified\.$/],
      [
        'a schedule on a custom bus',
        { Name: 'r', ScheduleExpression: 'rate(1 hour)', EventBusName: 'audit' },
        'ValidationException',
        /^ScheduleExpression is supported only on the default event bus\.$/,
      ],
      // AWS refuses these with one message: https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-scheduled-rule-pattern.html
      [
        'rate(1 hours) (a value of 1 takes the singular)',
        { Name: 'r', ScheduleExpression: 'rate(1 hours)' },
        'ValidationException',
        /^Parameter ScheduleExpression is not valid\.$/,
      ],
      [
        'rate(5 hour) (other values take the plural)',
        { Name: 'r', ScheduleExpression: 'rate(5 hour)' },
        'ValidationException',
        /^Parameter ScheduleExpression is not valid\.$/,
      ],
      [
        'a cron with both day fields set',
        { Name: 'r', ScheduleExpression: 'cron(0 3 * * * *)' },
        'ValidationException',
        /^Parameter ScheduleExpression is not valid\.$/,
      ],
      ['a cron with five fields', { Name: 'r', ScheduleExpression: 'cron(0 3 * * ?)' }, 'ValidationException', /^Parameter ScheduleExpression is not valid\.$/],
      [
        'an at() expression (Scheduler only)',
        { Name: 'r', ScheduleExpression: 'at(2026-12-01T00:00:00)' },
        'ValidationException',
        /^Parameter ScheduleExpression is not valid\.$/,
      ],
    ])('refuses PutRule with %s', async (_case, input, type, message) => {
      const { service } = app();
      const { status, body } = await call(service, 'PutRule', input);
      expect(status).toBe(400);
      expect(body.__type).toBe(type);
      expect(body.message).toMatch(message);
      expect((await call(service, 'DescribeRule', { Name: 'r' })).status).toBe(400);
    });

    it.each([
      [
        'Input together with InputPath',
        [{ Id: 't1', Arn: ORDERS_QUEUE, Input: '{}', InputPath: '$.detail' }],
        'ValidationException',
        'Only one of Input, InputPath, or InputTransformer must be provided for target t1.',
      ],
      [
        'a placeholder that names no variable',
        [{ Id: 't1', Arn: ORDERS_QUEUE, InputTransformer: { InputPathsMap: { a: '$.detail' }, InputTemplate: '"<a> <notdefinedkey>"' } }],
        'ValidationException',
        'InputTemplate for target t1 contains invalid placeholder notdefinedkey.',
      ],
      [
        'a sixth target on one rule',
        ['a', 'b', 'c'].map((id) => ({ Id: id, Arn: ORDERS_QUEUE })),
        'LimitExceededException',
        'The requested resource exceeds the maximum number allowed.',
      ],
    ])('refuses PutTargets with %s', async (_case, targets, type, message) => {
      const { service } = app();
      expect(await call(service, 'PutTargets', { Rule: 'orders-placed', Targets: targets })).toEqual({ status: 400, body: { __type: type, message } });
    });

    it('disables and enables a rule', async () => {
      // Prepare
      const { service, activitiesOf } = app();

      // Act
      await call(service, 'DisableRule', { Name: 'orders-placed' });
      service.putEvents([entryOf(orderPlaced())]);
      await call(service, 'EnableRule', { Name: 'orders-placed' });
      service.putEvents([entryOf(orderPlaced())]);

      // Assess
      expect(activitiesOf('matched').map((activity) => activity.rules)).toEqual([[], ['orders-placed']]);
      expect((await call(service, 'DescribeRule', { Name: 'orders-placed' })).body).toMatchObject({ State: 'ENABLED' });
    });

    it('refuses to delete a rule that has targets, and deletes it once they are removed', async () => {
      // Prepare
      const { service } = app();

      // Act
      const refused = await call(service, 'DeleteRule', { Name: 'orders-placed' });
      await call(service, 'RemoveTargets', { Rule: 'orders-placed', Ids: ['queue', 'stream', 'billing'] });
      const deleted = await call(service, 'DeleteRule', { Name: 'orders-placed' });

      // Assess
      expect(refused).toEqual({ status: 400, body: { __type: 'ValidationException', message: "Rule can't be deleted since it has targets." } });
      expect(deleted).toEqual({ status: 200, body: {} });
      expect((await call(service, 'DescribeRule', { Name: 'orders-placed' })).body).toMatchObject({ __type: 'ResourceNotFoundException' });
    });
  });

  describe('buses, archives and replays', () => {
    it('lists and describes buses, the default one included', async () => {
      const { service, clock } = app();
      const created = clock.now() / 1000;
      expect((await call(service, 'ListEventBuses')).body).toEqual({
        EventBuses: [
          { Name: 'audit', Arn: arn('events', 'event-bus/audit'), CreationTime: created, LastModifiedTime: created },
          { Name: 'default', Arn: arn('events', 'event-bus/default'), CreationTime: created, LastModifiedTime: created },
        ],
      });
      expect((await call(service, 'DescribeEventBus')).body).toMatchObject({ Name: 'default' });
      expect((await call(service, 'DescribeEventBus', { Name: 'ghost' })).body).toEqual({
        __type: 'ResourceNotFoundException',
        message: 'Event bus ghost does not exist.',
      });
    });

    it('describes an archive with what it holds', async () => {
      // Prepare
      const { service, clock } = app();
      service.putEvents([entryOf(orderPlaced())]);

      // Act
      const { body } = await call(service, 'DescribeArchive', { ArchiveName: 'orders' });

      // Assess
      expect(body).toEqual({
        ArchiveName: 'orders',
        ArchiveArn: arn('events', 'archive/orders'),
        EventSourceArn: arn('events', 'event-bus/default'),
        EventPattern: '{"source":["eventful.orders"]}',
        State: 'ENABLED',
        RetentionDays: 7,
        SizeBytes: expect.any(Number),
        EventCount: 1,
        CreationTime: clock.now() / 1000,
      });
    });

    it('lists archives without their ARN, pattern or description, one filter at a time', async () => {
      const { service } = app();
      expect((await call(service, 'ListArchives', { EventSourceArn: arn('events', 'event-bus/default') })).body).toEqual({
        Archives: [
          {
            ArchiveName: 'orders',
            EventSourceArn: arn('events', 'event-bus/default'),
            State: 'ENABLED',
            RetentionDays: 7,
            SizeBytes: 0,
            EventCount: 0,
            CreationTime: expect.any(Number),
          },
        ],
      });
      expect((await call(service, 'ListArchives', { NamePrefix: 'o', State: 'ENABLED' })).body).toEqual({
        __type: 'ValidationException',
        message: 'At most one filter is allowed for ListArchives. Use either : State, EventSourceArn, or NamePrefix.',
      });
      expect((await call(service, 'DescribeArchive', { ArchiveName: 'ghost' })).body).toEqual({
        __type: 'ResourceNotFoundException',
        message: 'Archive ghost does not exist.',
      });
    });

    it('starts, describes, lists and refuses to cancel a finished replay', async () => {
      // Prepare
      const { service, clock } = app();
      service.putEvents([entryOf(orderPlaced())]);
      const now = clock.now() / 1000;

      // Act
      const started = await call(service, 'StartReplay', {
        ReplayName: 'nightly',
        EventSourceArn: arn('events', 'archive/orders'),
        EventStartTime: now - 60,
        EventEndTime: now + 60,
        Destination: { Arn: arn('events', 'event-bus/default'), FilterArns: [arn('events', 'rule/orders-placed')] },
      });
      await service.drained();
      const described = await call(service, 'DescribeReplay', { ReplayName: 'nightly' });
      const listed = await call(service, 'ListReplays', { State: 'COMPLETED' });
      const cancelled = await call(service, 'CancelReplay', { ReplayName: 'nightly' });

      // Assess
      expect(started).toEqual({ status: 200, body: { ReplayArn: arn('events', 'replay/nightly'), State: 'STARTING', ReplayStartTime: now } });
      expect(described.body).toEqual({
        ReplayName: 'nightly',
        ReplayArn: arn('events', 'replay/nightly'),
        EventSourceArn: arn('events', 'archive/orders'),
        Destination: { Arn: arn('events', 'event-bus/default'), FilterArns: [arn('events', 'rule/orders-placed')] },
        State: 'COMPLETED',
        EventStartTime: now - 60,
        EventEndTime: now + 60,
        EventLastReplayedTime: now,
        ReplayStartTime: now,
        ReplayEndTime: now,
      });
      expect(listed.body).toEqual({ Replays: [expect.objectContaining({ ReplayName: 'nightly', State: 'COMPLETED' })] });
      expect((listed.body.Replays as object[])[0]).not.toHaveProperty('Destination');
      expect(cancelled).toMatchObject({ status: 400, body: { __type: 'IllegalStatusException' } });
      expect((await call(service, 'DescribeReplay', { ReplayName: 'ghost' })).body).toEqual({
        __type: 'ResourceNotFoundException',
        message: 'Replay ghost does not exist.',
      });
    });
  });
});
