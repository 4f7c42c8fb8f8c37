/**
 * `npm run bench [-- --only <text>] [-- --skip <text>]`: measures our code against baselines run in the same
 * process, prints a table and writes `bench/results.json`. Exits non-zero only when a benchmark crashes: slowness
 * is reported, never failed on. `--only` / `--skip` select suites whose name contains the text.
 */
import { availableParallelism, cpus } from 'node:os';
import { relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { formatTable } from './format-table.ts';
import { runSuites } from './run-suites.ts';
import { catalogValidationComparisons } from './suites/catalog-validation.ts';
import { coldStartComparisons } from './suites/cold-start.ts';
import { eventPatternComparisons } from './suites/event-patterns.ts';
import { flowLatencyComparisons } from './suites/flow-latency.ts';
import { localPublishingComparisons } from './suites/local-publishing.ts';
import { localRuntimeComparisons } from './suites/local-runtime.ts';
import { publishingComparisons } from './suites/publishing.ts';
import { startComparisons } from './suites/start.ts';
import { streamAggregationComparisons } from './suites/stream-aggregation.ts';
import type { Suite } from './types.ts';
import { RESULTS_FILE, writeResults } from './write-results.ts';

const SUITES: Suite[] = [
  { name: 'event patterns', comparisons: eventPatternComparisons },
  { name: 'publishing', comparisons: publishingComparisons },
  { name: 'stream aggregation', comparisons: streamAggregationComparisons },
  { name: 'publishing to the local endpoint', comparisons: localPublishingComparisons },
  { name: 'catalog validation', comparisons: catalogValidationComparisons },
  { name: 'local runtime', comparisons: localRuntimeComparisons },
  { name: 'cold start', comparisons: coldStartComparisons },
  { name: 'npm start', comparisons: startComparisons },
  { name: 'flow latency', comparisons: flowLatencyComparisons },
];

const { values } = parseArgs({ options: { only: { type: 'string', multiple: true }, skip: { type: 'string', multiple: true } } });
const matches = (suite: Suite, texts: readonly string[]) => texts.some((text) => suite.name.toLowerCase().includes(text.toLowerCase()));
const selected = SUITES.filter((suite) => (!values.only || matches(suite, values.only)) && !matches(suite, values.skip ?? []));

const started = Date.now();
process.stderr.write(`Node ${process.version}, ${availableParallelism()} × ${cpus()[0]?.model ?? 'unknown CPU'}\n`);
const outcome = await runSuites(selected, (stage, name) => process.stderr.write(`${stage} ${name} …\n`));

await writeResults(outcome.results);
process.stdout.write(`\n${formatTable(outcome.results)}\n\n`);
process.stdout.write(
  `${outcome.results.length} results in ${relative(process.cwd(), fileURLToPath(RESULTS_FILE))} (${((Date.now() - started) / 1000).toFixed(0)} s)\n`,
);
for (const skipped of outcome.skipped) process.stdout.write(`skipped: ${skipped.message}\n`);
for (const { benchmark, error } of outcome.failures) {
  process.stderr.write(`FAILED ${benchmark}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
}
if (outcome.failures.length > 0) process.exitCode = 1;
