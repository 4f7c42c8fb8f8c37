import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ALL_FAULT_KINDS } from '../../local/chaos/index.ts';
import { DEFAULT_SOAK_OPTIONS } from '../soak/options.ts';
import { describeSoakReport, writeSoakReport } from '../soak/report.ts';
import { runSoak } from '../soak/soak.ts';

/*
 * The short soak `npm test` runs (issue 8): the app, synthesized with the soak's settings (5-second windows, a
 * one-minute payment window, so windows close and orders expire during the run), on the local runtime with every
 * fault kind at 5%; 60 orders and a scaled-down mix of webhooks, CSV files, PutEvents and activity (retried with
 * their Idempotency-Key) through the public interfaces; every invariant checked from the stores, and the memory
 * from the process and the engines. About 2 minutes on 2 shared cores (README, Reliability). `npm run soak` is the
 * long one.
 */
describe('soak under chaos (short)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'eventful-soak-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('keeps every invariant with every fault kind injected', async () => {
    // Prepare
    const reportPath = join(dir, 'soak-report.json');
    const options = {
      ...DEFAULT_SOAK_OPTIONS,
      orders: 60,
      activity: 3_000,
      webhooks: 20,
      csvFiles: 2,
      seed: 8,
      concurrency: 4,
      reportPath,
    };

    // Act
    const report = await runSoak(options);
    writeSoakReport(report, reportPath);

    // Assess
    const printed = describeSoakReport(report).join('\n');
    console.log(printed);
    expect(
      report.invariants.filter((i) => !i.passed),
      printed,
    ).toEqual([]);
    for (const kind of ALL_FAULT_KINDS) expect(report.injected[kind], kind).toBeGreaterThan(0);
    expect(JSON.parse(readFileSync(reportPath, 'utf8'))).toMatchObject({ lost: 0, duplicatedEffects: 0, failed: 0 });
    // Where the CPU went: every environment that started ran its init, and the threads' shares fit in the process's.
    const { cpu } = report;
    expect(cpu.functions.inits).toBeGreaterThan(0);
    expect(cpu.functions.inits).toBeLessThanOrEqual(cpu.functions.environmentsStarted);
    expect(cpu.functions.invocations).toBeGreaterThan(cpu.functions.inits);
    expect(cpu.mainThreadMs + cpu.functions.initCpuMs + cpu.functions.invocationCpuMs).toBeLessThanOrEqual(cpu.processMs * 1.01);
  }, 900_000);
});
