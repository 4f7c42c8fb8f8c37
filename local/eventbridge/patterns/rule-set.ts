import { matchesBranchFlat } from './compile-pattern.ts';
import { compileField, type FieldMatcher } from './field-matcher.ts';
import { type FlatEvent, flattenEvent, type Leaf, type PathTree, pathTree } from './flatten-event.ts';
import { isJsonObject } from './json-token.ts';
import { parsePattern } from './parse-pattern.ts';
import type { Branch, MatcherSpec } from './types.ts';
import { parseWildcard } from './wildcard.ts';

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
  readonly branches: readonly BranchEntry<Id>[];
  /** The last `match` call that evaluated / matched this rule (stamps instead of per-event sets). */
  evaluatedIn: number;
  matchedIn: number;
}

/** One `$or` branch of a rule: a conjunction of field matchers, indexed on its own. */
interface BranchEntry<Id> {
  readonly entry: Entry<Id>;
  readonly fields: readonly FieldMatcher[];
  /** The fields outside the key: all a candidate found by its key still has to pass, when no array is involved. */
  readonly residual: readonly FieldMatcher[];
  readonly key: BranchKey | undefined;
  /** For a branch without key: a field whose every value must start with one of these texts (prefix, wildcard...). */
  readonly prefixKey: PrefixKey | undefined;
  /** The last `match` call that made this branch a candidate, so a branch found under two keys is evaluated once. */
  candidateIn: number;
}

/** Where a branch is filed: its group (the paths it pins to exact strings) and its keys there (one per value combination). */
interface BranchKey {
  /** The paths as JSON: unambiguous whatever characters field names hold. */
  readonly group: string;
  readonly paths: readonly string[];
  readonly keys: readonly string[];
}

interface PrefixKey {
  readonly path: string;
  readonly prefixes: readonly string[];
}

/** Branches filed by the texts one field's values must start with, and the lengths of those texts. */
interface PrefixIndex<Id> {
  readonly byPrefix: Map<string, BranchEntry<Id>[]>;
  /** How many branches use each prefix length: an event value is probed once per length. */
  readonly lengths: Map<number, number>;
  /** The keys of `lengths`, as an array for the hot loop. */
  lengthList: number[];
}

/** Branches pinning the same paths to exact strings, by the combination of their values at those paths. */
interface Group<Id> {
  readonly paths: readonly string[];
  readonly byKey: Map<string, BranchEntry<Id>[]>;
  readonly branches: BranchEntry<Id>[];
}

/**
 * At most this many paths and value combinations make a branch's key: a pattern listing many values on several
 * fields is filed under its most selective ones only, so adding it stays cheap (the rest is checked on evaluation).
 */
const MAX_KEY_PATHS = 4;
const MAX_KEYS_PER_BRANCH = 64;

/**
 * Joins the values of a key. A path whose values contain it is never part of a key, so keys cannot collide: a
 * candidate found under a key matches every key field.
 */
const KEY_SEPARATOR = '\u0000';

/**
 * Many rules, matched against one event at a time, staying nearly flat as rules grow (compile once, match many, as
 * aws/event-ruler does with one state machine over field names and values).
 *
 * Each `$or` branch of each rule is a conjunction of field matchers. A branch is filed under the paths it pins to exact
 * strings (e.g. `source` + `detail-type`), keyed by the combination of its values there. An event is flattened once,
 * then looks up, in each group of paths, the combination of its own values at those paths: an O(1) probe per group,
 * whatever the number of rules. Only the branches found are evaluated in full (prefix, numeric, wildcard, anything-but,
 * exists, arrays...), plus the few branches pinning no exact string, which every event must try.
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
  readonly #groups = new Map<string, Group<Id>>();
  /** Branches pinning no path to exact strings, by a field's required beginnings (`prefix`, `wildcard` `ab*`...). */
  readonly #prefixIndexes = new Map<string, PrefixIndex<Id>>();
  /** Branches with neither: tried on every event. */
  readonly #unindexed: BranchEntry<Id>[] = [];
  readonly #onEvaluate: ((id: Id) => void) | undefined;
  /** The groups and prefix indexes as arrays, rebuilt after a change: iterated for every event. */
  #groupList: Group<Id>[] | undefined;
  #prefixIndexList: [string, PrefixIndex<Id>][] | undefined;
  #paths: PathTree | undefined;
  readonly #pathStrings = new Map<string, string>();
  #order = 0;
  #matchCalls = 0;

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
    const compiled = parsed.branches.map((branch) => [...branch.keys()].sort().map((path) => compileField(this.#canonicalPath(path), branch.get(path) ?? [])));
    this.remove(id);
    const branches: BranchEntry<Id>[] = [];
    const entry: Entry<Id> = { id, order: this.#order++, branches, evaluatedIn: 0, matchedIn: 0 };
    parsed.branches.forEach((branch, i) => {
      const key = branchKeyOf(branch, (path) => this.#canonicalPath(path));
      const fields = compiled[i] ?? [];
      const residual = fields.filter((field) => !key?.paths.includes(field.path));
      const prefixKey = key ? undefined : prefixKeyOf(branch, (path) => this.#canonicalPath(path));
      branches.push({ entry, fields, residual, key, prefixKey, candidateIn: 0 });
    });
    this.#entries.set(id, entry);
    for (const branch of branches) this.#file(branch);
    this.#paths = undefined;
  }

  /** Removes a rule; returns whether it was there. */
  remove(id: Id): boolean {
    const entry = this.#entries.get(id);
    if (!entry) return false;
    this.#entries.delete(id);
    for (const branch of entry.branches) this.#unfile(branch);
    this.#paths = undefined;
    return true;
  }

  /** Ids of the rules whose pattern matches `event`, in the order the rules were added. */
  match(event: unknown): Id[] {
    if (!isJsonObject(event) || this.#entries.size === 0) return [];
    const flat = flattenEvent(event, this.#allPaths());
    const call = ++this.#matchCalls;
    const matched: Entry<Id>[] = [];
    const consider = (branch: BranchEntry<Id>): void => {
      if (branch.candidateIn === call) return;
      branch.candidateIn = call;
      const entry = branch.entry;
      if (entry.matchedIn === call) return;
      if (entry.evaluatedIn !== call) {
        entry.evaluatedIn = call;
        this.#onEvaluate?.(entry.id);
      }
      if (matchesFound(branch, flat)) {
        entry.matchedIn = call;
        matched.push(entry);
      }
    };
    for (const branch of this.#unindexed) consider(branch);
    this.#groupList ??= [...this.#groups.values()];
    for (const group of this.#groupList) probe(group, flat, consider);
    this.#prefixIndexList ??= [...this.#prefixIndexes];
    for (const [path, index] of this.#prefixIndexList) probePrefixes(index, flat.fields.get(path), consider);
    return inOrderAdded(matched);
  }

  #file(branch: BranchEntry<Id>): void {
    this.#groupList = undefined;
    this.#prefixIndexList = undefined;
    if (branch.prefixKey) {
      const { path, prefixes } = branch.prefixKey;
      let index = this.#prefixIndexes.get(path);
      if (!index) {
        index = { byPrefix: new Map(), lengths: new Map(), lengthList: [] };
        this.#prefixIndexes.set(path, index);
      }
      for (const prefix of prefixes) {
        addTo(index.byPrefix, prefix, branch);
        index.lengths.set(prefix.length, (index.lengths.get(prefix.length) ?? 0) + 1);
      }
      index.lengthList = [...index.lengths.keys()];
      return;
    }
    if (!branch.key) {
      this.#unindexed.push(branch);
      return;
    }
    const { group: name, keys } = branch.key;
    let group = this.#groups.get(name);
    if (!group) {
      group = { paths: branch.key.paths, byKey: new Map(), branches: [] };
      this.#groups.set(name, group);
    }
    group.branches.push(branch);
    for (const key of keys) addTo(group.byKey, key, branch);
  }

  #unfile(branch: BranchEntry<Id>): void {
    this.#groupList = undefined;
    this.#prefixIndexList = undefined;
    if (branch.prefixKey) {
      const { path, prefixes } = branch.prefixKey;
      const index = this.#prefixIndexes.get(path);
      if (!index) return;
      for (const prefix of prefixes) {
        removeFrom(index.byPrefix, prefix, branch);
        const uses = (index.lengths.get(prefix.length) ?? 1) - 1;
        if (uses === 0) index.lengths.delete(prefix.length);
        else index.lengths.set(prefix.length, uses);
      }
      index.lengthList = [...index.lengths.keys()];
      if (index.byPrefix.size === 0) this.#prefixIndexes.delete(path);
      return;
    }
    if (!branch.key) {
      const at = this.#unindexed.indexOf(branch);
      if (at >= 0) this.#unindexed.splice(at, 1);
      return;
    }
    const group = this.#groups.get(branch.key.group);
    if (!group) return;
    const at = group.branches.indexOf(branch);
    if (at >= 0) group.branches.splice(at, 1);
    for (const key of branch.key.keys) removeFrom(group.byKey, key, branch);
    if (group.branches.length === 0) this.#groups.delete(branch.key.group);
  }

  /**
   * One string object per path across all rules: fields, index and flattened events then use the same strings as
   * keys, which hash maps find by identity instead of comparing characters.
   */
  #canonicalPath(path: string): string {
    const known = this.#pathStrings.get(path);
    if (known !== undefined) return known;
    this.#pathStrings.set(path, path);
    return path;
  }

  #allPaths(): PathTree {
    this.#paths ??= pathTree([...this.#entries.values()].flatMap((entry) => entry.branches.flatMap((branch) => branch.fields.map((field) => field.path))));
    return this.#paths;
  }
}

const NO_LEAVES: readonly Leaf[] = [];

function addTo<Id>(buckets: Map<string, BranchEntry<Id>[]>, key: string, branch: BranchEntry<Id>): void {
  const bucket = buckets.get(key);
  if (!bucket) buckets.set(key, [branch]);
  else if (!bucket.includes(branch)) bucket.push(branch);
}

function removeFrom<Id>(buckets: Map<string, BranchEntry<Id>[]>, key: string, branch: BranchEntry<Id>): void {
  const bucket = buckets.get(key);
  const at = bucket?.indexOf(branch) ?? -1;
  if (!bucket || at < 0) return;
  bucket.splice(at, 1);
  if (bucket.length === 0) buckets.delete(key);
}

/** Sorts the matched rules by the order they were added, in place (insertion sort for the usual handful). */
function inOrderAdded<Id>(matched: Entry<Id>[]): Id[] {
  if (matched.length > 16) matched.sort((a, b) => a.order - b.order);
  else
    for (let i = 1; i < matched.length; i++) {
      const entry = matched[i] as Entry<Id>;
      let j = i - 1;
      while (j >= 0 && (matched[j] as Entry<Id>).order > entry.order) {
        matched[j + 1] = matched[j] as Entry<Id>;
        j--;
      }
      matched[j + 1] = entry;
    }
  const ids = new Array<Id>(matched.length);
  for (let i = 0; i < matched.length; i++) ids[i] = (matched[i] as Entry<Id>).id;
  return ids;
}

/**
 * Whether a branch handed over by the index matches. Its key fields are known to match (the index found the event's
 * value among theirs), so only the others are checked; unless one of its fields has leaves inside an array of
 * objects, where the leaves chosen must also be array-consistent and the whole branch is evaluated.
 */
function matchesFound<Id>(branch: BranchEntry<Id>, event: FlatEvent): boolean {
  if (event.hasMemberships) {
    for (const field of branch.fields) if (event.membershipPaths.has(field.path)) return matchesBranchFlat(branch.fields, event);
  }
  return matchesBranchFlat(branch.residual, event);
}

/**
 * Hands `consider` the branches of `group` whose key is one of the event's value combinations at the group's paths.
 * An event whose arrays make more combinations than the group has branches has them all tried instead: never worse
 * than evaluating each branch.
 */
function probe<Id>(group: Group<Id>, event: FlatEvent, consider: (branch: BranchEntry<Id>) => void): void {
  const { paths, byKey } = group;
  if (paths.length === 1) {
    for (const leaf of event.fields.get(paths[0] ?? '') ?? NO_LEAVES) {
      if (typeof leaf.value !== 'string') continue;
      const bucket = byKey.get(leaf.value);
      if (bucket) for (const branch of bucket) consider(branch);
    }
    return;
  }
  let combinations = 1;
  const valuesByPath: (readonly Leaf[])[] = [];
  for (const path of paths) {
    const leaves = event.fields.get(path);
    if (!leaves) return;
    valuesByPath.push(leaves);
    combinations *= leaves.length;
  }
  if (combinations > group.branches.length) {
    for (const branch of group.branches) consider(branch);
    return;
  }
  const visit = (depth: number, key: string): void => {
    const leaves = valuesByPath[depth] ?? NO_LEAVES;
    for (const leaf of leaves) {
      if (typeof leaf.value !== 'string') continue;
      const next = depth === 0 ? leaf.value : `${key}${KEY_SEPARATOR}${leaf.value}`;
      if (depth === valuesByPath.length - 1) {
        const bucket = byKey.get(next);
        if (bucket) for (const branch of bucket) consider(branch);
      } else {
        visit(depth + 1, next);
      }
    }
  };
  visit(0, '');
}

/** Hands `consider` the branches whose required beginning is one of the beginnings of a string the event has there. */
function probePrefixes<Id>(index: PrefixIndex<Id>, leaves: readonly Leaf[] | undefined, consider: (branch: BranchEntry<Id>) => void): void {
  if (leaves === undefined) return;
  for (const leaf of leaves) {
    const value = leaf.value;
    if (typeof value !== 'string') continue;
    for (const length of index.lengthList) {
      if (length > value.length) continue;
      const bucket = index.byPrefix.get(value.slice(0, length));
      if (bucket) for (const branch of bucket) consider(branch);
    }
  }
}

/**
 * For a branch without exact key: a field (the one with the longest shortest beginning) each of whose matchers
 * needs the value to start with a known, non-empty text: an exact string, a case-sensitive `prefix`, or a `wildcard`
 * not starting with `*`. The branch can only match events having a string there that starts with one of them.
 */
function prefixKeyOf(branch: Branch, canonicalPath: (path: string) => string): PrefixKey | undefined {
  let best: PrefixKey | undefined;
  let bestShortest = 0;
  for (const [path, specs] of branch) {
    const prefixes: string[] = [];
    for (const spec of specs) {
      const prefix = requiredBeginning(spec);
      if (prefix === undefined || prefix === '') {
        prefixes.length = 0;
        break;
      }
      prefixes.push(prefix);
    }
    if (prefixes.length === 0) continue;
    const shortest = Math.min(...prefixes.map((prefix) => prefix.length));
    if (shortest > bestShortest) {
      best = { path: canonicalPath(path), prefixes: [...new Set(prefixes)] };
      bestShortest = shortest;
    }
  }
  return best;
}

/** The text a value must start with to pass this matcher, when there is one (IP literals and CIDR have none). */
function requiredBeginning(spec: MatcherSpec): string | undefined {
  switch (spec.kind) {
    case 'exact':
      return typeof spec.value === 'string' ? spec.value : undefined;
    case 'prefix':
      return spec.ignoreCase ? undefined : spec.value;
    case 'wildcard':
      return parseWildcard(spec.value, '').segments[0];
    default:
      return undefined;
  }
}

/**
 * The key of a branch: the paths it matches only against exact strings (so an event lacking all of those strings at
 * such a path cannot match the branch), most selective first (fewest values), within MAX_KEY_PATHS and
 * MAX_KEYS_PER_BRANCH; and every combination of their values. Strings that are IP literals are not exact specs (they
 * also match other spellings of the same address) and so are never part of a key, nor are values holding KEY_SEPARATOR.
 */
function branchKeyOf(branch: Branch, canonicalPath: (path: string) => string): BranchKey | undefined {
  const pinned: [string, string[]][] = [];
  for (const [path, specs] of branch) {
    const keyable = (spec: MatcherSpec) => spec.kind === 'exact' && typeof spec.value === 'string' && !spec.value.includes(KEY_SEPARATOR);
    if (specs.length === 0 || !specs.every(keyable)) continue;
    pinned.push([path, [...new Set(specs.map((spec) => (spec.kind === 'exact' ? String(spec.value) : '')))]]);
  }
  pinned.sort(([pathA, a], [pathB, b]) => a.length - b.length || (pathA < pathB ? -1 : pathA > pathB ? 1 : 0));
  const chosen: [string, string[]][] = [];
  let combinations = 1;
  for (const [path, values] of pinned) {
    if (chosen.length === MAX_KEY_PATHS || combinations * values.length > MAX_KEYS_PER_BRANCH) break;
    chosen.push([path, values]);
    combinations *= values.length;
  }
  if (chosen.length === 0) return undefined;
  chosen.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  let keys: string[] = [''];
  chosen.forEach(([, values], depth) => {
    keys = keys.flatMap((prefix) => values.map((value) => (depth === 0 ? value : `${prefix}${KEY_SEPARATOR}${value}`)));
  });
  const paths = chosen.map(([path]) => canonicalPath(path));
  return { group: JSON.stringify(paths), paths, keys };
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
