import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ALL_FAULT_KINDS } from '../../local/chaos/index.ts';
import { MEMORY_INVARIANT } from '../soak/invariants/memory.ts';
import { DEFAULT_SOAK_OPTIONS } from '../soak/options.ts';
import { describeSoakReport, writeSoakReport } from '../soak/report.ts';
import { runSoak } from '../soak/soak.ts';

/*
 * The short soak `npm test` runs (issue 8): the app, synthesized with the soak's settings (5-second windows, a
 * one-minute payment window, so windows close and orders expire during the run), on the local runtime with every
 * fault kind at 5%; 60 orders and a scaled-down mix of webhooks, CSV files, PutEvents and activity (retried with
 * their Idempotency-Key) through the public interfaces; every invariant checked from the stores (memory's only
 * reported, see below). About 3 minutes on
 * 2 shared cores (README, Reliability). `npm run soak` is the long one.
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
    // Every invariant but memory's, which compares the peak RSS after all requests with the peak by half of them:
    // with about a hundred requests, the environments still starting in the second half (a worker thread and its
    // heap each, more of them when the machine is busy) outweigh any growth per request, so at this size it
    // measures the ramp-up, not a leak (it failed one run in CI at ×1.5 while passing others at ×1.2). `npm run
    // soak` judges it at its defaults; the figure is printed here.
    expect(
      report.invariants.filter((i) => !i.passed && i.name !== MEMORY_INVARIANT),
      printed,
    ).toEqual([]);
    for (const kind of ALL_FAULT_KINDS) expect(report.injected[kind], kind).toBeGreaterThan(0);
    const memoryFailed = report.invariants.some((i) => i.name === MEMORY_INVARIANT && !i.passed) ? 1 : 0;
    expect(JSON.parse(readFileSync(reportPath, 'utf8'))).toMatchObject({ lost: 0, duplicatedEffects: 0, failed: memoryFailed });
  }, 900_000);
});
