import { mulberry32, streamSeed } from '../../local/chaos/index.ts';

/** The soak's choices, from its seed: one stream per driver, so a driver's choices do not depend on another's. */
export class SoakRandom {
  readonly #next: () => number;

  constructor(seed: number, name: string) {
    this.#next = mulberry32(streamSeed(seed, `soak:${name}`));
  }

  /** In [0, 1). */
  next(): number {
    return this.#next();
  }

  /** An integer in [min, max]. */
  int(min: number, max: number): number {
    return min + Math.floor(this.#next() * (max - min + 1));
  }

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.#next() * items.length)] as T;
  }

  /** True with probability `p`. */
  chance(p: number): boolean {
    return this.#next() < p;
  }
}
