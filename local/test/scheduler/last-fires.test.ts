import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../clock.ts';
import { FileLastFireStore, SchedulerService, type SchedulerScheduleSpec } from '../../scheduler/index.ts';
import { ACCOUNT, activityLog, recordingDispatch, REGION, scheduleSpec } from './support/schedules.ts';

const START = Date.UTC(2026, 0, 1, 0, 0, 0);
const MINUTE = 60_000;

describe('SchedulerService with kept last fire times (--persist)', () => {
  let dir: string;
  const services: SchedulerService[] = [];
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'eventful-schedules-'));
  });
  afterEach(async () => {
    await Promise.all(services.splice(0).map((service) => service.stop()));
    rmSync(dir, { recursive: true, force: true });
  });

  function run(clock: ManualClock, schedule: SchedulerScheduleSpec) {
    const log = activityLog();
    const service = new SchedulerService(
      { schedules: [schedule] },
      {
        accountId: ACCOUNT,
        region: REGION,
        clock,
        dispatch: recordingDispatch().dispatch,
        onActivity: log.onActivity,
        lastFires: new FileLastFireStore(join(dir, 'last-fires.json')),
      },
    );
    services.push(service);
    service.start();
    return { service, fired: () => log.ofType('fired').map((fired) => fired.scheduledTime) };
  }

  it('continues a rate series after a restart instead of firing again at start', async () => {
    // Prepare: rate(10 minutes) fires at 00:00 and 00:10, then the runtime stops at 00:12.
    const clock = new ManualClock(START);
    const spec = scheduleSpec({ expression: 'rate(10 minutes)' });
    const first = run(clock, spec);
    await clock.advance(12 * MINUTE);
    await first.service.stop();

    // Act: restarted at 00:15, runs until 00:31.
    await clock.advance(3 * MINUTE);
    const second = run(clock, spec);
    await clock.advance(16 * MINUTE);
    await second.service.drained();

    // Assess
    expect(first.fired()).toEqual(['2026-01-01T00:00:00Z', '2026-01-01T00:10:00Z']);
    expect(second.fired()).toEqual(['2026-01-01T00:20:00Z', '2026-01-01T00:30:00Z']);
  });

  it('does not fire a one-time schedule again after a restart', async () => {
    // Prepare
    const clock = new ManualClock(START);
    const spec = scheduleSpec({ expression: 'at(2026-01-01T00:05:00)' });
    const first = run(clock, spec);
    await clock.advance(6 * MINUTE);
    await first.service.stop();

    // Act
    const second = run(clock, spec);
    await clock.advance(60 * MINUTE);

    // Assess
    expect([first.fired(), second.fired()]).toEqual([['2026-01-01T00:05:00Z'], []]);
    expect(second.service.list()[0]).toMatchObject({ lastFireTime: '2026-01-01T00:05:00Z' });
  });
});
