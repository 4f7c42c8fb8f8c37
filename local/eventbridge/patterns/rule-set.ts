import { matchesBranchFlat } from './compile-pattern.ts';
import { EventFields, type SlotNode, slotBit, slotTree } from './event-fields.ts';
import { compileField, type FieldMatcher } from './field-matcher.ts';
import { isJsonObject } from './json-token.ts';
import { parsePattern } from './parse-pattern.ts';
import { type Ranked, RankedList } from './ranked-matches.ts';
import type { Branch, LeafValue, MatcherSpec } from './types.ts';
import { buildValueIndex, nextPrefixHash, type Target, type TestTarget, type ValueIndex } from './value-index.ts';

/** Options of a RuleSet. */
export interface RuleSetOptions<Id> {
  /**
   * Called each time a rule reaches the end of its path through the machine for an event (every field of one of its
   * `$or` branches passed), before its array consistency is checked when the event has arrays of objects. Rules the
   * machine leaves behind on the way are never evaluated: a hook for tests and metrics.
   */
  readonly onEvaluate?: (id: Id) => void;
}

interface Entry<Id> extends Ranked {
  readonly id: Id;
  readonly branches: readonly BranchEntry<Id>[];
  /** The last `match` call that evaluated / matched this rule (stamps instead of per-event sets). */
  evaluatedIn: number;
  matchedIn: number;
}

/** One `$or` branch of a rule: a conjunction of fields, one path through the machine. */
interface BranchEntry<Id> {
  readonly entry: Entry<Id>;
  /** The branch's fields sorted by path, for checking array consistency (see matchesBranchFlat). */
  readonly fields: readonly FieldMatcher[];
  /** The slots of its fields: when none holds a value inside an array of objects, reaching its end is a match. */
  readonly slots: readonly number[];
  /** `slots` as bits, for a one-step test against the slots of an event holding values in arrays of objects. */
  readonly slotMask: number;
  /** The state its last field leads to. */
  readonly end: State<Id>;
}

/**
 * A state of the machine: where the rules sharing their first fields (field and whole value list alike) stand after
 * those fields. From it, per field, value transitions lead to the states of the rules' next fields; the branches whose
 * last field led here end here.
 */
interface State<Id> {
  readonly parent: State<Id> | undefined;
  /** The transition that leads here from the parent: field and value-list key. */
  readonly slot: number;
  readonly key: string;
  readonly fields: Map<number, FieldTransitions<Id>>;
  /**
   * `fields`' values as an array, kept in step with it: iterated for every event reaching this state. Replaced, never
   * changed in place (a match under way iterates the one it read); one shared empty array for every state without.
   */
  fieldList: readonly FieldTransitions<Id>[];
  /** The branches whose last field leads here: replaced like `fieldList`, and shared when empty. */
  ends: readonly BranchEntry<Id>[];
  /**
   * The only branch ending here, when only one does (most states): read without going through `ends`. A state reached
   * by an event is memory the event touches, and at 1,000 rules each match reached through `ends` read two more
   * objects (the array and its elements) that are rarely in the cache.
   */
  soleEnd: BranchEntry<Id> | undefined;
  /** The last `match` call that reached this state, so that a state reached through two matchers is walked once. */
  visitedIn: number;
}

/** The transitions of one state on one field: by value-list key, and their index, rebuilt before the next match after a change. */
interface FieldTransitions<Id> {
  readonly slot: number;
  readonly path: string;
  readonly byKey: Map<string, { readonly specs: readonly MatcherSpec[]; readonly state: State<Id> }>;
  index: ValueIndex<State<Id>> | undefined;
}

/** A field of a branch, in the order the machine reads it. */
interface Step {
  readonly path: string;
  readonly specs: readonly MatcherSpec[];
  readonly key: string;
}

/**
 * Many rules, matched against one event at a time, staying nearly flat as rules grow: compile once, match many, as
 * aws/event-ruler does with one state machine over field names and values.
 *
 * Each `$or` branch of each rule is a path through a machine: its fields in a fixed order (fields pinned to exact
 * values first, then the others, `exists: false` last; by path within each), each step a transition on that field's
 * value list. Branches sharing their first steps share their states, so the rules on one `source` are one transition
 * away from the start whatever their number. The event is flattened once, by slot, along the paths the rules read;
 * then the machine is walked from the start: in each state reached, each field with transitions looks up the event's
 * values there (hash maps for exact values, prefix texts, a sorted range index for numeric conditions; only
 * suffix, equals-ignore-case, anything-but and cidr are tests tried per value) and moves on to the states found. A
 * branch whose end is reached matches, unless one of its fields has values inside an array of objects: then the
 * branch is checked in full for array consistency (matchesBranchFlat), so the machine may skip nothing the pattern
 * alone would match.
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
  readonly #start: State<Id> = newState(undefined, -1, '');
  readonly #onEvaluate: ((id: Id) => void) | undefined;
  /** A slot per path any rule ever read (slots are never reused), and how many branches read it now. */
  readonly #slots = new Map<string, number>();
  readonly #readers: number[] = [];
  #tree: SlotNode | undefined;
  /** Fields whose transitions changed since the last match: their indexes are rebuilt then, once for all the adds. */
  readonly #stale = new Set<FieldTransitions<Id>>();
  readonly #event = new EventFields();
  /** The rules in the order they were added: matches are returned in that order. */
  readonly #ranked = new RankedList<Entry<Id>>();
  #matchCalls = 0;
  #matching = false;
  #matched: Entry<Id>[] = [];
  /** The states reached and not yet visited during a match (a stack, reused), and how many it holds. */
  readonly #pending: State<Id>[] = [];
  #top = 0;
  /** Bound once: handed to the numeric range index for every event. */
  readonly #enter = (state: State<Id>): void => this.#enterState(state);

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
    const branches: BranchEntry<Id>[] = [];
    const entry: Entry<Id> = { id, rank: 0, branches, evaluatedIn: 0, matchedIn: 0 };
    for (const branch of parsed.branches) {
      const steps = stepsOf(branch);
      let state = this.#start;
      for (const step of steps) state = this.#transition(state, step);
      const fields = [...branch.keys()].sort().map((path) => compileField(path, branch.get(path) ?? []));
      const slots = steps.map((step) => this.#slotOf(step.path));
      for (const slot of slots) this.#readers[slot] = (this.#readers[slot] ?? 0) + 1;
      const branchEntry: BranchEntry<Id> = { entry, fields, slots, slotMask: slotMaskOf(slots), end: state };
      setEnds(state, [...state.ends, branchEntry]);
      branches.push(branchEntry);
    }
    this.#entries.set(id, entry);
    this.#ranked.push(entry);
    this.#tree = undefined;
  }

  /** Removes a rule; returns whether it was there. */
  remove(id: Id): boolean {
    const entry = this.#entries.get(id);
    if (!entry) return false;
    this.#entries.delete(id);
    this.#ranked.delete(entry);
    for (const branch of entry.branches) {
      for (const slot of branch.slots) this.#readers[slot] = (this.#readers[slot] ?? 1) - 1;
      setEnds(
        branch.end,
        branch.end.ends.filter((end) => end !== branch),
      );
      prune(branch.end, this.#stale);
    }
    this.#tree = undefined;
    return true;
  }

  /** Ids of the rules whose pattern matches `event`, in the order the rules were added. */
  match(event: unknown): Id[] {
    if (!isJsonObject(event) || this.#entries.size === 0) return [];
    // The flattened event and the stamps are this set's own, rewritten per call: a call from the onEvaluate hook
    // would overwrite them under the call in progress.
    if (this.#matching) throw new Error('RuleSet.match was called again while matching (from its onEvaluate hook)');
    this.#matching = true;
    try {
      if (this.#stale.size > 0) this.#rebuildIndexes();
      this.#event.fill(event, this.#slotTree());
      const call = ++this.#matchCalls;
      this.#matched = [];
      // Depth-first through the machine with a stack of the states reached and not yet visited, instead of a call per
      // state: each state is pushed once per event (its stamp), and the matches are put in order at the end.
      const start = this.#start;
      start.visitedIn = call;
      const pending = this.#pending;
      pending[0] = start;
      this.#top = 1;
      while (this.#top > 0) this.#visit(pending[--this.#top] as State<Id>);
      return this.#ranked.inOrder(this.#matched, idOf);
    } finally {
      this.#matching = false;
    }
  }

  /** Schedules a state reached by the event for a visit, unless it was reached already. */
  #enterState(state: State<Id>): void {
    if (state.visitedIn === this.#matchCalls) return;
    state.visitedIn = this.#matchCalls;
    this.#pending[this.#top++] = state;
  }

  #visit(state: State<Id>): void {
    const soleEnd = state.soleEnd;
    if (soleEnd !== undefined) this.#reach(soleEnd);
    else {
      const ends = state.ends;
      for (let i = 0; i < ends.length; i++) this.#reach(ends[i] as BranchEntry<Id>);
    }
    const fields = state.fieldList;
    const event = this.#event;
    for (let f = 0; f < fields.length; f++) {
      const field = fields[f] as FieldTransitions<Id>;
      const index = field.index;
      // No index yet: a rule added by the onEvaluate hook during this match, matched from the next event on.
      if (index === undefined) continue;
      const count = event.count(field.slot);
      if (count === 0) {
        for (const next of index.absent) this.#enterState(next);
        continue;
      }
      // A value inside an array of objects may be inconsistent with the values chosen for the other fields, and then
      // `exists: false` can still hold: the branch goes on, and is checked in full at its end.
      if (index.absent.length > 0 && event.inArrayOfObjects(field.slot)) for (const next of index.absent) this.#enterState(next);
      for (const next of index.present) this.#enterState(next);
      const values = event.valuesAt(field.slot);
      for (let i = 0; i < count; i++) this.#step(index, values[i] as LeafValue);
    }
  }

  /** Follows the transitions one value of the event takes from a state. */
  #step(index: ValueIndex<State<Id>>, value: LeafValue): void {
    if (typeof value === 'string') {
      const strings = index.strings;
      if (strings !== undefined) {
        const states = strings.get(value);
        if (states !== undefined) for (let i = 0; i < states.length; i++) this.#enterState(states[i] as State<Id>);
      }
      const prefixes = index.prefixes;
      if (prefixes !== undefined) {
        const lengths = index.prefixLengths;
        let hash = 0;
        let hashed = 0;
        for (let i = 0; i < lengths.length; i++) {
          const length = lengths[i] as number;
          if (length > value.length) break;
          for (; hashed < length; hashed++) hash = nextPrefixHash(hash, value.charCodeAt(hashed));
          const found = prefixes.get(hash);
          if (found === undefined) continue;
          for (let j = 0; j < found.length; j++) {
            const target = found[j] as Target<State<Id>>;
            if (value.startsWith(target.prefix) && (target.test === undefined || target.test(value))) this.#enterState(target.state);
          }
        }
      }
    } else if (typeof value === 'number') {
      const numbers = index.numbers;
      if (numbers !== undefined) {
        const states = numbers.get(value);
        if (states !== undefined) for (let i = 0; i < states.length; i++) this.#enterState(states[i] as State<Id>);
      }
      index.ranges?.forEachContaining(value, this.#enter);
    } else if (index.literals !== undefined) {
      const states = index.literals.get(value);
      if (states !== undefined) for (let i = 0; i < states.length; i++) this.#enterState(states[i] as State<Id>);
    }
    const tests = index.tests;
    for (let i = 0; i < tests.length; i++) {
      const { state, test } = tests[i] as TestTarget<State<Id>>;
      if (state.visitedIn !== this.#matchCalls && test(value)) this.#enterState(state);
    }
  }

  /** A branch's last field passed: the rule matches, after an array consistency check when arrays are involved. */
  #reach(branch: BranchEntry<Id>): void {
    const entry = branch.entry;
    const call = this.#matchCalls;
    if (entry.matchedIn === call) return;
    if (this.#onEvaluate !== undefined && entry.evaluatedIn !== call) {
      entry.evaluatedIn = call;
      this.#onEvaluate(entry.id);
    }
    const event = this.#event;
    if (event.hasMemberships && event.inArraysOfObjects(branch.slotMask, branch.slots)) {
      if (!matchesBranchFlat(branch.fields, event.asFlatEvent())) return;
    }
    entry.matchedIn = call;
    this.#matched.push(entry);
  }

  #rebuildIndexes(): void {
    for (const field of this.#stale) {
      field.index = buildValueIndex(
        field.path,
        [...field.byKey.values()].map(({ specs, state }) => [specs, state] as const),
      );
    }
    this.#stale.clear();
  }

  /** The state a step leads to from `state`, created when no rule took it before. */
  #transition(state: State<Id>, step: Step): State<Id> {
    const slot = this.#slotOf(step.path);
    let field = state.fields.get(slot);
    if (!field) {
      field = { slot, path: step.path, byKey: new Map(), index: undefined };
      state.fields.set(slot, field);
      // A new array, not a push: a match under way (an add from the onEvaluate hook) iterates the one it read.
      state.fieldList = [...state.fieldList, field];
    }
    const known = field.byKey.get(step.key);
    if (known) return known.state;
    const next = newState(state, slot, step.key);
    field.byKey.set(step.key, { specs: step.specs, state: next });
    this.#stale.add(field);
    return next;
  }

  #slotOf(path: string): number {
    let slot = this.#slots.get(path);
    if (slot === undefined) {
      slot = this.#slots.size;
      this.#slots.set(path, slot);
    }
    return slot;
  }

  /** The paths some rule reads now, each with its slot: the only parts of an event worth flattening. */
  #slotTree(): SlotNode {
    this.#tree ??= slotTree([...this.#slots].filter(([, slot]) => (this.#readers[slot] ?? 0) > 0));
    return this.#tree;
  }
}

const idOf = <Id>(entry: Entry<Id>): Id => entry.id;

function slotMaskOf(slots: readonly number[]): number {
  let mask = 0;
  for (const slot of slots) mask |= slotBit(slot);
  return mask;
}

function newState<Id>(parent: State<Id> | undefined, slot: number, key: string): State<Id> {
  return { parent, slot, key, fields: new Map(), fieldList: NO_FIELDS, ends: NO_ENDS, soleEnd: undefined, visitedIn: 0 };
}

const NO_FIELDS: readonly never[] = [];
const NO_ENDS: readonly never[] = [];

function setEnds<Id>(state: State<Id>, ends: readonly BranchEntry<Id>[]): void {
  state.ends = ends.length > 0 ? ends : NO_ENDS;
  state.soleEnd = ends.length === 1 ? ends[0] : undefined;
}

/** Removes states that no branch ends at or passes through any more, from `state` up towards the start. */
function prune<Id>(state: State<Id>, stale: Set<FieldTransitions<Id>>): void {
  let current = state;
  while (current.parent && current.ends.length === 0 && current.fields.size === 0) {
    const parent: State<Id> = current.parent;
    const field = parent.fields.get(current.slot);
    if (field) {
      field.byKey.delete(current.key);
      stale.add(field);
      if (field.byKey.size === 0) {
        parent.fields.delete(current.slot);
        parent.fieldList = parent.fields.size > 0 ? [...parent.fields.values()] : NO_FIELDS;
        stale.delete(field);
      }
    }
    current = parent;
  }
}

/**
 * The fields of a branch in the machine's order: those pinned to exact values first (they select the fewest rules
 * with one hash probe), then the others, `exists: false` last (it is checked on absence, not through an index); by
 * path within each, so that branches sharing fields share states. Each with the key of its whole value list.
 */
function stepsOf(branch: Branch): Step[] {
  const steps = [...branch].map(([path, specs]) => ({ path, specs, key: valueListKey(specs), rank: rankOf(specs) }));
  steps.sort((a, b) => a.rank - b.rank || (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return steps.map(({ path, specs, key }) => ({ path, specs, key }));
}

function rankOf(specs: readonly MatcherSpec[]): number {
  if (specs.every((spec) => spec.kind === 'exact')) return 0;
  return specs.some((spec) => spec.kind === 'exists' && !spec.value) ? 2 : 1;
}

/**
 * A key naming a value list whatever the order or repetition of its matchers: two rules with the same list on the
 * same field after the same steps share the next state.
 */
function valueListKey(specs: readonly MatcherSpec[]): string {
  return [...new Set(specs.map(specKey))].sort().join('\n');
}

function specKey(spec: MatcherSpec): string {
  switch (spec.kind) {
    case 'numeric': {
      const { lower, lowerInclusive, upper, upperInclusive } = spec.range;
      return `numeric ${lowerInclusive ? '[' : '('}${lower},${upper}${upperInclusive ? ']' : ')'}`;
    }
    case 'ip':
    case 'cidr':
      return `${spec.kind} ${spec.range.bytes} ${spec.range.low} ${spec.range.high}`;
    case 'exact':
      // JSON keeps "1" and 1, and null and "null", apart.
      return `exact ${JSON.stringify(spec.value)}`;
    default:
      // Strings, booleans and finite numbers only: JSON escapes the newline that joins the keys.
      return JSON.stringify(spec);
  }
}

/**
 * Builds a RuleSet from `[id, pattern]` pairs or a record of patterns by name.
 *
 * @example
 * const rules = compileRules({ billing: { source: ['eventful.orders'] } });
 * rules.match(event); // ['billing'] when event.source is 'eventful.orders'
 */
export function compileRules<Id = string>(rules: Iterable<readonly [Id, unknown]> | Record<string, unknown>, options: RuleSetOptions<Id> = {}): RuleSet<Id> {
  const set = new RuleSet<Id>(options);
  const pairs = Symbol.iterator in rules ? (rules as Iterable<readonly [Id, unknown]>) : (Object.entries(rules) as [Id, unknown][]);
  for (const [id, pattern] of pairs) set.add(id, pattern);
  return set;
}
