import { latin1 } from './scan-activity-json.ts';

/*
 * One string per distinct run of bytes: a batch of 10,000 records names a few hundred skus and a few dozen requests,
 * and making a fresh string of each record's sku and request id (and V8 hashing each one again to look it up in a
 * Map) was a third of the aggregator's time. The bytes are hashed here instead, and the string made once and
 * reused: the Map lookups that follow find it by its cached hash and by identity.
 * Open addressing with linear probing, the capacity a power of two kept under half full.
 */

// As int32, as the hashes are kept (an Int32Array).
const FNV_OFFSET = 0x811c9dc5 | 0;
const FNV_PRIME = 0x01000193;

export class InternedStrings {
  #hashes = new Int32Array(64);
  #strings: (string | undefined)[] = new Array(64).fill(undefined);
  #size = 0;

  /** How many distinct strings were made. */
  get size(): number {
    return this.#size;
  }

  /** The string of the bytes from `start` to `end`, a byte a character (latin1): the same string for the same bytes. */
  intern(bytes: Buffer, start: number, end: number): string {
    let hash = FNV_OFFSET;
    for (let i = start; i < end; i++) hash = Math.imul(hash ^ (bytes[i] as number), FNV_PRIME);
    const mask = this.#hashes.length - 1;
    for (let slot = hash & mask; ; slot = (slot + 1) & mask) {
      const string = this.#strings[slot];
      if (string === undefined) return this.#add(slot, hash, latin1(bytes, start, end));
      if (this.#hashes[slot] === hash && spells(string, bytes, start, end)) return string;
    }
  }

  #add(slot: number, hash: number, string: string): string {
    this.#hashes[slot] = hash;
    this.#strings[slot] = string;
    this.#size += 1;
    if (2 * this.#size > this.#hashes.length) this.#grow();
    return string;
  }

  #grow(): void {
    const hashes = this.#hashes;
    const strings = this.#strings;
    this.#hashes = new Int32Array(2 * hashes.length);
    this.#strings = new Array(2 * strings.length).fill(undefined);
    const mask = this.#hashes.length - 1;
    for (let old = 0; old < strings.length; old++) {
      const string = strings[old];
      if (string === undefined) continue;
      let slot = (hashes[old] as number) & mask;
      while (this.#strings[slot] !== undefined) slot = (slot + 1) & mask;
      this.#hashes[slot] = hashes[old] as number;
      this.#strings[slot] = string;
    }
  }
}

function spells(string: string, bytes: Uint8Array, start: number, end: number): boolean {
  if (string.length !== end - start) return false;
  for (let i = 0; i < string.length; i++) if (string.charCodeAt(i) !== bytes[start + i]) return false;
  return true;
}
