/** Something kept in the order it was added: `rank` is its position among those still there. */
export interface Ranked {
  rank: number;
}

/** Up to this many matches are put in order by insertion sort; beyond, by the bit set. */
const INSERTION_SORT_LIMIT = 16;

/**
 * Items in the order they were added, and a way to put the ones an event matched back in that order without comparing
 * them: a bit per rank, set for each match and read back from the lowest rank (at 10,000 rules an event matches about
 * 100, which Array.prototype.sort with a comparison function takes several times longer to order).
 */
export class RankedList<T extends Ranked> {
  readonly #byRank: T[] = [];
  #bits = new Int32Array(1);

  get size(): number {
    return this.#byRank.length;
  }

  /** Appends `item`, ranked after every item there. */
  push(item: T): void {
    item.rank = this.#byRank.length;
    this.#byRank.push(item);
    const words = (this.#byRank.length >>> 5) + 1;
    if (words > this.#bits.length) {
      const grown = new Int32Array(Math.max(words, this.#bits.length * 2));
      grown.set(this.#bits);
      this.#bits = grown;
    }
  }

  /** Removes `item`, moving those after it up one rank (linear: rules change rarely, events are matched often). */
  delete(item: T): void {
    const at = item.rank;
    if (this.#byRank[at] !== item) return;
    this.#byRank.splice(at, 1);
    for (let i = at; i < this.#byRank.length; i++) (this.#byRank[i] as T).rank = i;
  }

  /** `matched` (each item at most once) in rank order, mapped with `pick`. Reorders `matched` in place. */
  inOrder<R>(matched: T[], pick: (item: T) => R): R[] {
    const count = matched.length;
    const out = new Array<R>(count);
    if (count <= INSERTION_SORT_LIMIT) {
      for (let i = 1; i < count; i++) {
        const item = matched[i] as T;
        let j = i - 1;
        while (j >= 0 && (matched[j] as T).rank > item.rank) {
          matched[j + 1] = matched[j] as T;
          j--;
        }
        matched[j + 1] = item;
      }
      for (let i = 0; i < count; i++) out[i] = pick(matched[i] as T);
      return out;
    }
    const bits = this.#bits;
    let first = bits.length;
    let last = 0;
    for (let i = 0; i < count; i++) {
      const rank = (matched[i] as T).rank;
      const word = rank >>> 5;
      bits[word] = (bits[word] as number) | (1 << (rank & 31));
      if (word < first) first = word;
      if (word > last) last = word;
    }
    let n = 0;
    for (let word = first; word <= last; word++) {
      let set = bits[word] as number;
      if (set === 0) continue;
      bits[word] = 0;
      while (set !== 0) {
        const lowest = set & -set;
        out[n++] = pick(this.#byRank[(word << 5) + 31 - Math.clz32(lowest)] as T);
        set ^= lowest;
      }
    }
    return out;
  }
}
