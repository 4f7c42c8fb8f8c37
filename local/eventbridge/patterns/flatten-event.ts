import { isJsonObject } from './json-token.ts';
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
}

const NONE: Membership = [];

/**
 * Flattens an event, keeping only the paths some pattern can use: `prefixes` holds every used path and each of its
 * dot-separated beginnings (`detail`, `detail.state`, ...). Field names are joined with `.` as event-ruler does, so
 * `{"state.status": "x"}` and `{"state": {"status": "x"}}` both yield `state.status` (AWS matches both).
 * Objects and empty arrays yield no leaf: `exists` only sees scalars.
 */
export function flattenEvent(event: Record<string, unknown>, prefixes: ReadonlySet<string>): FlatEvent {
  const fields = new Map<string, Leaf[]>();
  let arrays = 0;
  let hasMemberships = false;

  const add = (path: string, value: LeafValue, membership: Membership): void => {
    if (membership.length > 0) hasMemberships = true;
    const leaves = fields.get(path);
    if (leaves) leaves.push({ value, membership });
    else fields.set(path, [{ value, membership }]);
  };

  const visit = (value: unknown, path: string, membership: Membership): void => {
    if (Array.isArray(value)) {
      const array = arrays++;
      value.forEach((element: unknown, index) => {
        const nested = isJsonObject(element) || Array.isArray(element);
        visit(element, path, nested ? [...membership, array, index] : membership);
      });
    } else if (isJsonObject(value)) {
      for (const key of Object.keys(value)) {
        const child = path === '' ? key : `${path}.${key}`;
        if (prefixes.has(child)) visit(value[key], child, membership);
      }
    } else if (isLeafValue(value)) {
      add(path, value, membership);
    }
  };

  visit(event, '', NONE);
  return { fields, hasMemberships };
}

function isLeafValue(value: unknown): value is LeafValue {
  return value === null || typeof value === 'string' || typeof value === 'boolean' || (typeof value === 'number' && Number.isFinite(value));
}

/** Every dot-separated beginning of each path: `detail.state` gives `detail` and `detail.state`. */
export function pathPrefixes(paths: Iterable<string>): Set<string> {
  const prefixes = new Set<string>();
  for (const path of paths) {
    prefixes.add(path);
    for (let dot = path.indexOf('.'); dot >= 0; dot = path.indexOf('.', dot + 1)) prefixes.add(path.slice(0, dot));
  }
  return prefixes;
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
