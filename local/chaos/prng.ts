/**
 * mulberry32: a small, fast 32-bit PRNG, good enough to decide faults (not for anything secret). The same seed
 * gives the same sequence on every platform.
 */
export function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * A stream's own seed from the run's seed and the stream's name (FNV-1a over the name, mixed with the seed): each
 * fault kind draws from its own stream, so adding a kind, or a kind's rate changing, shifts no other kind's
 * decisions.
 */
export function streamSeed(seed: number, name: string): number {
  let hash = 0x811c9dc5 ^ seed;
  for (let i = 0; i < name.length; i++) hash = Math.imul(hash ^ name.charCodeAt(i), 0x01000193);
  return hash >>> 0;
}
