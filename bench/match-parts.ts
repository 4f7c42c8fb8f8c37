/**
 * `npx tsx bench/match-parts.ts [rounds]`: where the time of `RuleSet.match` goes on the bench's synthetic bus, part
 * by part, in CPU time per event (best of `rounds` rounds of 10 passes over the bench's 64 events, so that other
 * processes on a shared machine weigh as little as they can). For the issue 9 goal 2 analysis in the README; add
 * `node --cpu-prof` (`npx node --import tsx --cpu-prof bench/match-parts.ts`) for a profile of the same work.
 *
 * - the whole call at 1, 1,000 and 10,000 rules;
 * - the flattening alone, along the paths the 1 and the 1,000 rules read (the only part of the event a match reads);
 * - 1,000 rules on the same events sent from a source and detail-type no rule names (what the rules an event does
 *   not match cost);
 * - 1,000 rules on the first event only, over and over: the same work with the machine's states in the cache.
 */
import { EventFields, slotTree } from '../local/eventbridge/patterns/event-fields.ts';
import { compileRules } from '../local/eventbridge/patterns/index.ts';
import { syntheticEvents, syntheticRules } from './fixtures/synthetic-bus.ts';

const EVENTS = syntheticEvents(64);
const UNNAMED_EVENTS = EVENTS.map((event) => ({ ...event, source: 'eventful.unnamed', 'detail-type': 'NothingNamedHappened' }));
const [FIRST_EVENT] = EVENTS;
const [firstRule] = Object.entries(syntheticRules(1));
const one = compileRules(firstRule ? [firstRule] : []);
const thousand = compileRules(syntheticRules(1000));
const tenThousand = compileRules(syntheticRules(10_000));

/** The paths the first synthetic rule reads, and the paths the 1,000 read (the kinds of rules syntheticRules draws). */
const ONE_RULE_PATHS = ['source', 'detail-type'];
const THOUSAND_RULES_PATHS = [
  ...ONE_RULE_PATHS,
  'detail.data.total',
  'detail.data.currency',
  'detail.data.customerId',
  'detail.data.items.sku',
  'detail.metadata.version',
];
const fields = new EventFields();
const treeOf = (paths: readonly string[]) => slotTree(paths.map((path, slot) => [path, slot] as const));
const oneRuleTree = treeOf(ONE_RULE_PATHS);
const thousandRulesTree = treeOf(THOUSAND_RULES_PATHS);

const PARTS: readonly (readonly [name: string, events: readonly Record<string, unknown>[], run: (event: Record<string, unknown>) => unknown])[] = [
  ['match, 1 rule', EVENTS, (event) => one.match(event)],
  ['flatten along 1 rule (2 paths)', EVENTS, (event) => fields.fill(event, oneRuleTree)],
  ['match, 1,000 rules', EVENTS, (event) => thousand.match(event)],
  ['flatten along 1,000 rules (7 paths)', EVENTS, (event) => fields.fill(event, thousandRulesTree)],
  ['match, 1,000 rules, a source no rule names', UNNAMED_EVENTS, (event) => thousand.match(event)],
  ['match, 1,000 rules, the first event only', EVENTS, () => thousand.match(FIRST_EVENT ?? {})],
  ['match, 10,000 rules', EVENTS, (event) => tenThousand.match(event)],
];

const rounds = Number(process.argv[2] ?? 300);
const best = new Map<string, number>();
for (let round = 0; round < rounds; round++) {
  for (const [name, events, run] of PARTS) {
    const before = process.cpuUsage();
    for (let pass = 0; pass < 10; pass++) for (const event of events) run(event);
    const used = process.cpuUsage(before);
    const nanoseconds = ((used.user + used.system) * 1000) / (10 * events.length);
    best.set(name, Math.min(best.get(name) ?? Infinity, nanoseconds));
  }
}
const matchesPerEvent = EVENTS.reduce((sum, event) => sum + thousand.match(event).length, 0) / EVENTS.length;
for (const [name, nanoseconds] of best) process.stdout.write(`${name.padEnd(44)} ${nanoseconds.toFixed(0).padStart(6)} ns an event\n`);
process.stdout.write(`(1,000 rules: ${matchesPerEvent.toFixed(1)} matches an event)\n`);
