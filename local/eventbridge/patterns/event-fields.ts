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
}

/** The tree of `paths`, each given its slot: `detail.state` gives `detail` (slot -1) with child `state`. */
export function slotTree(paths: Iterable<readonly [path: string, slot: number]>): SlotNode {
  const root: SlotNode = { path: '', slot: -1, children: new Map(), byName: new Map() };
  for (const [path, slot] of paths) {
    let node = root;
    for (const name of path.split('.')) {
      let child = node.children.get(name);
      if (!child) {
        child = { path: node === root ? name : `${node.path}.${name}`, slot: -1, children: new Map(), byName: new Map() };
        node.children.set(name, child);
      }
      node = child;
    }
    node.slot = slot;
  }
  fillByName(root);
  return root;
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
const NO_VALUES: LeafValue[] = [];

/**
 * One event flattened by slot, rewritten in place for each event a RuleSet matches (no map, and no object per leaf,
 * is built per event). The same flattening as flattenEvent: every scalar under its dotted path, arrays adding no
 * segment, field names with dots standing for the nested names they join; plus, per slot, where each value sits in
 * the event's arrays of objects, kept only for slots that have such a value.
 */
export class EventFields {
  /** Values by slot, valid when the slot's stamp is the current fill. */
  readonly #values: LeafValue[][] = [];
  readonly #memberships: (Membership[] | undefined)[] = [];
  readonly #stamps: number[] = [];
  readonly #paths: string[] = [];
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

  /** The values at a slot, or `undefined` when the event has none there. */
  values(slot: number): readonly LeafValue[] | undefined {
    return this.#stamps[slot] === this.#fill ? this.#values[slot] : undefined;
  }

  /** Whether some value at the slot lies inside an array of objects (array consistency may then rule it out). */
  inArrayOfObjects(slot: number): boolean {
    return this.#stamps[slot] === this.#fill && this.#memberships[slot] !== undefined;
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
    for (let slot = 0; slot < this.#stamps.length; slot++) {
      if (this.#stamps[slot] !== this.#fill) continue;
      const path = this.#paths[slot] as string;
      const values = this.#values[slot] ?? NO_VALUES;
      const memberships = this.#memberships[slot];
      if (memberships) membershipPaths.add(path);
      fields.set(
        path,
        values.map((value, i) => ({ value, membership: memberships?.[i] ?? NONE })),
      );
    }
    this.#flat = { fields, hasMemberships: membershipPaths.size > 0, membershipPaths };
    return this.#flat;
  }

  #visitObject(object: Record<string, unknown>, node: SlotNode, membership: Membership): void {
    const byName = node.byName;
    // for-in lists inherited enumerable keys too: none for an object made by JSON.parse or a literal (whose prototype
    // is Object.prototype, with no enumerable property), so only other objects have the keys some rule reads checked.
    const prototype: unknown = Object.getPrototypeOf(object);
    const ownOnly = (prototype === Object.prototype || prototype === null) && !this.#prototypeEnumerable;
    for (const key in object) {
      const child = byName.get(key);
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
    if (this.#stamps[slot] !== this.#fill) {
      while (this.#stamps.length <= slot) {
        this.#stamps.push(0);
        this.#values.push(NO_VALUES);
        this.#memberships.push(undefined);
        this.#paths.push('');
      }
      this.#stamps[slot] = this.#fill;
      this.#paths[slot] = node.path;
      // A new array per event and slot: cheaper than emptying the last one (setting an array's length is a call
      // into the runtime), and nothing handed out earlier is overwritten.
      this.#values[slot] = [value];
      if (membership.length === 0) this.#memberships[slot] = undefined;
      else {
        this.#memberships[slot] = [membership];
        this.hasMemberships = true;
        this.#membershipMask |= slotBit(slot);
      }
      return;
    }
    const values = this.#values[slot] as LeafValue[];
    values.push(value);
    let memberships = this.#memberships[slot];
    if (membership.length > 0 && memberships === undefined) {
      memberships = new Array<Membership>(values.length - 1).fill(NONE);
      this.#memberships[slot] = memberships;
      this.hasMemberships = true;
      this.#membershipMask |= slotBit(slot);
    }
    memberships?.push(membership);
  }
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
