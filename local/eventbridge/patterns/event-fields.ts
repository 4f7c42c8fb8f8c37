import type { FlatEvent, Leaf, Membership } from './flatten-event.ts';
import type { LeafValue } from './types.ts';

/**
 * A node of the tree of paths a RuleSet's rules read. `slot` numbers the path when some rule reads this very path
 * (-1 for a node that only leads to deeper ones): the event's values are stored by slot, so the hot path of matching
 * indexes an array instead of hashing path strings.
 */
export interface SlotNode {
  readonly path: string;
  slot: number;
  readonly children: Map<string, SlotNode>;
  /**
   * The nodes an event's field name at this node leads to: each child by its name, and each deeper node by the names
   * leading to it joined with dots (event-ruler flattens `{"a.b": 1}` as `{"a": {"b": 1}}`). One lookup per field of
   * the event, instead of a lookup and a search for a dot in every name no rule reads.
   */
  readonly byName: Map<string, SlotNode>;
  /**
   * The names of the last object met at this node, in for-in order, and the node each leads to (`byName`'s answer):
   * objects of one shape list the same names in the same order, so each name is compared by identity with the one
   * at its position instead of hashed and looked up (the event's names are interned strings).
   */
  readonly lastNames: string[];
  readonly lastChildren: (SlotNode | undefined)[];
}

/** The tree of `paths`, each given its slot: `detail.state` gives `detail` (slot -1) with child `state`. */
export function slotTree(paths: Iterable<readonly [path: string, slot: number]>): SlotNode {
  const root = newNode('');
  for (const [path, slot] of paths) {
    let node = root;
    for (const name of path.split('.')) {
      let child = node.children.get(name);
      if (!child) {
        child = newNode(node === root ? name : `${node.path}.${name}`);
        node.children.set(name, child);
      }
      node = child;
    }
    node.slot = slot;
  }
  fillByName(root);
  return root;
}

function newNode(path: string): SlotNode {
  return { path, slot: -1, children: new Map(), byName: new Map(), lastNames: [], lastChildren: [] };
}

function fillByName(node: SlotNode): void {
  const add = (from: SlotNode, name: string): void => {
    for (const [childName, child] of from.children) {
      const joined = name === '' ? childName : `${name}.${childName}`;
      node.byName.set(joined, child);
      add(child, joined);
    }
  };
  add(node, '');
  for (const child of node.children.values()) fillByName(child);
}

const NONE: Membership = [];

/**
 * A slot's bit in a mask of slots: slots 0 to 30 each have their own, all later ones share bit 31 (a mask with it set
 * is checked slot by slot).
 */
export function slotBit(slot: number): number {
  return slot < 31 ? 1 << slot : OVERFLOW_BIT;
}

const OVERFLOW_BIT = 1 << 31;

/**
 * One event flattened by slot, rewritten in place for each event a RuleSet matches: nothing is allocated per event
 * but the memberships of elements of arrays of objects (each slot keeps its arrays of values and memberships, and
 * the count this event filled). The same flattening as flattenEvent: every scalar under its dotted path, arrays adding
 * no segment, field names with dots standing for the nested names they join; plus, per slot, where each value sits in
 * the event's arrays of objects, kept only for slots that have such a value.
 */
export class EventFields {
  /** What the event holds at each slot, one object per slot reused for every event. */
  readonly #bySlot: SlotValues[] = [];
  #fill = 0;
  #arrays = 0;
  /** Whether some value of this event lies inside an array of objects. */
  hasMemberships = false;
  /** The bits (slotBit) of the slots holding a value inside an array of objects. */
  #membershipMask = 0;
  #flat: FlatEvent | undefined;
  /** Whether Object.prototype has gained an enumerable property (for-in would list it for every plain object). */
  #prototypeEnumerable = false;

  /** Flattens `event` along `tree`, replacing the previous event. */
  fill(event: Record<string, unknown>, tree: SlotNode): void {
    this.#fill++;
    this.#prototypeEnumerable = hasEnumerableInherited();
    this.#arrays = 0;
    this.hasMemberships = false;
    this.#membershipMask = 0;
    this.#flat = undefined;
    this.#visitObject(event, tree, NONE);
  }

  /** How many values the event has at a slot (0: none). */
  count(slot: number): number {
    const held = this.#bySlot[slot];
    return held !== undefined && held.stamp === this.#fill ? held.count : 0;
  }

  /** The values at a slot: only the first `count(slot)` are this event's (the array is reused for the next one). */
  valuesAt(slot: number): readonly LeafValue[] {
    return (this.#bySlot[slot] as SlotValues).values;
  }

  /** Whether some value at the slot lies inside an array of objects (array consistency may then rule it out). */
  inArrayOfObjects(slot: number): boolean {
    const held = this.#bySlot[slot];
    return held !== undefined && held.stamp === this.#fill && held.nested;
  }

  /**
   * Whether one of `slots` (whose bits are `mask`) holds a value inside an array of objects: one AND for the slots
   * below 31, the slots themselves beyond.
   */
  inArraysOfObjects(mask: number, slots: readonly number[]): boolean {
    const common = mask & this.#membershipMask;
    if (common === 0) return false;
    if ((common & OVERFLOW_BIT) === 0) return true;
    for (const slot of slots) if (this.inArrayOfObjects(slot)) return true;
    return false;
  }

  /** The event as flattenEvent gives it, built once per event on demand: for checking array consistency. */
  asFlatEvent(): FlatEvent {
    if (this.#flat) return this.#flat;
    const fields = new Map<string, Leaf[]>();
    const membershipPaths = new Set<string>();
    for (const held of this.#bySlot) {
      if (held.stamp !== this.#fill) continue;
      const { count, path, values } = held;
      const memberships = held.nested ? held.memberships : undefined;
      if (memberships) membershipPaths.add(path);
      const leaves: Leaf[] = [];
      for (let i = 0; i < count; i++) leaves.push({ value: values[i] as LeafValue, membership: memberships?.[i] ?? NONE });
      fields.set(path, leaves);
    }
    this.#flat = { fields, hasMemberships: membershipPaths.size > 0, membershipPaths };
    return this.#flat;
  }

  #visitObject(object: Record<string, unknown>, node: SlotNode, membership: Membership): void {
    const byName = node.byName;
    const lastNames = node.lastNames;
    const lastChildren = node.lastChildren;
    let position = 0;
    // for-in lists inherited enumerable keys too: none for an object made by JSON.parse or a literal (whose prototype
    // is Object.prototype, with no enumerable property), so only other objects have the keys some rule reads checked.
    const prototype: unknown = Object.getPrototypeOf(object);
    const ownOnly = (prototype === Object.prototype || prototype === null) && !this.#prototypeEnumerable;
    for (const key in object) {
      let child: SlotNode | undefined;
      if (position < lastNames.length && lastNames[position] === key) child = lastChildren[position];
      else {
        child = byName.get(key);
        lastNames[position] = key;
        lastChildren[position] = child;
      }
      position++;
      if (child !== undefined && (ownOnly || Object.hasOwn(object, key))) this.#visit(object[key], child, membership);
    }
  }

  #visit(value: unknown, node: SlotNode, membership: Membership): void {
    if (Array.isArray(value)) {
      const array = this.#arrays++;
      for (let index = 0; index < value.length; index++) {
        const element: unknown = value[index];
        const nested = element !== null && typeof element === 'object';
        this.#visit(element, node, nested ? withElement(membership, array, index) : membership);
      }
    } else if (value !== null && typeof value === 'object') {
      this.#visitObject(value as Record<string, unknown>, node, membership);
    } else if (node.slot >= 0 && isLeafValue(value)) {
      this.#add(node, value, membership);
    }
  }

  #add(node: SlotNode, value: LeafValue, membership: Membership): void {
    const slot = node.slot;
    while (this.#bySlot.length <= slot) this.#bySlot.push({ stamp: 0, count: 0, nested: false, path: '', values: [], memberships: [] });
    const held = this.#bySlot[slot] as SlotValues;
    if (held.stamp !== this.#fill) {
      held.stamp = this.#fill;
      held.count = 0;
      held.nested = false;
      held.path = node.path;
    }
    const count = held.count;
    // Written by index, never emptied: setting an array's length is a call into the runtime; past the count, old
    // values are ignored.
    setAt(held.values, count, value);
    held.count = count + 1;
    if (membership.length === 0 && !held.nested) return;
    if (!held.nested) {
      // The first value inside an array of objects at this slot: the values before it sit in none.
      held.nested = true;
      this.hasMemberships = true;
      this.#membershipMask |= slotBit(slot);
      for (let i = 0; i < count; i++) setAt(held.memberships, i, NONE);
    }
    setAt(held.memberships, count, membership);
  }
}

/** What one event holds at one slot: valid while `stamp` is the current fill. */
interface SlotValues {
  stamp: number;
  /** How many of `values` (and, when `nested`, of `memberships`) are this event's. */
  count: number;
  /** Whether some value lies inside an array of objects: then `memberships` holds each value's. */
  nested: boolean;
  path: string;
  readonly values: LeafValue[];
  readonly memberships: Membership[];
}

/** Writes `item` at `index` of a reused array, growing it by one when `index` is its length. */
function setAt<T>(array: T[], index: number, item: T): void {
  if (index < array.length) array[index] = item;
  else array.push(item);
}

/** The membership of an element of an array: its enclosing arrays' pairs, then (array, index). */
function withElement(membership: Membership, array: number, index: number): Membership {
  if (membership.length === 0) return [array, index];
  const longer = membership.slice();
  longer.push(array, index);
  return longer;
}

/** Whether a plain object inherits an enumerable property (someone added one to Object.prototype). */
function hasEnumerableInherited(): boolean {
  for (const _ in EMPTY) return true;
  return false;
}

const EMPTY = {};

function isLeafValue(value: unknown): value is LeafValue {
  return value === null || typeof value === 'string' || typeof value === 'boolean' || (typeof value === 'number' && Number.isFinite(value));
}
