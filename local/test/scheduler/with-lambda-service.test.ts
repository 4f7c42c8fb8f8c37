import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { LambdaService, type FunctionLogLine } from '../../lambda/index.ts';
import { SchedulerService } from '../../scheduler/index.ts';
import { fixtureApp } from '../lambda/support/fixture-app.ts';
import { ACCOUNT, REGION, scheduleSpec } from './support/schedules.ts';

const app = fixtureApp();
afterAll(() => app.remove());

const stops: (() => Promise<void>)[] = [];
afterEach(async () => {
  await Promise.all(stops.splice(0).map((stop) => stop()));
});

const LOGS_EVENT = `export const handler = async (event) => { console.log(JSON.stringify(event)); };`;

describe('Scheduler with the local Lambda service', () => {
  it('invokes the bundled function asynchronously with the rendered Input', async () => {
    // Prepare
    const fn = app.bundle('scheduled-job', { 'index.mjs': LOGS_EVENT });
    const logs: FunctionLogLine[] = [];
    const lambda = new LambdaService([fn], {
      endpointUrl: 'http://127.0.0.1:9',
      region: REGION,
      accountId: ACCOUNT,
      deliver: async () => {},
      onLog: (line) => logs.push(line),
    });
    const scheduler = new SchedulerService(
      { schedules: [scheduleSpec({ target: { arn: fn.arn, input: '{"job":"expire","schedule":"<aws.scheduler.schedule-arn>"}' } })] },
      { accountId: ACCOUNT, region: REGION, dispatch: { lambda } },
    );
    stops.push(async () => {
      await scheduler.stop();
      await lambda.stop();
    });

    // Act
    const { outcome } = scheduler.fireNow('expire-orders');

    // Assess
    await expect(outcome).resolves.toEqual({ status: 'delivered', attempts: 1 });
    await vi.waitFor(() => expect(logs.some((line) => line.message.includes('"job":"expire"'))).toBe(true), { timeout: 10_000 });
    const logged = logs.find((line) => line.message.includes('"job":"expire"'));
    expect(JSON.parse(logged?.message.trim().split('\t').at(-1) ?? '{}')).toEqual({ job: 'expire', schedule: scheduleSpec().arn });
  });
});
