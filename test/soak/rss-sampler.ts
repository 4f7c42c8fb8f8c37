import { descendants, rssOf } from './proc.ts';

/** How often RSS is sampled. */
const SAMPLE_EVERY_MS = 1_000;

/** One sample: the soak's process (the runtime, its Lambda worker threads) and every child process (the engines). */
export interface RssSample {
  at: number;
  /** Requests the drivers had sent when sampled. */
  requests: number;
  /** Invocations that had ended when sampled: the work done so far. */
  invocations: number;
  /** Lambda execution environments (worker threads) alive when sampled. */
  environments: number;
  processBytes: number;
  /** Of `processBytes`, the main thread's JS heap (the runtime's own objects). */
  mainHeapBytes: number;
  /** Of `processBytes`, the live environments' own V8 heaps (each worker thread has one), as last measured. */
  environmentHeapBytes: number;
  childrenBytes: number;
  totalBytes: number;
}

interface SampledCounts {
  requests: () => number;
  invocations: () => number;
  environments: () => number;
  environmentHeapBytes: () => Promise<number>;
}

/**
 * Samples the resident memory of this process and its descendants (DynamoDB Local's JVM, the engines) from /proc
 * (Linux). Elsewhere only this process is measured and `childrenBytes` stays 0.
 */
export class RssSampler {
  readonly samples: RssSample[] = [];
  #timer: NodeJS.Timeout | undefined;
  readonly #counts: SampledCounts;
  #environmentHeapBytes = 0;

  constructor(counts: SampledCounts) {
    this.#counts = counts;
  }

  async start(): Promise<void> {
    await this.#measureEnvironmentHeaps();
    this.sample();
    this.#timer = setInterval(() => {
      this.sample();
      void this.#measureEnvironmentHeaps();
    }, SAMPLE_EVERY_MS);
    this.#timer.unref();
  }

  /** Asked of every worker thread, so it answers a moment later: a sample takes the latest answer. */
  async #measureEnvironmentHeaps(): Promise<void> {
    this.#environmentHeapBytes = await this.#counts.environmentHeapBytes();
  }

  stop(): void {
    clearInterval(this.#timer);
    this.sample();
  }

  sample(): RssSample {
    const { rss: processBytes, heapTotal: mainHeapBytes } = process.memoryUsage();
    const childrenBytes = descendants(process.pid).reduce((sum, pid) => sum + rssOf(pid), 0);
    const sample = {
      at: Date.now(),
      requests: this.#counts.requests(),
      invocations: this.#counts.invocations(),
      environments: this.#counts.environments(),
      processBytes,
      mainHeapBytes,
      environmentHeapBytes: this.#environmentHeapBytes,
      childrenBytes,
      totalBytes: processBytes + childrenBytes,
    };
    this.samples.push(sample);
    return sample;
  }

  get peak(): RssSample {
    return this.samples.reduce((max, s) => (s.totalBytes > max.totalBytes ? s : max), this.samples[0] as RssSample);
  }
}
