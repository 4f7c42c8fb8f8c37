import { compilePattern, compileRules, type PatternMatcher } from '../../local/eventbridge/patterns/index.ts';
import { syntheticEvents, syntheticRules } from '../fixtures/synthetic-bus.ts';
import type { Comparison } from '../types.ts';

const EVENTS = syntheticEvents(64);
const THROUGHPUT = { kind: 'throughput', itemsPerCall: EVENTS.length, unit: 'events/s' } as const;

/**
 * The local EventBridge's rule matching (`RuleSet`: rules indexed by an exactly-pinned field, the event flattened
 * once for all rules), against the same patterns compiled one by one and each tried on every event, at 10, 100 and
 * 1000 rules; and the RuleSet at 1000 rules against 1 rule, which shows how its cost grows with the rules.
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
      measure: THROUGHPUT,
      subject: { name: 'RuleSet.match', run: matchAll },
      baseline: { name: 'each compilePattern in turn', run: matchEach },
      verify: () => assertSameMatches(matchAll(), matchEach()),
    };
  });

  const patterns = syntheticRules(1000);
  const large = compileRules(patterns);
  const [first] = Object.entries(patterns);
  const single = compileRules(first ? [first] : []);
  const scaling: Comparison = {
    name: 'event patterns, RuleSet 1000 vs 1 rule',
    measure: THROUGHPUT,
    subject: { name: 'RuleSet.match, 1000 rules', run: () => EVENTS.map((event) => large.match(event)) },
    baseline: { name: 'RuleSet.match, 1 rule', run: () => EVENTS.map((event) => single.match(event)) },
  };
  return [...byRuleCount, scaling];
}

function assertSameMatches(actual: string[][], expected: string[][]): void {
  const matched = expected.reduce((sum, ids) => sum + ids.length, 0);
  if (JSON.stringify(actual) !== JSON.stringify(expected)) throw new Error('RuleSet.match and compilePattern disagree on the synthetic events');
  if (matched === 0) throw new Error('No synthetic event matches any rule: the benchmark would only measure rejections');
}
