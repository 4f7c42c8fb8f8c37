import type { LeafValue } from './types.ts';

/**
 * Where a leaf sits in the event's arrays: pairs of (array id, element index), one pair per enclosing array element
 * that is an object or an array. Empty for leaves outside arrays of objects.
 */
export type Membership = readonly number[];

/** One scalar of the event at a dotted path, e.g. `detail.items.sku` = "SKU-1" in item 0 of array 3. */
export interface Leaf {
  readonly value: LeafValue;
  readonly membership: Membership;
}

/** The event as event-ruler sees it: every scalar under its dotted path. Arrays add no path segment. */
export interface FlatEvent {
  readonly fields: ReadonlyMap<string, readonly Leaf[]>;
  /** False when no leaf is inside an array of objects, so array consistency cannot fail. */
  readonly hasMemberships: boolean;
  /** Paths with at least one leaf inside an array of objects: a branch reading none of them needs no consistency check. */
  readonly membershipPaths: ReadonlySet<string>;
}

const NONE: Membership = [];

/**
 * The paths some pattern reads, as a tree of field names: the event is walked along it, so fields no pattern names
 * are never visited and no path string is built per event (each node holds its dotted path).
 */
export interface PathTree {
  readonly path: string;
  readonly children: ReadonlyMap<string, PathTree>;
}

interface MutablePathTree extends PathTree {
  path: string;
  readonly children: Map<string, MutablePathTree>;
}

/**
 * The tree of `paths` (dotted, as patterns are flattened): `detail.state` gives `detail` with child `state`. The node
 * of each given path holds that very string, so that the flattened event's fields are keyed by the same string
 * objects the matchers look up (a string compared with itself is found without comparing characters).
 */
export function pathTree(paths: Iterable<string>): PathTree {
  const root: MutablePathTree = { path: '', children: new Map() };
  for (const path of paths) {
    let node = root;
    for (const name of path.split('.')) {
      let child = node.children.get(name);
      if (!child) {
        child = { path: node === root ? name : `${node.path}.${name}`, children: new Map() };
        node.children.set(name, child);
      }
      node = child;
    }
    node.path = path;
  }
  return root;
}

interface Flattening {
  readonly fields: Map<string, Leaf[]>;
  readonly membershipPaths: Set<string>;
  arrays: number;
}

/**
 * Flattens an event, keeping only the paths of `paths` (see pathTree). Field names are joined with `.` as
 * event-ruler does, so `{"state.status": "x"}` and `{"state": {"status": "x"}}` both yield `state.status` (AWS
 * matches both). Objects and empty arrays yield no leaf: `exists` only sees scalars.
 */
export function flattenEvent(event: Record<string, unknown>, paths: PathTree): FlatEvent {
  const state: Flattening = { fields: new Map(), membershipPaths: new Set(), arrays: 0 };
  visitObject(event, paths, NONE, state);
  return { fields: state.fields, hasMemberships: state.membershipPaths.size > 0, membershipPaths: state.membershipPaths };
}

function visitObject(object: Record<string, unknown>, node: PathTree, membership: Membership, state: Flattening): void {
  for (const key in object) {
    if (!Object.hasOwn(object, key)) continue;
    let child = node.children.get(key);
    // A field name holding dots stands for the nested names it joins (event-ruler flattens both alike).
    if (child === undefined && key.includes('.')) child = descend(node, key);
    if (child !== undefined) visit(object[key], child, membership, state);
  }
}

function descend(node: PathTree, dottedKey: string): PathTree | undefined {
  let current: PathTree | undefined = node;
  for (const name of dottedKey.split('.')) {
    current = current.children.get(name);
    if (current === undefined) return undefined;
  }
  return current;
}

function visit(value: unknown, node: PathTree, membership: Membership, state: Flattening): void {
  if (Array.isArray(value)) {
    const array = state.arrays++;
    for (let index = 0; index < value.length; index++) {
      const element: unknown = value[index];
      const nested = element !== null && typeof element === 'object';
      visit(element, node, nested ? [...membership, array, index] : membership, state);
    }
  } else if (value !== null && typeof value === 'object') {
    visitObject(value as Record<string, unknown>, node, membership, state);
  } else if (isLeafValue(value)) {
    if (membership.length > 0) state.membershipPaths.add(node.path);
    const leaves = state.fields.get(node.path);
    if (leaves) leaves.push({ value, membership });
    else state.fields.set(node.path, [{ value, membership }]);
  }
}

function isLeafValue(value: unknown): value is LeafValue {
  return value === null || typeof value === 'string' || typeof value === 'boolean' || (typeof value === 'number' && Number.isFinite(value));
}

/**
 * Adds a leaf's memberships to those chosen so far, or returns `undefined` when the leaf sits in another element of
 * an array already used: event-ruler's array consistency (README, "JSON Array Matching"), so that
 * `{"employees": {"firstName": ["Anna"], "lastName": ["Jones"]}}` does not match Anna Smith and Peter Jones.
 */
export function mergeMembership(soFar: Membership, leaf: Membership): Membership | undefined {
  if (leaf.length === 0) return soFar;
  if (soFar.length === 0) return leaf;
  let merged: number[] | undefined;
  for (let i = 0; i < leaf.length; i += 2) {
    const array = leaf[i];
    const index = leaf[i + 1];
    let known = false;
    for (let j = 0; j < soFar.length; j += 2) {
      if (soFar[j] === array) {
        if (soFar[j + 1] !== index) return undefined;
        known = true;
        break;
      }
    }
    if (!known) {
      merged ??= [...soFar];
      merged.push(array ?? -1, index ?? -1);
    }
  }
  return merged ?? soFar;
}
