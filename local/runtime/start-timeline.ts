import type { EngineName } from '../engines/index.ts';

/** One phase of a start, in milliseconds since the process started (`performance.now()`). */
export interface StartPhase {
  readonly name: string;
  readonly startMs: number;
  readonly endMs: number;
  /** What the phase did or found, e.g. `reused` or each engine's own time. */
  readonly detail?: string;
}

/**
 * Where the seconds of a start go: each phase with when it began and ended since the process started, so phases
 * that overlap (the engines start while the app is synthesized) show as such. `start` prints {@link describe}
 * before its ready line.
 *
 * @example
 * const timeline = new StartTimeline();
 * const outcome = await timeline.time('synthesis', () => synthesize(outdir), (outcome) => outcome);
 * timeline.describe(); // "start-up: synthesis 0.3–0.4 s (reused)"
 */
export class StartTimeline {
  readonly #phases: StartPhase[] = [];

  /** Runs `work` as the phase `name`; `detail` describes its result. A phase that fails is not recorded. */
  async time<T>(name: string, work: () => Promise<T>, detail?: (result: T) => string | undefined): Promise<T> {
    const startMs = performance.now();
    const result = await work();
    this.add(name, startMs, performance.now(), detail?.(result));
    return result;
  }

  add(name: string, startMs: number, endMs: number, detail?: string): void {
    this.#phases.push({ name, startMs, endMs, ...(detail ? { detail } : {}) });
  }

  get phases(): readonly StartPhase[] {
    return [...this.#phases].sort((a, b) => a.startMs - b.startMs);
  }

  /** One line: `start-up: <phase> <from>–<to> s (<detail>), …` in the order the phases began. */
  describe(): string {
    const seconds = (ms: number) => (ms / 1000).toFixed(1);
    const phases = this.phases.map(({ name, startMs, endMs, detail }) => `${name} ${seconds(startMs)}–${seconds(endMs)} s${detail ? ` (${detail})` : ''}`);
    return `start-up: ${phases.join(', ')}`;
  }
}

/** Each engine's own start: `DynamoDB Local 2.1 s, kinesalite 0.1 s, fauxqs 0.2 s`. */
export function describeEngineTimes(readyInMs: Record<EngineName, number>): string {
  const names: Record<EngineName, string> = { dynamodb: 'DynamoDB Local', kinesis: 'kinesalite', 'sqs-s3': 'fauxqs' };
  return (Object.keys(names) as EngineName[]).map((engine) => `${names[engine]} ${(readyInMs[engine] / 1000).toFixed(1)} s`).join(', ');
}
