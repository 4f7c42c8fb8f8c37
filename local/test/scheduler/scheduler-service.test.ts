import { afterEach, describe, expect, it, vi } from 'vitest';
import { ManualClock } from '../../clock.ts';
import {
  DEAD_LETTER_ATTRIBUTES,
  ScheduleNotFoundError,
  SchedulerConfigError,
  SchedulerService,
  type SchedulerScheduleSpec,
  type SchedulerServiceOptions,
} from '../../scheduler/index.ts';
import type { RuleSpec } from '../../topology/types.ts';
import { eventBridgeEvent } from '../../aws/events/index.ts';
import { scheduledInvocation, SchedulerContextAttributes, schedulerEvent } from '../../aws/events/index.ts';
import {
  ACCOUNT,
  activityLog,
  BUS_ARN,
  DLQ_ARN,
  FUNCTION_ARN,
  QUEUE_ARN,
  recordingDispatch,
  REGION,
  scheduledRuleSpec,
  scheduleSpec,
} from './support/schedules.ts';
import { LOADED_MACHINE_WAIT } from '../support/patience.ts';

const START = Date.UTC(2026, 0, 1, 0, 0, 0);
const MINUTE = 60_000;
const services: SchedulerService[] = [];

afterEach(async () => {
  await Promise.all(services.splice(0).map((service) => service.stop()));
});

function harness(topology: { schedules?: SchedulerScheduleSpec[]; rules?: RuleSpec[] }, overrides: Partial<SchedulerServiceOptions> = {}) {
  const clock = new ManualClock(START);
  const recorded = recordingDispatch();
  const log = activityLog();
  const service = new SchedulerService(topology, {
    accountId: ACCOUNT,
    region: REGION,
    clock,
    dispatch: recorded.dispatch,
    onActivity: log.onActivity,
    ...overrides,
  });
  services.push(service);
  return { clock, service, ...recorded, ...log };
}

describe('SchedulerService firing schedules', () => {
  it('invokes a Lambda target asynchronously at each cron time with the Input as is', async () => {
    // Prepare
    const { clock, service, lambdaCalls, ofType } = harness({
      schedules: [scheduleSpec({ expression: 'cron(0/10 * * * ? *)', target: { input: '{"job":"expire-unpaid-orders"}' } })],
    });

    // Act
    service.start();
    await clock.advance(30 * MINUTE);
    await service.drained();

    // Assess
    expect(ofType('fired').map((fired) => fired.scheduledTime)).toEqual([
      '2026-01-01T00:00:00Z',
      '2026-01-01T00:10:00Z',
      '2026-01-01T00:20:00Z',
      '2026-01-01T00:30:00Z',
    ]);
    expect(lambdaCalls).toHaveLength(4);
    expect(lambdaCalls[0]).toEqual({ functionArn: FUNCTION_ARN, payload: { job: 'expire-unpaid-orders' }, invocationType: 'Event' });
  });

  it('replaces the context attributes in the Input as Scheduler does', async () => {
    // Prepare
    const input = {
      schedule: SchedulerContextAttributes.scheduleArn,
      at: SchedulerContextAttributes.scheduledTime,
      execution: SchedulerContextAttributes.executionId,
      attempt: SchedulerContextAttributes.attemptNumber,
    };
    const spec = scheduleSpec({ expression: 'cron(15 * * * ? *)', target: { input: JSON.stringify(input) } });
    const { clock, service, lambdaCalls, ofType } = harness({ schedules: [spec] });

    // Act
    service.start();
    await clock.advance(15 * MINUTE);
    await service.drained();

    // Assess
    const [fired] = ofType('fired');
    expect(lambdaCalls[0]?.payload).toEqual(
      scheduledInvocation(input, {
        scheduleArn: spec.arn,
        scheduledTime: new Date('2026-01-01T00:15:00Z'),
        executionId: fired?.executionId ?? '',
        attemptNumber: 1,
      }),
    );
    expect(fired?.executionId).toMatch(/^[a-z0-9]{16}$/);
  });

  it("sends Scheduler's default notification when the schedule has no Input", async () => {
    // Prepare
    const spec = scheduleSpec({ expression: 'cron(5 0 * * ? *)' });
    const { clock, service, lambdaCalls } = harness({ schedules: [spec] });

    // Act
    service.start();
    await clock.advance(5 * MINUTE);
    await service.drained();

    // Assess
    const payload = lambdaCalls[0]?.payload as { id: string };
    expect(payload).toEqual(
      schedulerEvent({ id: payload.id, scheduleArn: spec.arn, scheduledTime: new Date('2026-01-01T00:05:00Z'), account: ACCOUNT, region: REGION }),
    );
  });

  it('fires a rate schedule without StartDate at once, then every interval', async () => {
    // Prepare
    const { clock, service, ofType } = harness({ schedules: [scheduleSpec({ expression: 'rate(2 hours)' })] });

    // Act
    service.start();
    await clock.advance(5 * 60 * MINUTE);

    // Assess
    expect(ofType('fired').map((fired) => fired.scheduledTime)).toEqual(['2026-01-01T00:00:00Z', '2026-01-01T02:00:00Z', '2026-01-01T04:00:00Z']);
  });

  it("evaluates cron in the schedule's time zone", async () => {
    // Prepare
    const { clock, service, ofType } = harness({ schedules: [scheduleSpec({ expression: 'cron(0 9 * * ? *)', timezone: 'Asia/Tokyo' })] });

    // Act
    service.start();
    await clock.advance(24 * 60 * MINUTE);

    // Assess: 09:00 in Tokyo is 00:00 UTC
    expect(ofType('fired').map((fired) => fired.scheduledTime)).toEqual(['2026-01-01T00:00:00Z', '2026-01-02T00:00:00Z']);
  });

  it('does not fire a DISABLED schedule', async () => {
    // Prepare
    const { clock, service, lambdaCalls } = harness({ schedules: [scheduleSpec({ state: 'DISABLED', expression: 'rate(1 minute)' })] });

    // Act
    service.start();
    await clock.advance(10 * MINUTE);

    // Assess
    expect(lambdaCalls).toEqual([]);
  });

  it('invokes within the FLEXIBLE time window after the scheduled time, keeping the scheduled time', async () => {
    // Prepare
    const spec = scheduleSpec({
      expression: 'cron(0 1 * * ? *)',
      flexibleTimeWindow: { mode: 'FLEXIBLE', maximumWindowInMinutes: 10 },
      target: { input: `{"at":"${SchedulerContextAttributes.scheduledTime}"}` },
    });
    const { clock, service, lambdaCalls, ofType } = harness({ schedules: [spec] }, { random: () => 0.5 });

    // Act
    service.start();
    await clock.advance(64 * MINUTE);
    const beforeWindowDelay = lambdaCalls.length;
    await clock.advance(1 * MINUTE);
    await service.drained();

    // Assess
    expect(beforeWindowDelay).toBe(0);
    expect(ofType('delivered')[0]?.at).toBe(START + 65 * MINUTE);
    expect(lambdaCalls[0]?.payload).toEqual({ at: '2026-01-01T01:00:00Z' });
  });
});

describe('SchedulerService targets', () => {
  it('sends the Input to an SQS target with its message group', async () => {
    // Prepare
    const spec = scheduleSpec({
      expression: 'cron(1 0 * * ? *)',
      target: { arn: QUEUE_ARN, kind: 'sqs', input: 'plain text is fine for SQS', sqsMessageGroupId: 'jobs' },
    });
    const { clock, service, sqsCalls } = harness({ schedules: [spec] });

    // Act
    service.start();
    await clock.advance(MINUTE);
    await service.drained();

    // Assess
    expect(sqsCalls).toEqual([{ queueArn: QUEUE_ARN, body: 'plain text is fine for SQS', messageGroupId: 'jobs' }]);
  });

  it("puts an event on a bus with the target's detail type and source, the Input as detail", async () => {
    // Prepare
    const spec = scheduleSpec({
      expression: 'cron(1 0 * * ? *)',
      target: {
        arn: BUS_ARN,
        kind: 'event-bus',
        input: '{"reason":"nightly"}',
        eventBridgeParameters: { detailType: 'Sweep Requested', source: 'eventful.ops' },
      },
    });
    const { clock, service, putEvents } = harness({ schedules: [spec] });

    // Act
    service.start();
    await clock.advance(MINUTE);
    await service.drained();

    // Assess
    expect(putEvents).toEqual([
      {
        eventBusArn: BUS_ARN,
        entries: [
          { source: 'eventful.ops', detailType: 'Sweep Requested', detail: '{"reason":"nightly"}', resources: [spec.arn], time: '2026-01-01T00:01:00Z' },
        ],
      },
    ]);
  });

  it('sends a scheduled rule the Scheduled Event, one interval after start for a rate', async () => {
    // Prepare
    const rule = scheduledRuleSpec({ scheduleExpression: 'rate(5 minutes)' });
    const { clock, service, ruleCalls } = harness({ rules: [rule] });

    // Act
    service.start();
    await clock.advance(10 * MINUTE);
    await service.drained();

    // Assess
    expect(ruleCalls.map((call) => call.event.time)).toEqual(['2026-01-01T00:05:00Z', '2026-01-01T00:10:00Z']);
    const [first] = ruleCalls;
    expect(first?.rule).toBe(rule);
    expect(first?.event).toEqual(
      eventBridgeEvent(
        { source: 'aws.events', detailType: 'Scheduled Event', detail: {} },
        { id: first?.event.id ?? '', time: new Date('2026-01-01T00:05:00Z'), resources: [rule.arn], account: ACCOUNT, region: REGION },
      ),
    );
  });

  it('leaves rules without a schedule expression to the bus', () => {
    // Prepare
    const patternRule = scheduledRuleSpec({ name: 'on-order-placed', eventPattern: { source: ['eventful.orders'] } });
    delete patternRule.scheduleExpression;
    const { service } = harness({ rules: [patternRule] });

    // Act
    const listed = service.list();

    // Assess
    expect(listed).toEqual([]);
  });
});

describe('SchedulerService retries and dead letters', () => {
  it('retries a failed delivery with exponential backoff, keeping the execution id and counting attempts', async () => {
    // Prepare
    const spec = scheduleSpec({
      expression: 'cron(1 0 * * ? *)',
      target: { input: `{"attempt":"${SchedulerContextAttributes.attemptNumber}","execution":"${SchedulerContextAttributes.executionId}"}` },
    });
    const { clock, service, lambdaCalls, failLambda, ofType } = harness({ schedules: [spec] });
    failLambda(2);

    // Act
    service.start();
    await clock.advance(MINUTE);
    await clock.advance(1_000);
    await clock.advance(2_000);
    await service.drained();

    // Assess
    const executionId = ofType('fired')[0]?.executionId;
    expect(lambdaCalls.map((call) => call.payload)).toEqual([
      { attempt: '1', execution: executionId },
      { attempt: '2', execution: executionId },
      { attempt: '3', execution: executionId },
    ]);
    expect(ofType('attempt-failed').map(({ attempt, errorCode, retryInMs }) => ({ attempt, errorCode, retryInMs }))).toEqual([
      { attempt: 1, errorCode: 'TooManyRequestsException', retryInMs: 1_000 },
      { attempt: 2, errorCode: 'TooManyRequestsException', retryInMs: 2_000 },
    ]);
    expect(ofType('delivered')).toEqual([expect.objectContaining({ attempt: 3, at: START + MINUTE + 3_000 })]);
  });

  it("sends the payload to the dead-letter queue with Scheduler's attributes once retries run out", async () => {
    // Prepare
    const spec = scheduleSpec({
      expression: 'cron(1 0 * * ? *)',
      target: { input: '{"job":"expire"}', retryPolicy: { maximumRetryAttempts: 2, maximumEventAgeInSeconds: 86_400 }, deadLetterArn: DLQ_ARN },
    });
    const { clock, service, lambdaCalls, sqsCalls, failLambda, ofType } = harness({ schedules: [spec] });
    failLambda(Number.POSITIVE_INFINITY);

    // Act
    service.start();
    await clock.advance(MINUTE + 3_000);
    await service.drained();

    // Assess
    expect(lambdaCalls).toHaveLength(3);
    expect(sqsCalls).toEqual([
      {
        queueArn: DLQ_ARN,
        body: '{"job":"expire"}',
        messageAttributes: {
          [DEAD_LETTER_ATTRIBUTES.attempt]: { dataType: 'Number', stringValue: '3' },
          [DEAD_LETTER_ATTRIBUTES.scheduleArn]: { dataType: 'String', stringValue: spec.arn },
          [DEAD_LETTER_ATTRIBUTES.targetArn]: { dataType: 'String', stringValue: FUNCTION_ARN },
          [DEAD_LETTER_ATTRIBUTES.group]: { dataType: 'String', stringValue: 'default' },
          [DEAD_LETTER_ATTRIBUTES.errorCode]: { dataType: 'String', stringValue: 'TooManyRequestsException' },
          [DEAD_LETTER_ATTRIBUTES.errorMessage]: { dataType: 'String', stringValue: 'Rate Exceeded.' },
        },
      },
    ]);
    expect(ofType('dead-lettered')).toEqual([expect.objectContaining({ attempts: 3, deadLetterArn: DLQ_ARN, errorCode: 'TooManyRequestsException' })]);
  });

  it('stops retrying when the next attempt would be older than MaximumEventAgeInSeconds', async () => {
    // Prepare: retries 1 s, 2 s, 4 s, 8 s, 16 s after each failure reach 31 s; the next (32 s later) would be 63 s old
    const spec = scheduleSpec({
      expression: 'cron(1 0 * * ? *)',
      target: { retryPolicy: { maximumRetryAttempts: 185, maximumEventAgeInSeconds: 60 }, deadLetterArn: DLQ_ARN },
    });
    const { clock, service, lambdaCalls, failLambda, ofType } = harness({ schedules: [spec] });
    failLambda(Number.POSITIVE_INFINITY);

    // Act
    service.start();
    await clock.advance(2 * MINUTE);
    await service.drained();

    // Assess
    expect(lambdaCalls).toHaveLength(6);
    expect(ofType('dead-lettered')).toEqual([expect.objectContaining({ attempts: 6, at: START + MINUTE + 31_000 })]);
  });

  it('drops the event when retries run out and there is no dead-letter queue', async () => {
    // Prepare
    const spec = scheduleSpec({ target: { retryPolicy: { maximumRetryAttempts: 0, maximumEventAgeInSeconds: 86_400 } } });
    const { service, failLambda, sqsCalls } = harness({ schedules: [spec] });
    failLambda(1);

    // Act
    const { outcome } = service.fireNow('expire-orders');

    // Assess
    await expect(outcome).resolves.toEqual({ status: 'dropped', attempts: 1, errorCode: 'TooManyRequestsException' });
    expect(sqsCalls).toEqual([]);
  });

  it('abandons deliveries waiting to retry when stopped', async () => {
    // Prepare
    const { service, failLambda, ofType } = harness({ schedules: [scheduleSpec()] });
    failLambda(1);

    // Act
    const { outcome } = service.fireNow('expire-orders');
    await vi.waitFor(() => expect(ofType('attempt-failed')).toHaveLength(1), LOADED_MACHINE_WAIT);
    await service.stop();

    // Assess
    await expect(outcome).resolves.toEqual({ status: 'abandoned', attempts: 1 });
  });
});

describe('SchedulerService fireNow, list and one-time schedules', () => {
  it('fires a schedule now, even a DISABLED one, with now as the scheduled time', async () => {
    // Prepare
    const spec = scheduleSpec({ state: 'DISABLED', target: { input: `{"at":"${SchedulerContextAttributes.scheduledTime}"}` } });
    const { clock, service, lambdaCalls, ofType } = harness({ schedules: [spec] });
    await clock.advance(90 * 1_000);

    // Act
    const receipt = service.fireNow('expire-orders');

    // Assess
    await expect(receipt.outcome).resolves.toEqual({ status: 'delivered', attempts: 1 });
    expect(receipt.scheduledTime).toBe('2026-01-01T00:01:30Z');
    expect(lambdaCalls.map((call) => call.payload)).toEqual([{ at: '2026-01-01T00:01:30Z' }]);
    expect(ofType('fired')).toEqual([expect.objectContaining({ manual: true, executionId: receipt.executionId })]);
  });

  it('fires a scheduled rule now', async () => {
    // Prepare
    const { service, ruleCalls } = harness({ rules: [scheduledRuleSpec()] });

    // Act
    const { outcome } = service.fireNow('nightly-report');

    // Assess
    await expect(outcome).resolves.toEqual({ status: 'delivered', attempts: 1 });
    expect(ruleCalls.map((call) => call.event.time)).toEqual(['2026-01-01T00:00:00Z']);
  });

  it('names the known schedules when asked to fire an unknown one', () => {
    // Prepare
    const { service } = harness({ schedules: [scheduleSpec()], rules: [scheduledRuleSpec()] });

    // Act
    const firing = () => service.fireNow('expire-order');

    // Assess
    expect(firing).toThrow(ScheduleNotFoundError);
    expect(firing).toThrow('No schedule or scheduled rule named "expire-order"; known: default/expire-orders, default/nightly-report');
  });

  it('lists schedules and scheduled rules with their next fire times', async () => {
    // Prepare
    const { clock, service } = harness({
      schedules: [scheduleSpec({ expression: 'cron(0 3 * * ? *)', timezone: 'Europe/Paris' }), scheduleSpec({ name: 'paused', state: 'DISABLED' })],
      rules: [scheduledRuleSpec({ scheduleExpression: 'rate(1 hour)' })],
    });

    // Act
    service.start();
    await clock.advance(MINUTE);
    const listed = service.list();

    // Assess
    expect(listed).toEqual([
      expect.objectContaining({ kind: 'schedule', name: 'expire-orders', timezone: 'Europe/Paris', state: 'ENABLED', nextFireTime: '2026-01-01T02:00:00Z' }),
      expect.not.objectContaining({ nextFireTime: expect.anything() }),
      expect.objectContaining({ kind: 'rule', name: 'nightly-report', groupName: 'default', timezone: 'UTC', nextFireTime: '2026-01-01T01:00:00Z' }),
    ]);
    expect(listed[1]).toMatchObject({ name: 'paused', state: 'DISABLED' });
  });

  it('runs a one-time schedule once and deletes it when ActionAfterCompletion is DELETE', async () => {
    // Prepare
    const { clock, service, lambdaCalls, ofType } = harness({
      schedules: [
        scheduleSpec({ name: 'once-deleted', expression: 'at(2026-01-01T09:30:00)', timezone: 'Europe/Paris', actionAfterCompletion: 'DELETE' }),
        scheduleSpec({ name: 'once-kept', expression: 'at(2026-01-01T00:45:00)' }),
      ],
    });

    // Act
    service.start();
    await clock.advance(24 * 60 * MINUTE);
    await service.drained();

    // Assess
    expect(ofType('fired').map(({ name, scheduledTime }) => ({ name, scheduledTime }))).toEqual([
      { name: 'once-kept', scheduledTime: '2026-01-01T00:45:00Z' },
      { name: 'once-deleted', scheduledTime: '2026-01-01T08:30:00Z' },
    ]);
    expect(lambdaCalls).toHaveLength(2);
    expect(ofType('completed').map(({ name, actionAfterCompletion }) => ({ name, actionAfterCompletion }))).toEqual([
      { name: 'once-kept', actionAfterCompletion: 'NONE' },
      { name: 'once-deleted', actionAfterCompletion: 'DELETE' },
    ]);
    expect(service.list()).toEqual([expect.objectContaining({ name: 'once-kept', lastFireTime: '2026-01-01T00:45:00Z' })]);
    expect(service.list()[0]).not.toHaveProperty('nextFireTime');
  });

  it('fires a one-time schedule weeks ahead at its time, not when a timer would overflow', async () => {
    // Prepare
    const { clock, service, ofType } = harness({ schedules: [scheduleSpec({ expression: 'at(2026-02-10T12:00:00)' })] });

    // Act
    service.start();
    await clock.advance(40 * 24 * 60 * MINUTE);
    const beforeItsTime = ofType('fired').length;
    await clock.advance(12 * 60 * MINUTE);

    // Assess
    expect(beforeItsTime).toBe(0);
    expect(ofType('fired').map((fired) => ({ scheduledTime: fired.scheduledTime, at: fired.at }))).toEqual([
      { scheduledTime: '2026-02-10T12:00:00Z', at: Date.UTC(2026, 1, 10, 12) },
    ]);
  });

  it('does not fire a one-time schedule whose time passed before start', async () => {
    // Prepare
    const { clock, service, lambdaCalls } = harness({ schedules: [scheduleSpec({ expression: 'at(2025-12-31T23:00:00)' })] });

    // Act
    service.start();
    await clock.advance(60 * MINUTE);

    // Assess
    expect(lambdaCalls).toEqual([]);
  });
});

describe('SchedulerService configuration', () => {
  it('refuses invalid schedules and scheduled rules, naming each', () => {
    // Prepare
    const topology = {
      schedules: [scheduleSpec({ name: 'bad-cron', expression: 'cron(0 12 * * * *)' }), scheduleSpec({ name: 'bad-zone', timezone: 'Europe/Atlantis' })],
      rules: [scheduledRuleSpec({ name: 'bad-rate', scheduleExpression: 'rate(1 hours)' })],
    };

    // Act
    const building = () => harness(topology);

    // Assess
    expect(building).toThrow(SchedulerConfigError);
    expect(building).toThrow(
      [
        'Invalid schedules:',
        "  - schedule default/bad-cron: cron(0 12 * * * *): day-of-month and day-of-week cannot both be specified: use '?' in one of them",
        '  - schedule default/bad-zone: ScheduleExpressionTimezone "Europe/Atlantis": not a time zone name (expected an IANA name such as Europe/Paris)',
        '  - rule default/bad-rate: rate(1 hours): use the singular "hour" with a value of 1',
      ].join('\n'),
    );
  });

  it('refuses targets the runtime gave no dispatcher for', () => {
    // Prepare
    const topology = { schedules: [scheduleSpec({ target: { deadLetterArn: DLQ_ARN } })], rules: [scheduledRuleSpec()] };

    // Act
    const building = () => harness(topology, { dispatch: {} });

    // Assess
    expect(building).toThrow('schedule default/expire-orders: its lambda target needs dispatch.lambda');
    expect(building).toThrow('schedule default/expire-orders: its dead-letter queue needs dispatch.sqs');
    expect(building).toThrow('rule default/nightly-report: scheduled rules need dispatch.rule to reach their targets');
  });
});
