import { ALL_FAULT_KINDS, FAULT_KINDS, type FaultKind } from './catalogue.ts';
import { mulberry32, streamSeed } from './prng.ts';
import { describeChaosSpec, type ChaosSpec } from './spec.ts';

/** One fault injected: its kind and where (the function, bus, queue, table, operation). */
export interface InjectedFault {
  kind: FaultKind;
  where: string;
}

/** What `GET /_eventful/chaos` answers and the stop prints. */
export interface ChaosSummary {
  /** The spec as text: `seed=42,lambda.error=0.05,…`. */
  spec: string;
  seed: number;
  rates: Record<FaultKind, number>;
  /** Whether injection is paused (`pause()`, `POST /_eventful/chaos`): the counts stay, nothing more is injected. */
  paused: boolean;
  /** Faults injected so far, per kind (every kind present, 0 included). */
  injected: Record<FaultKind, number>;
  total: number;
  /** Each kind's AWS source. */
  sources: Record<FaultKind, string>;
}

/**
 * Decides, from a seed, which calls get a fault: one PRNG stream per fault kind, so the decisions of one kind
 * depend only on the seed and how many times that kind was asked. Counts what it injected and tells `onInjected`
 * (the live log marks each one).
 *
 * @example
 * const chaos = new Chaos(parseChaosSpec('seed=42,rate=0.05'), { onInjected: (f) => log.write('chaos', …) });
 * if (chaos.strike('dynamodb.throttle', 'PutItem orders')) return throttled();
 */
export class Chaos {
  readonly #spec: ChaosSpec;
  readonly #streams = new Map<string, () => number>();
  readonly #injected = Object.fromEntries(ALL_FAULT_KINDS.map((kind) => [kind, 0])) as Record<FaultKind, number>;
  readonly #onInjected: (fault: InjectedFault) => void;
  #paused = false;

  constructor(spec: ChaosSpec, options: { onInjected?: (fault: InjectedFault) => void } = {}) {
    this.#spec = spec;
    this.#onInjected = options.onInjected ?? (() => {});
  }

  /**
   * Stops injecting (what was injected stays counted), e.g. to let a system recover and redrive its DLQs after a
   * soak; `resume()` starts again. The PRNG streams do not advance meanwhile.
   */
  pause(): void {
    this.#paused = true;
  }

  resume(): void {
    this.#paused = false;
  }

  get paused(): boolean {
    return this.#paused;
  }

  /** Whether this call of `kind` gets its fault; counted and reported when it does. A kind at rate 0 never draws. */
  strike(kind: FaultKind, where: string): boolean {
    const rate = this.#spec.rates[kind];
    if (rate <= 0 || this.#paused) return false;
    if (this.#stream(kind)() >= rate) return false;
    this.#injected[kind] += 1;
    this.#onInjected({ kind, where });
    return true;
  }

  /**
   * One of several faults that exclude each other (a Lambda invocation errs, times out or crashes): every kind
   * draws (so each stream advances the same whatever the others decide), the first struck is the one injected.
   */
  strikeOne<K extends FaultKind>(kinds: readonly K[], where: string): K | undefined {
    if (this.#paused) return undefined;
    let struck: K | undefined;
    for (const kind of kinds) {
      const rate = this.#spec.rates[kind];
      if (rate <= 0) continue;
      const hit = this.#stream(kind)() < rate;
      if (hit && struck === undefined) struck = kind;
    }
    if (struck !== undefined) {
      this.#injected[struck] += 1;
      this.#onInjected({ kind: struck, where });
    }
    return struck;
  }

  /** A number in [0, 1) from `kind`'s secondary stream (how long before a crash, which entry): no decision shifts. */
  draw(kind: FaultKind): number {
    return this.#stream(`${kind}#detail`)();
  }

  /** Whether any of `kinds` can strike: hooks skip their work (parsing a body) when none can. */
  enabled(...kinds: FaultKind[]): boolean {
    return !this.#paused && kinds.some((kind) => this.#spec.rates[kind] > 0);
  }

  summary(): ChaosSummary {
    const injected = { ...this.#injected };
    return {
      spec: describeChaosSpec(this.#spec),
      seed: this.#spec.seed,
      rates: { ...this.#spec.rates },
      paused: this.#paused,
      injected,
      total: Object.values(injected).reduce((sum, count) => sum + count, 0),
      sources: Object.fromEntries(ALL_FAULT_KINDS.map((kind) => [kind, FAULT_KINDS[kind].source])) as Record<FaultKind, string>,
    };
  }

  #stream(name: string): () => number {
    let stream = this.#streams.get(name);
    if (!stream) {
      stream = mulberry32(streamSeed(this.#spec.seed, name));
      this.#streams.set(name, stream);
    }
    return stream;
  }
}

/** The summary as lines for the terminal: `chaos: 12 faults injected (seed=42,…)` then one line per kind struck. */
export function describeChaosSummary(summary: ChaosSummary): string[] {
  const lines = [`chaos: ${summary.total} fault(s) injected (${summary.spec})`];
  for (const kind of ALL_FAULT_KINDS) {
    if (summary.rates[kind] > 0 || summary.injected[kind] > 0)
      lines.push(`  ${kind.padEnd(22)} ${String(summary.injected[kind]).padStart(6)}  (rate ${summary.rates[kind]})`);
  }
  return lines;
}
