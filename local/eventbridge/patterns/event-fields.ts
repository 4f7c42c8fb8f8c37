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
}

/** The tree of `paths`, each given its slot: `detail.state` gives `detail` (slot -1) with child `state`. */
export function slotTree(paths: Iterable<readonly [path: string, slot: number]>): SlotNode {
  const root: SlotNode = { path: '', slot: -1, children: new Map() };
  for (const [path, slot] of paths) {
    let node = root;
    for (const name of path.split('.')) {
      let child = node.children.get(name);
      if (!child) {
        child = { path: node === root ? name : `${node.path}.${name}`, slot: -1, children: new Map() };
        node.children.set(name, child);
      }
      node = child;
    }
    node.slot = slot;
  }
  return root;
}

const NONE: Membership = [];
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
  #flat: FlatEvent | undefined;

  /** Flattens `event` along `tree`, replacing the previous event. */
  fill(event: Record<string, unknown>, tree: SlotNode): void {
    this.#fill++;
    this.#arrays = 0;
    this.hasMemberships = false;
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
    const children = node.children;
    // for-in without a hasOwn check per key (which costs more than the rest of the walk): only the few keys some
    // rule reads are checked to be the object's own, not inherited.
    for (const key in object) {
      let child = children.get(key);
      // A field name holding dots stands for the nested names it joins (event-ruler flattens both alike).
      if (child === undefined && key.includes('.')) child = descend(node, key);
      if (child !== undefined && Object.hasOwn(object, key)) this.#visit(object[key], child, membership);
    }
  }

  #visit(value: unknown, node: SlotNode, membership: Membership): void {
    if (Array.isArray(value)) {
      const array = this.#arrays++;
      for (let index = 0; index < value.length; index++) {
        const element: unknown = value[index];
        const nested = element !== null && typeof element === 'object';
        this.#visit(element, node, nested ? [...membership, array, index] : membership);
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
    }
    memberships?.push(membership);
  }
}

function descend(node: SlotNode, dottedKey: string): SlotNode | undefined {
  let current: SlotNode | undefined = node;
  for (const name of dottedKey.split('.')) {
    current = current.children.get(name);
    if (current === undefined) return undefined;
  }
  return current;
}

function isLeafValue(value: unknown): value is LeafValue {
  return value === null || typeof value === 'string' || typeof value === 'boolean' || (typeof value === 'number' && Number.isFinite(value));
}
