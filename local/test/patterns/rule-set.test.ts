import { describe, expect, it } from 'vitest';
import { compileRules, RuleSet } from '../../eventbridge/patterns/index.ts';
import { eventBridgeEvent } from '../../aws/events/index.ts';

const orderPlaced = (detail: unknown = {}) => eventBridgeEvent({ source: 'eventful.orders', detailType: 'OrderPlaced', detail });
const fromSource = (source: string, detailType = 'Something Happened') => eventBridgeEvent({ source, detailType, detail: {} });

/** A RuleSet that records which rules it evaluated. */
function spiedRuleSet(): { rules: RuleSet<string>; evaluated: string[] } {
  const evaluated: string[] = [];
  return { rules: new RuleSet<string>({ onEvaluate: (id) => evaluated.push(id) }), evaluated };
}

describe('RuleSet', () => {
  it('evaluates only the rule indexed under the event source among 1000 rules', () => {
    // Prepare
    const { rules, evaluated } = spiedRuleSet();
    for (let i = 0; i < 1000; i++) rules.add(`rule-${i}`, { source: [`service-${i}`], detail: { level: [{ numeric: ['>', i] }] } });
    const event = eventBridgeEvent({ source: 'service-500', detailType: 'Reading', detail: { level: 501 } });

    // Act
    const matched = rules.match(event);

    // Assess
    expect(matched).toEqual(['rule-500']);
    expect(evaluated).toEqual(['rule-500']);
  });

  it('evaluates only the rules pinning both the source and the detail-type of the event', () => {
    // Prepare
    const { rules, evaluated } = spiedRuleSet();
    for (let i = 0; i < 1000; i++) rules.add(`rule-${i}`, { source: [`service-${i % 10}`], 'detail-type': [`Type${i % 100}`] });

    // Act
    const matched = rules.match(eventBridgeEvent({ source: 'service-3', detailType: 'Type43', detail: {} }));

    // Assess
    const expected = Array.from({ length: 10 }, (_, i) => `rule-${43 + 100 * i}`);
    expect(matched).toEqual(expected);
    expect(evaluated.sort()).toEqual([...expected].sort());
  });

  it('evaluates a rule without exact values only for events whose value starts as its prefix or wildcard requires', () => {
    // Prepare
    const { rules, evaluated } = spiedRuleSet();
    for (let i = 0; i < 100; i++) rules.add(`prefix-${i}`, { detail: { customerId: [{ prefix: `c-${i}-` }] } });
    for (let i = 0; i < 100; i++) rules.add(`wildcard-${i}`, { detail: { customerId: [{ wildcard: `c-${i}-*-vip` }] } });

    // Act
    const matched = rules.match(orderPlaced({ customerId: 'c-7-42-vip' }));

    // Assess
    expect(matched).toEqual(['prefix-7', 'wildcard-7']);
    expect(evaluated.sort()).toEqual(['prefix-7', 'wildcard-7']);
  });

  it('matches a prefix-indexed rule again once removed and added back', () => {
    // Prepare
    const rules = new RuleSet<string>();
    rules.add('vip', { detail: { customerId: [{ wildcard: 'c-*-vip' }] } });
    rules.remove('vip');
    const before = rules.match(orderPlaced({ customerId: 'c-1-vip' }));

    // Act
    rules.add('vip', { detail: { customerId: [{ wildcard: 'c-*-vip' }] } });

    // Assess
    expect(before).toEqual([]);
    expect(rules.match(orderPlaced({ customerId: 'c-1-vip' }))).toEqual(['vip']);
  });

  it('matches the rules left at a state two rules ended at, once one is removed, and none once both are', () => {
    // Prepare
    const rules = new RuleSet<string>();
    for (const id of ['first', 'second', 'third']) rules.add(id, { source: ['eventful.orders'], detail: { total: [{ numeric: ['>', 1] }] } });

    // Act
    const all = rules.match(orderPlaced({ total: 5 }));
    rules.remove('second');
    const withoutSecond = rules.match(orderPlaced({ total: 5 }));
    rules.remove('first');
    const onlyThird = rules.match(orderPlaced({ total: 5 }));
    rules.remove('third');
    const none = rules.match(orderPlaced({ total: 5 }));

    // Assess
    expect([all, withoutSecond, onlyThird, none]).toEqual([['first', 'second', 'third'], ['first', 'third'], ['third'], []]);
  });

  it('tells apart prefixes filed under the same hash by their text', () => {
    // Prepare: "Aa" and "BB" hash alike (65 * 31 + 97 = 66 * 31 + 66), as do the wildcard beginnings.
    const rules = new RuleSet<string>();
    rules.add('prefix-Aa', { detail: { customerId: [{ prefix: 'Aa' }] } });
    rules.add('prefix-BB', { detail: { customerId: [{ prefix: 'BB' }] } });
    rules.add('wildcard-Aa', { detail: { customerId: [{ wildcard: 'Aa*' }] } });

    // Act
    const matched = [rules.match(orderPlaced({ customerId: 'BB-1' })), rules.match(orderPlaced({ customerId: 'Aa-1' }))];

    // Assess
    expect(matched).toEqual([['prefix-BB'], ['prefix-Aa', 'wildcard-Aa']]);
  });

  it('reads the fields of objects listing the same names in another order, or some of them, one event after another', () => {
    // Prepare
    const rules = new RuleSet<string>();
    rules.add('total-and-currency', { detail: { total: [5], currency: ['EUR'] } });
    const events = [
      orderPlaced({ total: 5, currency: 'EUR', customerId: 'c-1' }),
      orderPlaced({ currency: 'EUR', total: 5 }),
      orderPlaced({ customerId: 'c-1', currency: 'EUR' }),
      orderPlaced({ total: 5, customerId: 'c-1', currency: 'USD' }),
      orderPlaced({ total: 5, currency: 'EUR', customerId: 'c-1' }),
    ];

    // Act
    const matched = events.map((event) => rules.match(event));

    // Assess
    expect(matched).toEqual([['total-and-currency'], ['total-and-currency'], [], [], ['total-and-currency']]);
  });

  it('tells apart rules whose exact values differ only in where a NUL character splits them', () => {
    // Prepare
    const rules = new RuleSet<string>();
    rules.add('split-in-source', { source: ['x\u0000y'], 'detail-type': ['z'] });
    rules.add('split-in-detail-type', { source: ['x'], 'detail-type': ['y\u0000z'] });

    // Act
    const matched = [rules.match(fromSource('x', 'y\u0000z')), rules.match(fromSource('x\u0000y', 'z'))];

    // Assess
    expect(matched).toEqual([['split-in-detail-type'], ['split-in-source']]);
  });

  it('checks array consistency of a rule found through a key inside an array of objects', () => {
    // Prepare
    const rules = new RuleSet<string>();
    rules.add('sku-a-times-one', { source: ['eventful.orders'], detail: { items: { sku: ['a'], quantity: [1] } } });

    // Act
    const mixed = rules.match(
      orderPlaced({
        items: [
          { sku: 'a', quantity: 2 },
          { sku: 'b', quantity: 1 },
        ],
      }),
    );
    const same = rules.match(
      orderPlaced({
        items: [
          { sku: 'b', quantity: 2 },
          { sku: 'a', quantity: 1 },
        ],
      }),
    );

    // Assess
    expect(mixed).toEqual([]);
    expect(same).toEqual(['sku-a-times-one']);
  });

  it('indexes by detail-type when the source is not an exact value', () => {
    // Prepare
    const { rules, evaluated } = spiedRuleSet();
    for (let i = 0; i < 1000; i++) rules.add(`rule-${i}`, { source: [{ prefix: 'eventful.' }], 'detail-type': [`Type${i}`] });

    // Act
    const matched = rules.match(eventBridgeEvent({ source: 'eventful.orders', detailType: 'Type42', detail: {} }));

    // Assess
    expect(matched).toEqual(['rule-42']);
    expect(evaluated).toEqual(['rule-42']);
  });

  it('evaluates no rule reading a field the event lacks, even one without exact values', () => {
    // Prepare
    const { rules, evaluated } = spiedRuleSet();
    for (let i = 0; i < 998; i++) rules.add(`indexed-${i}`, { source: [`service-${i}`] });
    rules.add('all-but-tests', { source: [{ 'anything-but': { prefix: 'test.' } }] });
    rules.add('big-orders', { detail: { total: [{ numeric: ['>=', 1000] }] } });

    // Act
    const matched = rules.match(fromSource('unknown.service'));

    // Assess
    expect(matched).toEqual(['all-but-tests']);
    expect(evaluated).toEqual(['all-but-tests']);
  });

  it('finds the numeric conditions a value satisfies among 1000 without evaluating the others', () => {
    // Prepare
    const { rules, evaluated } = spiedRuleSet();
    for (let i = 0; i < 1000; i++) rules.add(`above-${i}`, { detail: { total: [{ numeric: ['>', i] }] } });

    // Act
    const matched = rules.match(orderPlaced({ total: 3 }));

    // Assess
    expect(matched).toEqual(['above-0', 'above-1', 'above-2']);
    expect(evaluated.sort()).toEqual(['above-0', 'above-1', 'above-2']);
  });

  it('shares the steps of rules with the same first fields, and still tells their last fields apart', () => {
    // Prepare
    const rules = new RuleSet<string>();
    rules.add('orders', { source: ['eventful.orders'] });
    rules.add('orders-placed', { source: ['eventful.orders'], 'detail-type': ['OrderPlaced'] });
    rules.add('orders-big', { source: ['eventful.orders'], detail: { total: [{ numeric: ['>', 100] }] } });
    rules.add('orders-placed-big', { source: ['eventful.orders'], 'detail-type': ['OrderPlaced'], detail: { total: [{ numeric: ['>', 100] }] } });

    // Act
    const small = rules.match(orderPlaced({ total: 5 }));
    const big = rules.match(orderPlaced({ total: 500 }));

    // Assess
    expect(small).toEqual(['orders', 'orders-placed']);
    expect(big).toEqual(['orders', 'orders-placed', 'orders-big', 'orders-placed-big']);
  });

  it('keeps matching the other rules of a shared step once one of them is removed', () => {
    // Prepare
    const rules = new RuleSet<string>();
    rules.add('placed', { source: ['eventful.orders'], 'detail-type': ['OrderPlaced'] });
    rules.add('placed-too', { source: ['eventful.orders'], 'detail-type': ['OrderPlaced'] });
    rules.add('big', { source: ['eventful.orders'], detail: { total: [{ numeric: ['>', 100] }] } });

    // Act
    rules.remove('placed');
    rules.remove('big');

    // Assess
    expect(rules.match(orderPlaced({ total: 500 }))).toEqual(['placed-too']);
  });

  it('returns more than a handful of matches in the order the rules were added, after removals', () => {
    // Prepare
    const rules = new RuleSet<string>();
    const ids = Array.from({ length: 100 }, (_, i) => `rule-${i}`);
    for (const id of [...ids].reverse()) rules.add(id, { source: ['eventful.orders'] });
    for (const id of ids.filter((_, i) => i % 3 === 0)) rules.remove(id);

    // Act
    const matched = rules.match(orderPlaced());

    // Assess
    expect(matched).toEqual([...ids].reverse().filter((_, i) => (99 - i) % 3 !== 0));
  });

  it('indexes a $or rule under the source of each alternative', () => {
    // Prepare
    const { rules, evaluated } = spiedRuleSet();
    rules.add('orders-or-payments', { $or: [{ source: ['eventful.orders'] }, { source: ['eventful.payments'] }] });
    rules.add('products', { source: ['eventful.products'] });

    // Act
    const matched = rules.match(fromSource('eventful.payments'));

    // Assess
    expect(matched).toEqual(['orders-or-payments']);
    expect(evaluated).toEqual(['orders-or-payments']);
  });

  it('does not index a $or rule by a field one alternative leaves free', () => {
    // Prepare
    const { rules, evaluated } = spiedRuleSet();
    rules.add('orders-or-anything-big', { $or: [{ source: ['eventful.orders'] }, { detail: { total: [{ numeric: ['>', 1] }] } }] });

    // Act
    const matched = rules.match(eventBridgeEvent({ source: 'eventful.payments', detailType: 'X', detail: { total: 5 } }));

    // Assess
    expect(matched).toEqual(['orders-or-anything-big']);
    expect(evaluated).toEqual(['orders-or-anything-big']);
  });

  it('finds rules indexed under any element of an array field', () => {
    // Prepare
    const rules = new RuleSet<string>();
    rules.add('by-resource', { resources: ['arn:aws:s3:::b'] });

    // Act
    const matched = rules.match(eventBridgeEvent({ source: 's', detailType: 'd', detail: {} }, { resources: ['arn:aws:s3:::a', 'arn:aws:s3:::b'] }));

    // Assess
    expect(matched).toEqual(['by-resource']);
  });

  it('does not index IP literals, which also match other spellings of the address', () => {
    // Prepare
    const rules = new RuleSet<string>();
    rules.add('loopback', { source: ['::1'] });

    // Act
    const matched = rules.match({ source: '0:0:0:0:0:0:0:1' });

    // Assess
    expect(matched).toEqual(['loopback']);
  });

  it('returns matching rules in the order they were added', () => {
    // Prepare
    const rules = new RuleSet<string>();
    rules.add('b-exact', { source: ['eventful.orders'] });
    rules.add('a-prefix', { source: [{ prefix: 'eventful.' }] });
    rules.add('c-detail-type', { 'detail-type': ['OrderPlaced'] });

    // Act
    const matched = rules.match(orderPlaced());

    // Assess
    expect(matched).toEqual(['b-exact', 'a-prefix', 'c-detail-type']);
  });

  it('replaces the pattern of a rule added again under the same id', () => {
    // Prepare
    const rules = new RuleSet<string>();
    rules.add('billing', { source: ['eventful.orders'] });

    // Act
    rules.add('billing', { source: ['eventful.payments'] });

    // Assess
    expect(rules.size).toBe(1);
    expect(rules.match(orderPlaced())).toEqual([]);
    expect(rules.match(fromSource('eventful.payments'))).toEqual(['billing']);
  });

  it('stops matching a removed rule, indexed or not', () => {
    // Prepare
    const rules = new RuleSet<string>();
    rules.add('indexed', { source: ['eventful.orders'] });
    rules.add('unindexed', { detail: { total: [{ exists: true }] } });

    // Act
    const removed = [rules.remove('indexed'), rules.remove('unindexed'), rules.remove('never-added')];

    // Assess
    expect(removed).toEqual([true, true, false]);
    expect(rules.match(orderPlaced({ total: 1 }))).toEqual([]);
    expect(rules.has('indexed')).toBe(false);
  });

  it('reads fields that only a rule added later needs', () => {
    // Prepare
    const rules = new RuleSet<string>();
    rules.add('orders', { source: ['eventful.orders'] });
    rules.match(orderPlaced({ total: 5 }));

    // Act
    rules.add('with-total', { source: ['eventful.orders'], detail: { total: [5] } });

    // Assess
    expect(rules.match(orderPlaced({ total: 5 }))).toEqual(['orders', 'with-total']);
  });

  it('checks array consistency of a rule whose fields come after the 31st field the rules read', () => {
    // Prepare: 40 rules on fields of their own, so that the employees' fields get slots past the mask's own bits
    const rules = new RuleSet<string>();
    for (let i = 0; i < 40; i++) rules.add(`filler-${i}`, { detail: { [`field${i}`]: [i] } });
    rules.add('anna-jones', { detail: { employees: { first: ['Anna'], last: ['Jones'] } } });
    const employees = (...people: [string, string][]) => orderPlaced({ employees: people.map(([first, last]) => ({ first, last })) });

    // Act
    const matched = [rules.match(employees(['Anna', 'Smith'], ['Peter', 'Jones'])), rules.match(employees(['Peter', 'Smith'], ['Anna', 'Jones']))];

    // Assess
    expect(matched).toEqual([[], ['anna-jones']]);
  });

  it('does not read an enumerable property added to Object.prototype as a field of every event', () => {
    // Prepare
    const rules = new RuleSet<string>();
    rules.add('polluted', { detail: { polluted: ['yes'] } });
    const prototype = Object.prototype as Record<string, unknown>;

    // Act
    prototype.polluted = 'yes';
    let matched: string[];
    try {
      matched = rules.match(orderPlaced({ total: 5 }));
    } finally {
      delete prototype.polluted;
    }

    // Assess
    expect(matched).toEqual([]);
  });

  it('finishes a match during which its onEvaluate hook adds rules, and matches them from the next event on', () => {
    // Prepare
    let added = false;
    const rules = new RuleSet<string>({
      onEvaluate: () => {
        if (added) return;
        added = true;
        rules.add('later-total', { source: ['eventful.orders'], detail: { total: [5] } });
        rules.add('later-type', { source: ['eventful.orders'], 'detail-type': ['OrderPlaced'] });
      },
    });
    rules.add('orders', { source: ['eventful.orders'] });
    rules.add('orders-total', { source: ['eventful.orders'], detail: { total: [{ numeric: ['>', 1] }] } });

    // Act
    const during = rules.match(orderPlaced({ total: 5 }));
    const after = rules.match(orderPlaced({ total: 5 }));

    // Assess
    expect(during).toEqual(expect.arrayContaining(['orders', 'orders-total']));
    expect(after).toEqual(['orders', 'orders-total', 'later-total', 'later-type']);
  });

  it('matches nothing for an event that is not a JSON object', () => {
    // Prepare
    const rules = new RuleSet<string>();
    rules.add('absent-field', { detail: { x: [{ exists: false }] } });

    // Act
    const matched = [rules.match('{"detail": {}}'), rules.match(null), rules.match([{ detail: {} }])];

    // Assess
    expect(matched).toEqual([[], [], []]);
  });

  it('is built from a record of patterns by name with compileRules', () => {
    // Act
    const rules = compileRules({ orders: { source: ['eventful.orders'] }, payments: { source: ['eventful.payments'] } });

    // Assess
    expect(rules.match(orderPlaced())).toEqual(['orders']);
  });

  it('takes rule objects as ids with compileRules and [id, pattern] pairs', () => {
    // Prepare
    const billing = { name: 'billing', target: 'queue' };

    // Act
    const rules = compileRules([[billing, { 'detail-type': ['OrderPlaced'] }] as const]);

    // Assess
    expect(rules.match(orderPlaced())).toEqual([billing]);
  });
});
