import { afterEach, describe, expect, it } from 'vitest';
import { scheduleRuntimeRules } from '../../runtime/index.ts';
import { SchedulerService } from '../../scheduler/index.ts';
import { call } from '../eventbridge/support/call.ts';
import { harness } from '../eventbridge/support/harness.ts';
import { BILLING_FUNCTION, topology } from '../eventbridge/support/topology.ts';
import { DEFAULT_ACCOUNT as TEST_ACCOUNT, DEFAULT_REGION as TEST_REGION } from '../../aws/events/index.ts';

const MINUTE = 60_000;

/**
 * A rule put at runtime with a ScheduleExpression fires, as on AWS, not only the template's: the EventBridge
 * service and the scheduler wired as the runtime wires them, on one ManualClock.
 */
describe('scheduled rules created at runtime', () => {
  const stops: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const stop of stops.splice(0)) await stop();
  });

  function runtime() {
    const bus = harness(topology());
    const scheduler = new SchedulerService(
      { rules: [] },
      {
        accountId: TEST_ACCOUNT,
        region: TEST_REGION,
        clock: bus.clock,
        dispatch: { rule: async (rule) => bus.service.fireScheduledRule(rule.name, rule.eventBusName) },
      },
    );
    const unsubscribe = scheduleRuntimeRules(bus.service, scheduler);
    scheduler.start();
    stops.push(async () => {
      unsubscribe();
      await scheduler.stop();
      await bus.service.stop();
    });
    return { ...bus, scheduler };
  }

  const scheduledEventsTo = (bus: ReturnType<typeof harness>) => bus.jsonTo(BILLING_FUNCTION) as { 'detail-type': string; time: string }[];

  it('fires a rule put with rate(5 minutes) every five minutes from its creation', async () => {
    // Prepare
    const bus = runtime();
    await call(bus.service, 'PutRule', { Name: 'sweep', ScheduleExpression: 'rate(5 minutes)' });
    await call(bus.service, 'PutTargets', { Rule: 'sweep', Targets: [{ Id: 'fn', Arn: BILLING_FUNCTION }] });

    // Act
    await bus.clock.advance(4 * MINUTE);
    const beforeFirstInterval = scheduledEventsTo(bus).length;
    await bus.clock.advance(6 * MINUTE);

    // Assess
    expect(beforeFirstInterval).toBe(0);
    await expect.poll(() => scheduledEventsTo(bus)).toHaveLength(2);
    expect(scheduledEventsTo(bus).map((event) => event['detail-type'])).toEqual(['Scheduled Event', 'Scheduled Event']);
    expect(bus.scheduler.list()).toMatchObject([{ kind: 'rule', name: 'sweep', groupName: 'default', expression: 'rate(5 minutes)', state: 'ENABLED' }]);
  });

  it('stops firing a rule once it is disabled, and again once deleted', async () => {
    // Prepare
    const bus = runtime();
    await bus.clock.advance(MINUTE); // off the ten-minute boundary: the rule's first time is 12:10
    await call(bus.service, 'PutRule', { Name: 'nightly', ScheduleExpression: 'cron(0/10 * * * ? *)' });
    await call(bus.service, 'PutTargets', { Rule: 'nightly', Targets: [{ Id: 'fn', Arn: BILLING_FUNCTION }] });
    await bus.clock.advance(10 * MINUTE);
    await expect.poll(() => scheduledEventsTo(bus)).toHaveLength(1);

    // Act
    await call(bus.service, 'DisableRule', { Name: 'nightly' });
    await bus.clock.advance(30 * MINUTE);
    await call(bus.service, 'EnableRule', { Name: 'nightly' });
    await bus.clock.advance(10 * MINUTE);
    await expect.poll(() => scheduledEventsTo(bus)).toHaveLength(2);
    await call(bus.service, 'RemoveTargets', { Rule: 'nightly', Ids: ['fn'] });
    await call(bus.service, 'DeleteRule', { Name: 'nightly' });
    await bus.clock.advance(30 * MINUTE);

    // Assess
    expect(scheduledEventsTo(bus)).toHaveLength(2);
    expect(bus.scheduler.list()).toEqual([]);
  });
});
