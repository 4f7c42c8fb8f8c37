import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ALL_FAULT_KINDS } from '../../local/chaos/index.ts';
import { DEFAULT_SOAK_OPTIONS } from '../soak/options.ts';
import { describeSoakReport, writeSoakReport } from '../soak/report.ts';
import { runSoak } from '../soak/soak.ts';
import { sharedAssembly } from './support/shared-assembly.ts';

/*
 * The short soak `npm test` runs (issue 8): the app on the local runtime with every fault kind at 5%, a few hundred
 * orders and a scaled-down mix of webhooks, CSV files, PutEvents and activity through the public interfaces; every
 * invariant checked from the stores. `npm run soak` is the long one.
 */
describe('soak under chaos (short)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'eventful-soak-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('keeps every invariant with every fault kind injected', async () => {
    // Prepare
    const reportPath = join(dir, 'soak-report.json');
    const options = {
      ...DEFAULT_SOAK_OPTIONS,
      orders: 300,
      activity: 5_000,
      webhooks: 80,
      csvFiles: 3,
      seed: 8,
      reportPath,
      assemblyDir: await sharedAssembly(),
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
  }, 600_000);
});
