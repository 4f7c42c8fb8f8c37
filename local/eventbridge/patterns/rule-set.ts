import { CompiledPattern } from './compile-pattern.ts';
import { type FlatEvent, flattenEvent } from './flatten-event.ts';
import { isJsonObject } from './json-token.ts';
import { parsePattern } from './parse-pattern.ts';
import type { ParsedPattern } from './types.ts';

/** Options of a RuleSet. */
export interface RuleSetOptions<Id> {
  /**
   * Called each time a rule's pattern is evaluated against an event. Rules excluded by the index are not evaluated:
   * a hook for tests and metrics.
   */
  readonly onEvaluate?: (id: Id) => void;
}

interface Entry<Id> {
  readonly id: Id;
  readonly order: number;
  readonly pattern: CompiledPattern;
  readonly index: IndexKey | undefined;
}

interface IndexKey {
  readonly path: string;
  readonly values: readonly string[];
}

// Fields every well-formed EventBridge rule names with exact strings, tried first when choosing an index.
const PREFERRED_INDEX_PATHS = ['source', 'detail-type'];

/**
 * Many rules, matched against one event at a time, staying fast as rules grow.
 *
 * Each rule is indexed by one field it pins to exact strings in every `$or` branch (`source` if it can, else
 * `detail-type`, else another), so an event is only evaluated against the rules indexed under its own values
 * plus the few rules that cannot be indexed. The event is flattened once for all of them.
 *
 * @example
 * const rules = new RuleSet<string>();
 * rules.add('orders-to-billing', { source: ['eventful.orders'], 'detail-type': ['OrderPlaced'] });
 * rules.add('everything-but-tests', { source: [{ 'anything-but': { prefix: 'test.' } }] });
 * rules.match({ source: 'eventful.orders', 'detail-type': 'OrderPlaced', detail: {} });
 * // ['orders-to-billing', 'everything-but-tests']
 */
export class RuleSet<Id = string> {
  readonly #entries = new Map<Id, Entry<Id>>();
  readonly #index = new Map<string, Map<string, Set<Entry<Id>>>>();
  readonly #unindexed = new Set<Entry<Id>>();
  readonly #onEvaluate: ((id: Id) => void) | undefined;
  #prefixes: Set<string> | undefined;
  #order = 0;

  constructor(options: RuleSetOptions<Id> = {}) {
    this.#onEvaluate = options.onEvaluate;
  }

  get size(): number {
    return this.#entries.size;
  }

  has(id: Id): boolean {
    return this.#entries.has(id);
  }

  /**
   * Adds a rule, or replaces the pattern of the rule with this id.
   *
   * @throws InvalidEventPatternError when EventBridge would refuse the pattern (the set is left unchanged).
   */
  add(id: Id, pattern: unknown): void {
    const parsed = parsePattern(pattern);
    this.remove(id);
    const entry: Entry<Id> = { id, order: this.#order++, pattern: new CompiledPattern(parsed), index: indexKeyOf(parsed) };
    this.#entries.set(id, entry);
    if (entry.index) {
      const byValue = this.#index.get(entry.index.path) ?? new Map<string, Set<Entry<Id>>>();
      this.#index.set(entry.index.path, byValue);
      for (const value of entry.index.values) {
        const bucket = byValue.get(value) ?? new Set<Entry<Id>>();
        byValue.set(value, bucket.add(entry));
      }
    } else {
      this.#unindexed.add(entry);
    }
    this.#prefixes = undefined;
  }

  /** Removes a rule; returns whether it was there. */
  remove(id: Id): boolean {
    const entry = this.#entries.get(id);
    if (!entry) return false;
    this.#entries.delete(id);
    this.#unindexed.delete(entry);
    if (entry.index) {
      const byValue = this.#index.get(entry.index.path);
      for (const value of entry.index.values) {
        const bucket = byValue?.get(value);
        bucket?.delete(entry);
        if (bucket?.size === 0) byValue?.delete(value);
      }
      if (byValue?.size === 0) this.#index.delete(entry.index.path);
    }
    this.#prefixes = undefined;
    return true;
  }

  /** Ids of the rules whose pattern matches `event`, in the order the rules were added. */
  match(event: unknown): Id[] {
    if (!isJsonObject(event) || this.#entries.size === 0) return [];
    const flat = flattenEvent(event, this.#allPrefixes());
    const matched: Entry<Id>[] = [];
    for (const entry of this.#candidates(flat)) {
      this.#onEvaluate?.(entry.id);
      if (entry.pattern.matchesFlat(flat)) matched.push(entry);
    }
    return matched.sort((a, b) => a.order - b.order).map((entry) => entry.id);
  }

  #candidates(event: FlatEvent): Set<Entry<Id>> {
    const candidates = new Set(this.#unindexed);
    for (const [path, byValue] of this.#index) {
      for (const leaf of event.fields.get(path) ?? []) {
        if (typeof leaf.value !== 'string') continue;
        for (const entry of byValue.get(leaf.value) ?? []) candidates.add(entry);
      }
    }
    return candidates;
  }

  #allPrefixes(): Set<string> {
    this.#prefixes ??= new Set([...this.#entries.values()].flatMap((entry) => [...entry.pattern.prefixes]));
    return this.#prefixes;
  }
}

/**
 * A field usable as an index: present in every branch and matched only by exact strings there, so an event lacking
 * all of those strings at that path cannot match. Strings that are IP literals are left out: they also match other
 * spellings of the same address.
 */
function indexKeyOf(parsed: ParsedPattern): IndexKey | undefined {
  const [first, ...rest] = parsed.branches;
  if (!first) return undefined;
  const candidates = [...first.keys()].filter((path) => rest.every((branch) => branch.has(path)));
  const indexable = candidates.filter((path) =>
    parsed.branches.every((branch) =>
      (branch.get(path) ?? []).every((spec) => spec.kind === 'exact' && typeof spec.value === 'string'),
    ),
  );
  const path = PREFERRED_INDEX_PATHS.find((preferred) => indexable.includes(preferred)) ?? indexable.sort()[0];
  if (path === undefined) return undefined;
  const values = new Set<string>();
  for (const branch of parsed.branches) {
    for (const spec of branch.get(path) ?? []) if (spec.kind === 'exact' && typeof spec.value === 'string') values.add(spec.value);
  }
  return { path, values: [...values] };
}

/**
 * Builds a RuleSet from `[id, pattern]` pairs or a record of patterns by name.
 *
 * @example
 * const rules = compileRules({ billing: { source: ['eventful.orders'] } });
 * rules.match(event); // ['billing'] when event.source is 'eventful.orders'
 */
export function compileRules<Id = string>(
  rules: Iterable<readonly [Id, unknown]> | Record<string, unknown>,
  options: RuleSetOptions<Id> = {},
): RuleSet<Id> {
  const set = new RuleSet<Id>(options);
  const pairs = Symbol.iterator in rules ? (rules as Iterable<readonly [Id, unknown]>) : (Object.entries(rules) as [Id, unknown][]);
  for (const [id, pattern] of pairs) set.add(id, pattern);
  return set;
}
