import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compilePattern, RuleSet } from '../../eventbridge/patterns/index.ts';

/**
 * The RuleSet's state machine (shared steps, value indexes, numeric range index, array consistency checked at the
 * end) against the plainest matching there is: each pattern compiled on its own and tried on the event. Patterns and
 * events draw from one small vocabulary of fields and values, so that most patterns match some events.
 */

const STRINGS = ['a', 'ab', 'abc', 'b', 'B', 'ba', '', '10.0.0.1', '10.0.1.1'];
const NUMBERS = [-3, 0, 1, 2.5, 100, 1e3];
const scalar = fc.oneof(fc.constantFrom(...STRINGS), fc.constantFrom(...NUMBERS), fc.constantFrom(true, false, null));
const text = fc.constantFrom(...STRINGS.filter((value) => value !== ''));
const number = fc.constantFrom(...NUMBERS);

const matcher = fc.oneof(
  scalar,
  text.map((value) => ({ prefix: value })),
  text.map((value) => ({ prefix: { 'equals-ignore-case': value } })),
  text.map((value) => ({ suffix: value })),
  text.map((value) => ({ 'equals-ignore-case': value })),
  fc.constantFrom('a*', '*b', 'a*c', 'b*', '*', 'ab').map((value) => ({ wildcard: value })),
  fc.tuple(fc.constantFrom('>', '>=', '<', '<=', '='), number).map(([operator, value]) => ({ numeric: [operator, value] })),
  fc
    .tuple(fc.constantFrom('>', '>='), fc.constantFrom('<', '<='), fc.integer({ min: -5, max: 50 }), fc.integer({ min: 1, max: 60 }))
    .map(([lower, upper, from, width]) => ({ numeric: [lower, from, upper, from + width] })),
  fc.boolean().map((value) => ({ exists: value })),
  fc
    .oneof(
      fc.array(text, { minLength: 1, maxLength: 2 }),
      fc.array(number, { minLength: 1, maxLength: 2 }),
      text.map((value) => ({ prefix: value })),
      text.map((value) => ({ suffix: value })),
    )
    .map((value) => ({ 'anything-but': value })),
  fc.constant({ cidr: '10.0.0.0/24' }),
);

const PATHS = [
  ['source'],
  ['detail-type'],
  ['detail', 'a'],
  ['detail', 'b'],
  ['detail', 'items', 'x'],
  ['detail', 'items', 'y'],
  // Names Object.prototype has: an event without them must not be read as having them.
  ['detail', 'constructor'],
  ['detail', 'toString', 'x'],
] as const;

/** A pattern object from `[path, value list]` pairs. */
function nest(fields: readonly (readonly [readonly string[], unknown[]])[]): Record<string, unknown> {
  const pattern: Record<string, unknown> = {};
  for (const [path, values] of fields) {
    let node = pattern;
    for (const name of path.slice(0, -1)) node = (node[name] ??= {}) as Record<string, unknown>;
    node[path[path.length - 1] as string] = values;
  }
  return pattern;
}

const conjunction = fc
  .uniqueArray(fc.tuple(fc.constantFrom(...PATHS), fc.array(matcher, { minLength: 1, maxLength: 3 })), {
    minLength: 1,
    maxLength: 3,
    selector: ([path]) => path.join('.'),
  })
  .map(nest);

const pattern = fc.oneof(
  { weight: 4, arbitrary: conjunction },
  { weight: 1, arbitrary: fc.array(conjunction, { minLength: 2, maxLength: 3 }).map((branches) => ({ $or: branches })) },
);

const valueOrArray = fc.oneof({ weight: 4, arbitrary: scalar }, { weight: 1, arbitrary: fc.array(scalar, { maxLength: 3 }) });
const item = fc.record({ x: valueOrArray, y: valueOrArray }, { requiredKeys: [] });
const event = fc.record({
  source: fc.constantFrom(...STRINGS),
  'detail-type': valueOrArray,
  detail: fc.record({ a: valueOrArray, b: valueOrArray, items: fc.array(item, { maxLength: 3 }) }, { requiredKeys: [] }),
});

/** The patterns EventBridge accepts among the generated ones, by id. */
function validPatterns(patterns: readonly unknown[]): [string, unknown][] {
  const valid: [string, unknown][] = [];
  patterns.forEach((candidate, i) => {
    try {
      compilePattern(candidate);
      valid.push([`rule-${i}`, candidate]);
    } catch {
      // An invalid combination (e.g. a wildcard too complex): RuleSet.add would refuse it too.
    }
  });
  return valid;
}

/**
 * The same event spelled other ways the flattening must read alike or tell apart: nested names joined with dots
 * (`{"detail.a": 1}` is `{"detail": {"a": 1}}`, also inside arrays of objects), and objects whose prototype has
 * enumerable properties of its own (for-in lists them; they are not the event's).
 */
const respelled = fc
  .tuple(event, fc.constantFrom('nested', 'dotted detail', 'dotted items', 'inherited', 'reordered'), scalar)
  .map(([base, spelling, inherited]): Record<string, unknown> => {
    const detail = base.detail as Record<string, unknown>;
    switch (spelling) {
      case 'reordered': {
        // The names of each object listed in reverse: the flattening remembers the order of the last object's names.
        const items = ((detail.items ?? []) as Record<string, unknown>[]).map(reversed);
        return reversed({ ...base, detail: reversed({ ...detail, ...(detail.items ? { items } : {}) }) });
      }
      case 'dotted detail': {
        const { detail: _, ...rest } = base;
        return { ...rest, ...Object.fromEntries(Object.entries(detail).map(([name, value]) => [`detail.${name}`, value])) };
      }
      case 'dotted items': {
        const items = (detail.items ?? []) as Record<string, unknown>[];
        const { items: _, ...others } = detail;
        return { ...base, detail: { ...others, items: items.map((item) => ({ ...item, 'toString.x': item.x })) } };
      }
      case 'inherited': {
        const withPrototype = Object.create({ a: inherited, constructor: inherited }) as Record<string, unknown>;
        return { ...base, detail: Object.assign(withPrototype, detail) };
      }
      default:
        return { ...base, detail: { ...detail, toString: { x: inherited } } };
    }
  });

/** The same object with its names listed in reverse order. */
function reversed(object: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(object).reverse());
}

describe('RuleSet against each pattern tried on its own', () => {
  it('matches exactly the rules whose pattern matches, in the order they were added', () => {
    agreesOn(event);
  });

  it('agrees on events with dotted field names, names Object.prototype has, inherited properties, and names in another order', () => {
    agreesOn(respelled);
  });

  it('agrees after rules are removed and added again', () => {
    fc.assert(
      fc.property(fc.array(pattern, { minLength: 2, maxLength: 30 }), fc.array(fc.nat(), { maxLength: 15 }), event, (patterns, removals, candidate) => {
        // Prepare
        const rules = validPatterns(patterns);
        const ruleSet = new RuleSet<string>();
        for (const [id, rule] of rules) ruleSet.add(id, rule);
        const live = new Map(rules);
        for (const removal of removals) {
          const [id, rule] = rules[removal % Math.max(rules.length, 1)] ?? [];
          if (id === undefined) continue;
          if (live.has(id)) {
            ruleSet.remove(id);
            live.delete(id);
          } else {
            ruleSet.add(id, rule);
            live.set(id, rule);
          }
        }

        // Act
        const matched = ruleSet.match(candidate);

        // Assess
        const expected = [...live].filter(([, rule]) => compilePattern(rule)(candidate)).map(([id]) => id);
        expect(matched).toEqual(expected);
      }),
      { numRuns: 300 },
    );
  });
});

/** RuleSet matches exactly the rules whose pattern `compilePattern` matches, in the order they were added. */
function agreesOn(events: fc.Arbitrary<Record<string, unknown>>): void {
  fc.assert(
    fc.property(fc.array(pattern, { minLength: 1, maxLength: 40 }), fc.array(events, { minLength: 1, maxLength: 10 }), (patterns, candidates) => {
      // Prepare
      const rules = validPatterns(patterns);
      const ruleSet = new RuleSet<string>();
      for (const [id, rule] of rules) ruleSet.add(id, rule);
      const naive = rules.map(([id, rule]) => [id, compilePattern(rule)] as const);

      for (const candidate of candidates) {
        // Act
        const matched = ruleSet.match(candidate);

        // Assess
        expect(matched).toEqual(naive.filter(([, matches]) => matches(candidate)).map(([id]) => id));
      }
    }),
    { numRuns: 300 },
  );
}
