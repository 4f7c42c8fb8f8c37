import { compilePattern, compileRules, type PatternMatcher, type RuleSet } from '../../local/eventbridge/patterns/index.ts';
import { syntheticEvents, syntheticRules } from '../fixtures/synthetic-bus.ts';
import { type Goal, ratioAtLeast, reported, throughputAtLeast } from '../goals.ts';
import type { Comparison } from '../types.ts';

const EVENTS = syntheticEvents(64);
/**
 * The same events from a source and of a detail-type no synthetic rule names: what the rules an event does not match
 * cost, apart from the ones it does (on the bus, an event matches about 10 of 1,000 rules and 100 of 10,000).
 */
const UNNAMED_EVENTS = EVENTS.map((event) => ({ ...event, source: 'eventful.unnamed', 'detail-type': 'NothingNamedHappened' }));
const THROUGHPUT = { kind: 'throughput', itemsPerCall: EVENTS.length, unit: 'events/s' } as const;

/** Issue 9, goal 2: at least 250,000 events/s at 1,000 rules, at most 3 times the cost of 1 rule; 10,000 reported. */
const SCALING_GOALS: readonly (readonly [rules: number, goal: Goal])[] = [
  [1000, throughputAtLeast(250_000, 'events/s', { atLeast: 1 / 3, says: 'at most 3 times the cost of 1 rule (ratio at least 0.33)' })],
  [10_000, reported('how the cost grows past 1,000 rules')],
];

/**
 * The local EventBridge's rule matching (`RuleSet`: one state machine over the rules' fields, the event flattened
 * once for all rules), against the same patterns compiled one by one and each tried on every event, at 10, 100 and
 * 1000 rules; and the RuleSet at 1,000 and 10,000 rules against 1 rule, which shows how its cost grows with the rules.
 */
export function eventPatternComparisons(): Comparison[] {
  const byRuleCount = [10, 100, 1000].map((count): Comparison => {
    const patterns = syntheticRules(count);
    const ruleSet = compileRules(patterns);
    const matchers = Object.entries(patterns).map(([id, pattern]): [string, PatternMatcher] => [id, compilePattern(pattern)]);
    const matchAll = () => EVENTS.map((event) => ruleSet.match(event));
    const matchEach = () => EVENTS.map((event) => matchers.filter(([, matches]) => matches(event)).map(([id]) => id));
    return {
      name: `event patterns, ${count} rules`,
      ...ratioAtLeast(1, 'faster than trying each pattern in turn (ratio above 1)'),
      measure: THROUGHPUT,
      subject: { name: 'RuleSet.match', run: matchAll },
      baseline: { name: 'each compilePattern in turn', run: matchEach },
      verify: () => assertSameMatches(matchAll(), matchEach()),
    };
  });

  const [first] = Object.entries(syntheticRules(1));
  const single = compileRules(first ? [first] : []);
  const scaling = SCALING_GOALS.map(([count, goal]): Comparison => {
    const large = compileRules(syntheticRules(count));
    return {
      name: `event patterns, RuleSet ${count.toLocaleString('en')} vs 1 rule`,
      ...goal,
      measure: THROUGHPUT,
      subject: {
        name: `RuleSet.match, ${count.toLocaleString('en')} rules (${matchesPerEvent(large, EVENTS)} matches an event)`,
        run: () => EVENTS.map((event) => large.match(event)),
      },
      baseline: { name: `RuleSet.match, 1 rule (${matchesPerEvent(single, EVENTS)} matches an event)`, run: () => EVENTS.map((event) => single.match(event)) },
    };
  });
  const unmatched = compileRules(syntheticRules(1000));
  const unnamed: Comparison = {
    name: 'event patterns, RuleSet 1,000 vs 1 rule, events from a source no rule names',
    ...reported('what the rules an event does not match cost (the bus entry above adds the ones it matches)'),
    measure: THROUGHPUT,
    subject: {
      name: `RuleSet.match, 1,000 rules (${matchesPerEvent(unmatched, UNNAMED_EVENTS)} matches an event)`,
      run: () => UNNAMED_EVENTS.map((event) => unmatched.match(event)),
    },
    baseline: { name: 'RuleSet.match, 1 rule', run: () => UNNAMED_EVENTS.map((event) => single.match(event)) },
  };
  return [...byRuleCount, ...scaling, unnamed, ...hostilePatternComparisons()];
}

/** Linear matching: a hostile pattern against the largest value costs milliseconds, never seconds. */
const HOSTILE_MAX_MS = 250;
const HOSTILE_GOAL: Goal = {
  goal: `at most ${HOSTILE_MAX_MS} ms a match (linear in the value; issue 13's regular expression took 65 s)`,
  meets: (result) => result.value <= HOSTILE_MAX_MS,
};

/** A value as large as one event may be, and a pattern as long as the pattern text allows. */
const HUGE_VALUE = 'a'.repeat(256 * 1024);
const LONG_TEXT = `${'a'.repeat(4_000)}b`;
const DISTINCT_TEXT = Array.from({ length: 4_000 }, (_, i) => String.fromCharCode(0x4e00 + i)).join('');

/**
 * Patterns chosen to be slow (issue 13: a 4,000-character `suffix` + `equals-ignore-case` against a 256 KB value took
 * 65 s as a regular expression): each against the case-sensitive `suffix` of the same text on the same value, which
 * reads the value's end only. Linear matching keeps the two within a small factor; a regression shows as seconds.
 */
function hostilePatternComparisons(): Comparison[] {
  const plainSuffix = compilePattern({ detail: { text: [{ suffix: LONG_TEXT }] } });
  const event = { source: 'bench', 'detail-type': 'hostile', detail: { text: HUGE_VALUE } };
  const hostile: [string, unknown, unknown][] = [
    ['equals-ignore-case suffix', { suffix: { 'equals-ignore-case': LONG_TEXT } }, HUGE_VALUE],
    ['equals-ignore-case prefix', { prefix: { 'equals-ignore-case': LONG_TEXT } }, HUGE_VALUE],
    ['anything-but equals-ignore-case', { 'anything-but': { 'equals-ignore-case': LONG_TEXT } }, HUGE_VALUE],
    ['wildcard with a 4,000-character segment', { wildcard: `*${DISTINCT_TEXT}*` }, DISTINCT_TEXT.slice(0, -1).repeat(64)],
    ['cidr against a run of colons', { cidr: '10.0.0.0/24' }, `${':'.repeat(256 * 1024)}g`],
  ];
  return hostile.map(([name, matcher, value]): Comparison => {
    const matches = compilePattern({ detail: { text: [matcher] } });
    const hostileEvent = { ...event, detail: { text: value } };
    return {
      name: `event patterns, hostile: ${name} against a 256 KB value`,
      ...HOSTILE_GOAL,
      measure: { kind: 'duration' },
      subject: { name, run: () => matches(hostileEvent) },
      baseline: { name: 'case-sensitive suffix of 4,000 characters', run: () => plainSuffix(event) },
    };
  });
}

/** The average number of rules an event matches, for the entry's subject name. */
function matchesPerEvent(rules: RuleSet<string>, events: readonly Record<string, unknown>[]): string {
  const matched = events.reduce((sum, event) => sum + rules.match(event).length, 0);
  return (matched / events.length).toLocaleString('en', { maximumFractionDigits: 1 });
}

function assertSameMatches(actual: string[][], expected: string[][]): void {
  const matched = expected.reduce((sum, ids) => sum + ids.length, 0);
  if (JSON.stringify(actual) !== JSON.stringify(expected)) throw new Error('RuleSet.match and compilePattern disagree on the synthetic events');
  if (matched === 0) throw new Error('No synthetic event matches any rule: the benchmark would only measure rejections');
}
