import { describeSoakReport, writeSoakReport } from './report.ts';
import { parseSoakOptions, SOAK_USAGE } from './options.ts';
import { runSoak } from './soak.ts';

/*
 * `npm run soak [-- --orders N --activity N --rate R --seed N …]`: the whole app under chaos, its invariants
 * checked from the stores. Prints the table and `N passed, M failed`, writes the report (soak-report.json), and
 * exits 1 when an invariant failed (a fault kind never injected is one).
 */
let options;
try {
  options = parseSoakOptions(process.argv.slice(2));
} catch (error) {
  console.error(`${error instanceof Error ? error.message : String(error)}\n\n${SOAK_USAGE}`);
  process.exit(2);
}
const started = Date.now();
const report = await runSoak(options, (line) => console.error(`[soak +${((Date.now() - started) / 1000).toFixed(0)} s] ${line}`));
writeSoakReport(report, options.reportPath);
for (const line of describeSoakReport(report)) console.log(line);
process.exit(report.failed > 0 ? 1 : 0);
